import type { FloatArray } from '../model/dtype.js';

/*
 * Fiji's Analyze > Plot Profile for a straight line on one plane, sampled exactly as ImageJ's
 * ImageProcessor.getLine does with interpolation on (ProfilePlot's default for straight lines):
 *
 *   n = round(length); step = (dx, dy) / n; samples at start + i * step for i = 0..n
 *   (one sample fewer when a horizontal line is exactly as long as the image is wide, or a vertical
 *   one as tall: ImageJ's special case so a full-width line gives one value per column)
 *
 * each by bilinear interpolation (ImageProcessor.getInterpolatedValue): integer coordinates are pixel
 * indices, i.e. pixel i's value sits at x = i. Within one pixel of the last row/column, and in
 * [-1, 0), values come from the clamped edge pixels like ImageJ's getInterpolatedEdgeValue.
 *
 * Coordinates: ImageJ hands its line ROI coordinates (where pixel i covers [i, i+1) on screen) to
 * getLine unchanged, so passing screenToPlane coordinates straight in gives ImageJ's numbers for the
 * same line. To sample at the drawn pixel centres instead, subtract 0.5 from each coordinate.
 *
 * Deliberate differences: samples more than a pixel outside the plane are NaN (ImageJ gives 0, which
 * looks like a measurement); a NaN pixel only spoils samples that give it some weight (ImageJ's
 * 0 * NaN spoils a sample lying exactly on its neighbour); and distances are the exact physical
 * distance of each sample from the start (ImageJ's axis uses one pixel width per sample, or a rounded
 * calibrated length with anisotropic pixels).
 */

export interface LineProfileParams {
  plane: FloatArray; width: number; height: number;
  /** Line ends in plane pixel coordinates (ImageJ convention: pixel i's value at i). */
  x0: number; y0: number; x1: number; y1: number;
  /** Physical size of a plane pixel (planePixelSize). */
  pixel: { x: number; y: number };
}

export interface LineProfile {
  /** Physical distance of each sample from the line's start. */
  distance: Float64Array;
  values: Float64Array;
}

/** ImageJ's getInterpolatedValue (bilinear), with NaN instead of 0 beyond the one-pixel edge band. */
export function interpolatedValue(plane: FloatArray, width: number, height: number, x: number, y: number): number {
  if (x < -1 || x >= width || y < -1 || y >= height) return NaN;
  const edge = x < 0 || x >= width - 1 || y < 0 || y >= height - 1;
  // Java's (int) truncates toward zero: -0.5 → 0, and the negative fraction is then clamped to 0.
  const xb = Math.trunc(x);
  const yb = Math.trunc(y);
  const fx = Math.max(0, x - xb);
  const fy = Math.max(0, y - yb);
  const at = edge
    ? (i: number, j: number) => plane[Math.min(Math.max(j, 0), height - 1) * width + Math.min(Math.max(i, 0), width - 1)]
    : (i: number, j: number) => plane[j * width + i];
  // A neighbour with zero weight is not read: ImageJ's 0 * NaN would turn a sample sitting exactly on
  // a valid pixel into NaN because the next pixel is NaN. Otherwise the arithmetic is ImageJ's.
  const row = (j: number) => {
    const left = at(xb, j);
    return fx === 0 ? left : left + fx * (at(xb + 1, j) - left);
  };
  const lower = row(yb);
  return fy === 0 ? lower : lower + fy * (row(yb + 1) - lower);
}

export function lineProfile(p: LineProfileParams): LineProfile {
  const { plane, width, height, x0, y0, x1, y1, pixel } = p;
  if (plane.length < width * height) throw new RangeError(`plane holds ${plane.length} numbers, ${width}x${height} needs ${width * height}`);
  const dx = x1 - x0;
  const dy = y1 - y0;
  const steps = Math.round(Math.sqrt(dx * dx + dy * dy));
  const xinc = steps > 0 ? dx / steps : 0;
  const yinc = steps > 0 ? dy / steps : 0;
  const n = (xinc === 0 && steps === height) || (yinc === 0 && steps === width) ? steps : steps + 1;
  const physLength = Math.hypot(dx * pixel.x, dy * pixel.y);
  const distance = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Multiplying instead of ImageJ's running sum: the same points without the rounding drift.
    values[i] = interpolatedValue(plane, width, height, x0 + i * xinc, y0 + i * yinc);
    distance[i] = steps > 0 ? (i / steps) * physLength : 0;
  }
  return { distance, values };
}

/**
 * The profile of a line as drawn on a view, where pixel i covers [i, i+1): shifted by half a pixel into
 * lineProfile's coordinates (pixel i's value at i), so it samples what lies under the drawn line.
 */
export function drawnLineProfile(p: Omit<LineProfileParams, 'x0' | 'y0' | 'x1' | 'y1'> & { line: { x0: number; y0: number; x1: number; y1: number } }): LineProfile {
  const { line: l } = p;
  return lineProfile({ plane: p.plane, width: p.width, height: p.height, pixel: p.pixel, x0: l.x0 - 0.5, y0: l.y0 - 0.5, x1: l.x1 - 0.5, y1: l.y1 - 0.5 });
}

/** The profile as CSV: a header `distance_<unit>,value` (unit 'px' when none), then one row per sample. */
export function profileCsv(p: LineProfile, unit: string): string {
  const rows = [`distance_${unit || 'px'},value`];
  for (let i = 0; i < p.values.length; i++) rows.push(`${p.distance[i]},${p.values[i]}`);
  return rows.join('\n') + '\n';
}
