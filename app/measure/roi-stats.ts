import type { FloatArray } from '../model/dtype.js';
import { addSample, runningStats, summarize } from './stats.js';

/*
 * Fiji's Analyze > Measure for a rectangle or an ellipse drawn on one plane.
 *
 * Which pixels count: a pixel is inside when its centre (i + 0.5, j + 0.5) is inside the shape, in
 * plane coordinates where pixel i covers [i, i+1) (screenToPlane's). Rectangles are half-open,
 * [left, right) x [top, bottom), so rectangles sharing an edge never share a pixel; with integer
 * corners that is exactly ImageJ's Roi. Ellipses (inscribed in the corners' box) are closed: centres
 * on the outline count, as in ImageJ's original OvalRoi.getMask. Later ImageJ releases build the oval
 * mask from an integer-vertex polygon (OvalRoi.getPolygon), so on the outline of some ellipses the
 * two masks can differ by a few pixels.
 *
 * Statistics follow ImageJ: NaN pixels are left out of everything including count and area; area =
 * count * pixel width * pixel height; std is the sample standard deviation (n - 1), 0 for one pixel.
 * An ROI with no valid pixel gives count 0 and NaN for the rest.
 */

export type RoiKind = 'rect' | 'ellipse';

export interface PlaneRoi {
  kind: RoiKind;
  /** Opposite corners (of the bounding box for an ellipse), continuous plane coordinates, any order. */
  x0: number; y0: number; x1: number; y1: number;
}

export interface RoiStats { count: number; area: number; mean: number; std: number; min: number; max: number }

/** True when the continuous point (px, py) is inside the ROI, by the rules above. */
export function roiContains(roi: PlaneRoi, px: number, py: number): boolean {
  const left = Math.min(roi.x0, roi.x1), right = Math.max(roi.x0, roi.x1);
  const top = Math.min(roi.y0, roi.y1), bottom = Math.max(roi.y0, roi.y1);
  if (roi.kind === 'rect') return px >= left && px < right && py >= top && py < bottom;
  const a = (right - left) / 2, b = (bottom - top) / 2;
  if (!(a > 0 && b > 0)) return false;
  const u = (px - (left + a)) / a, v = (py - (top + b)) / b;
  return u * u + v * v <= 1;
}

/**
 * Calls visit(index, col, row) for every plane pixel inside the ROI, row by row. Only the bounding
 * box is scanned (clipped to the plane), so small ROIs on large planes cost little.
 */
export function forEachRoiPixel(roi: PlaneRoi, width: number, height: number, visit: (index: number, col: number, row: number) => void): void {
  // Pixels whose centres can fall in [min, max]: i + 0.5 >= min and i + 0.5 <= max.
  const first = (min: number) => Math.max(0, Math.ceil(min - 0.5));
  const last = (max: number, size: number) => Math.min(size - 1, Math.floor(max - 0.5));
  const i0 = first(Math.min(roi.x0, roi.x1)), i1 = last(Math.max(roi.x0, roi.x1), width);
  const j0 = first(Math.min(roi.y0, roi.y1)), j1 = last(Math.max(roi.y0, roi.y1), height);
  for (let j = j0; j <= j1; j++) {
    for (let i = i0; i <= i1; i++) {
      if (roiContains(roi, i + 0.5, j + 0.5)) visit(j * width + i, i, j);
    }
  }
}

/** 1 for pixels inside the ROI, 0 elsewhere, over the whole plane (row-major, width * height). */
export function roiMask(p: { width: number; height: number; roi: PlaneRoi }): Uint8Array {
  const mask = new Uint8Array(p.width * p.height);
  forEachRoiPixel(p.roi, p.width, p.height, (i) => { mask[i] = 1; });
  return mask;
}

export interface RoiStatsParams {
  plane: FloatArray; width: number; height: number;
  roi: PlaneRoi;
  /** Physical size of a plane pixel (planePixelSize). */
  pixel: { x: number; y: number };
}

export function roiStats(p: RoiStatsParams): RoiStats {
  const { plane, width, height } = p;
  if (plane.length < width * height) throw new RangeError(`plane holds ${plane.length} numbers, ${width}x${height} needs ${width * height}`);
  const r = runningStats();
  forEachRoiPixel(p.roi, width, height, (i) => addSample(r, plane[i]));
  const s = summarize(r);
  return { ...s, area: s.count * p.pixel.x * p.pixel.y };
}
