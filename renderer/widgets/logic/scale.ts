/**
 * Linear value ↔ pixel mapping for plot axes. Pixels grow rightwards and downwards, so a y axis simply
 * maps its low value to the bottom pixel (p0 > p1); nothing here knows which way an axis points.
 */
export interface LinearScale {
  /** Domain: the values at the two ends. */
  readonly d0: number;
  readonly d1: number;
  /** Range: the pixel positions of those values. */
  readonly p0: number;
  readonly p1: number;
}

export function linearScale(d0: number, d1: number, p0: number, p1: number): LinearScale {
  return { d0, d1, p0, p1 };
}

/** Zero-width domains would divide by zero; they map everything to the middle of the pixel range. */
function domainSpan(s: LinearScale): number {
  return s.d1 - s.d0;
}

export function toPixel(s: LinearScale, value: number): number {
  const span = domainSpan(s);
  if (span === 0) return (s.p0 + s.p1) / 2;
  return s.p0 + ((value - s.d0) / span) * (s.p1 - s.p0);
}

export function toValue(s: LinearScale, pixel: number): number {
  const px = s.p1 - s.p0;
  if (px === 0) return s.d0;
  return s.d0 + ((pixel - s.p0) / px) * domainSpan(s);
}

/** How much value one pixel is worth (its sign follows the axis direction). */
export function valuePerPixel(s: LinearScale): number {
  const px = s.p1 - s.p0;
  return px === 0 ? 0 : domainSpan(s) / px;
}

/** A rectangle in CSS pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Margins {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The plotting area inside a canvas of the given size, never negative so tiny canvases still work. */
export function insetRect(width: number, height: number, m: Margins): Rect {
  return { x: m.left, y: m.top, width: Math.max(0, width - m.left - m.right), height: Math.max(0, height - m.top - m.bottom) };
}

/** The x and y scales that map a domain box onto a rectangle (y up). */
export function plotScales(rect: Rect, x: [number, number], y: [number, number]): { x: LinearScale; y: LinearScale } {
  return {
    x: linearScale(x[0], x[1], rect.x, rect.x + rect.width),
    y: linearScale(y[0], y[1], rect.y + rect.height, rect.y),
  };
}
