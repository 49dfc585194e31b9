import type { PlaneSize } from './planes.js';
import { storageAxes, type PlaneDisplay } from './view-frame.js';

/*
 * 2D navigation math for one slice view: the one mapping between screen points and plane points that
 * the drawing, the mouse, the crosshair and the measurement tools all go through.
 *
 * A plane point (col, row) is in the storage plane's own pixel coordinates (planes.ts), continuous,
 * pixel (0, 0) covering [0, 1) x [0, 1). The plane is first turned onto the screen (transposed and/or
 * flipped, view-frame.ts), giving screen-aligned plane coordinates (u, v), then scaled and moved:
 *
 *   sx = offsetX + u * pixel.u * scale,   sy = offsetY + v * pixel.v * scale
 *
 * where pixel.u/v is the physical size of one pixel along the screen's x/y and scale is CSS px per
 * physical unit. Working in physical units keeps anisotropic voxels in their true aspect, and one scale
 * shared by the three orthogonal views keeps them at the same magnification.
 */

export interface ViewTransform { scale: number; offsetX: number; offsetY: number }
export interface PixelSize { x: number; y: number }

/** A storage plane as it lies on screen. */
export interface PlaneOnScreen {
  /** The storage plane's size (width = columns) and the physical size of one of its pixels (x along columns). */
  size: PlaneSize;
  pixel: PixelSize;
  /** Screen x runs along the plane's rows (and screen y along its columns). */
  transpose: boolean;
  /** Screen x (y) runs against the index it shows. */
  flipX: boolean;
  flipY: boolean;
}

/** The plane as the frame shows it (see view-frame.ts); a missing display keeps storage order. */
export function planeOnScreen(size: PlaneSize, pixel: PixelSize, display?: PlaneDisplay): PlaneOnScreen {
  if (!display) return { size, pixel, transpose: false, flipX: false, flipY: false };
  return {
    size, pixel,
    transpose: display.right.voxel !== storageAxes(display.axis).col,
    flipX: !display.right.increasing,
    flipY: !display.down.increasing,
  };
}

/** Size in pixels along the screen's x and y. */
export function screenSize(p: PlaneOnScreen): PlaneSize {
  return p.transpose ? { width: p.size.height, height: p.size.width } : p.size;
}

/** Physical size of a pixel along the screen's x and y. */
export function screenPixel(p: PlaneOnScreen): PixelSize {
  return p.transpose ? { x: p.pixel.y, y: p.pixel.x } : p.pixel;
}

/** Physical width and height of the plane as it lies on screen. */
export function screenExtent(p: PlaneOnScreen): { width: number; height: number } {
  const size = screenSize(p);
  const pixel = screenPixel(p);
  return { width: size.width * pixel.x, height: size.height * pixel.y };
}

/** Plane point → screen-aligned plane point (u, v). */
function turn(p: PlaneOnScreen, col: number, row: number): { u: number; v: number } {
  const s = screenSize(p);
  const a = p.transpose ? row : col;
  const b = p.transpose ? col : row;
  return { u: p.flipX ? s.width - a : a, v: p.flipY ? s.height - b : b };
}

/** Screen-aligned plane point → plane point (the inverse of turn). */
function unturn(p: PlaneOnScreen, u: number, v: number): { col: number; row: number } {
  const s = screenSize(p);
  const a = p.flipX ? s.width - u : u;
  const b = p.flipY ? s.height - v : v;
  return p.transpose ? { col: b, row: a } : { col: a, row: b };
}

/** The whole plane centred in the view, physical aspect kept, filling `margin` of the tighter side. */
export function fitTransform(viewW: number, viewH: number, p: PlaneOnScreen, margin = 0.95): ViewTransform {
  const { width: physW, height: physH } = screenExtent(p);
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
export function screenToPlane(t: ViewTransform, p: PlaneOnScreen, sx: number, sy: number): { col: number; row: number } {
  const px = screenPixel(p);
  return unturn(p, (sx - t.offsetX) / (px.x * t.scale), (sy - t.offsetY) / (px.y * t.scale));
}

/** Continuous plane coords → screen point (pixel i's centre is at col = i + 0.5). */
export function planeToScreen(t: ViewTransform, p: PlaneOnScreen, col: number, row: number): { sx: number; sy: number } {
  const px = screenPixel(p);
  const { u, v } = turn(p, col, row);
  return { sx: t.offsetX + u * px.x * t.scale, sy: t.offsetY + v * px.y * t.scale };
}

/** The plane pixel under a screen point, or null when the point is off the plane. */
export function pixelAt(t: ViewTransform, p: PlaneOnScreen, sx: number, sy: number): { col: number; row: number } | null {
  const q = screenToPlane(t, p, sx, sy);
  const col = Math.floor(q.col);
  const row = Math.floor(q.row);
  return col >= 0 && col < p.size.width && row >= 0 && row < p.size.height ? { col, row } : null;
}

/** An affine plane → screen map [a, b, c, d, e, f] (canvas setTransform order): sx = a col + c row + e, sy = b col + d row + f. */
export type PlaneMatrix = readonly [number, number, number, number, number, number];

/** planeToScreen as a matrix, for drawing the plane's texture. */
export function planeToScreenMatrix(t: ViewTransform, p: PlaneOnScreen): PlaneMatrix {
  const o = planeToScreen(t, p, 0, 0);
  const x = planeToScreen(t, p, 1, 0);
  const y = planeToScreen(t, p, 0, 1);
  return [x.sx - o.sx, x.sy - o.sy, y.sx - o.sx, y.sy - o.sy, o.sx, o.sy];
}

/**
 * Magnification as Fiji states it: screen (CSS) pixels per image pixel, for pixels of the volume's
 * finest voxel size (planes.ts finestSpacing; the views keep the physical aspect, so coarser axes are
 * drawn larger).
 */
export function zoomLevel(t: ViewTransform, finest: number): number {
  return finest * t.scale;
}

/** '100%', '250%', '33%', '6.3%': whole percents from 100% up, two significant digits below. */
export function formatZoom(zoom: number): string {
  if (!(zoom > 0) || !Number.isFinite(zoom)) return '';
  const percent = zoom * 100;
  return `${percent >= 99.5 ? Math.round(percent) : +percent.toPrecision(2)}%`;
}
