import { niceTickStep } from '../../../app/lut/ticks.js';
import { toPixel, type LinearScale } from './scale.js';

/** Numbers a series can come as: typed arrays straight from a measurement, or plain arrays. */
export type NumberArray = ArrayLike<number>;

export interface PlotSeries {
  name: string;
  x: NumberArray;
  y: NumberArray;
  /** Any CSS colour. */
  color: string;
}

export interface PlotData {
  series: PlotSeries[];
  xLabel: string;
  yLabel: string;
  /** A vertical line at this x, e.g. the band on screen in a spectrum; null or absent for none. */
  marker?: number | null;
  markerLabel?: string;
}

/** Points per series: x and y may differ in length, only the common prefix is plotted. */
export function pointCount(s: PlotSeries): number {
  return Math.min(s.x.length, s.y.length);
}

export interface Extent {
  min: number;
  max: number;
}

/** The finite x and y extents over all series; null when there is no finite point at all. */
export function dataExtents(data: PlotData): { x: Extent; y: Extent } | null {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const s of data.series) {
    for (let i = 0, n = pointCount(s); i < n; i++) {
      const x = s.x[i], y = s.y[i];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x0 <= x1 ? { x: { min: x0, max: x1 }, y: { min: y0, max: y1 } } : null;
}

/**
 * Widen an extent so that it is never empty and, for y, ends on nice ticks: a flat profile still gets an
 * axis, and bars of the plot do not touch the frame.
 */
export function paddedExtent(e: Extent, snapToTicks: boolean, maxTicks = 6): Extent {
  let { min, max } = e;
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.05;
    min -= pad;
    max += pad;
  }
  if (!snapToTicks) return { min, max };
  const step = niceTickStep(min, max, maxTicks);
  if (!Number.isFinite(step)) return { min, max };
  return { min: Math.floor(min / step + 1e-9) * step, max: Math.ceil(max / step - 1e-9) * step };
}

export interface NearestPoint {
  seriesIndex: number;
  index: number;
  x: number;
  y: number;
  /** Distance from the pointer in pixels. */
  distance: number;
}

/**
 * The data point nearest to a pointer position (in pixels), within maxDistance pixels. Distance is
 * measured in screen space, so a steep and a flat series are treated alike.
 */
export function nearestPoint(data: PlotData, xs: LinearScale, ys: LinearScale, px: number, py: number, maxDistance = Infinity): NearestPoint | null {
  let best: NearestPoint | null = null;
  data.series.forEach((s, seriesIndex) => {
    for (let i = 0, n = pointCount(s); i < n; i++) {
      const x = s.x[i], y = s.y[i];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      const distance = Math.hypot(toPixel(xs, x) - px, toPixel(ys, y) - py);
      if (distance <= maxDistance && (!best || distance < best.distance)) best = { seriesIndex, index: i, x, y, distance };
    }
  });
  return best;
}

/** The next finite point of a series from `index` in direction `dir` (for keyboard stepping), or -1. */
export function stepPoint(s: PlotSeries, index: number, dir: 1 | -1): number {
  const n = pointCount(s);
  for (let i = index + dir; i >= 0 && i < n; i += dir) if (Number.isFinite(s.x[i]) && Number.isFinite(s.y[i])) return i;
  return -1;
}

/** A readout number: six significant digits, no trailing zeros. */
export function formatReadout(v: number): string {
  return Number.isFinite(v) ? String(+v.toPrecision(6)) : String(v);
}
