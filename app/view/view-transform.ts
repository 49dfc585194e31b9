import type { PlaneSize } from './planes.js';

/*
 * 2D navigation math for one slice view. A plane point (col, row) — continuous, pixel (0, 0) covering
 * [0, 1) x [0, 1) — lands on screen (CSS px) at
 *
 *   sx = offsetX + col * pixel.x * scale,   sy = offsetY + row * pixel.y * scale
 *
 * where pixel is the physical size of one plane pixel (planePixelSize) and scale is CSS px per physical
 * unit. Working in physical units keeps anisotropic voxels in their true aspect, and one scale shared by
 * the three orthogonal views keeps them at the same magnification.
 */

export interface ViewTransform { scale: number; offsetX: number; offsetY: number }
export interface PixelSize { x: number; y: number }

/** The whole plane centred in the view, physical aspect kept, filling `margin` of the tighter side. */
export function fitTransform(viewW: number, viewH: number, plane: PlaneSize, pixel: PixelSize, margin = 0.95): ViewTransform {
  const physW = plane.width * pixel.x;
  const physH = plane.height * pixel.y;
  const fit = margin * Math.min(viewW / physW, viewH / physH);
  // An empty plane or view has no meaningful fit; 1 px per unit keeps later maths finite.
  const scale = Number.isFinite(fit) && fit > 0 ? fit : 1;
  return { scale, offsetX: (viewW - physW * scale) / 2, offsetY: (viewH - physH * scale) / 2 };
}

/** Zooms by `factor` about a screen point: the plane point under the cursor stays where it is. */
export function zoomAt(t: ViewTransform, screenX: number, screenY: number, factor: number): ViewTransform {
  return {
    scale: t.scale * factor,
    offsetX: screenX - (screenX - t.offsetX) * factor,
    offsetY: screenY - (screenY - t.offsetY) * factor,
  };
}

/** Moves the plane by (dx, dy) CSS px. */
export function pan(t: ViewTransform, dx: number, dy: number): ViewTransform {
  return { scale: t.scale, offsetX: t.offsetX + dx, offsetY: t.offsetY + dy };
}

/** Screen point → continuous plane coords; Math.floor of them is the pixel under the point. */
export function screenToPlane(t: ViewTransform, pixel: PixelSize, sx: number, sy: number): { col: number; row: number } {
  return { col: (sx - t.offsetX) / (pixel.x * t.scale), row: (sy - t.offsetY) / (pixel.y * t.scale) };
}

/** Continuous plane coords → screen point (pixel i's centre is at col = i + 0.5). */
export function planeToScreen(t: ViewTransform, pixel: PixelSize, col: number, row: number): { sx: number; sy: number } {
  return { sx: t.offsetX + col * pixel.x * t.scale, sy: t.offsetY + row * pixel.y * t.scale };
}

/** The plane pixel under a screen point, or null when the point is off the plane. */
export function pixelAt(t: ViewTransform, pixel: PixelSize, plane: PlaneSize, sx: number, sy: number): { col: number; row: number } | null {
  const p = screenToPlane(t, pixel, sx, sy);
  const col = Math.floor(p.col);
  const row = Math.floor(p.row);
  return col >= 0 && col < plane.width && row >= 0 && row < plane.height ? { col, row } : null;
}
