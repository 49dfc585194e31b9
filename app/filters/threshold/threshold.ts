import { numericKind, realValues, type NumericKind, type Numbers } from '../real-values.js';
import type { VolumeView } from '../types.js';
import { histogram, inChunks, valueRange, type Histogram } from './histogram.js';
import { maskByKernel } from './kernel-passes.js';
import { isodata, otsu, triangle, yen } from './histogram-methods.js';
import { thresholdLi } from './li.js';
import { NumpySum } from './numpy-sum.js';

export const THRESHOLD_METHODS = ['otsu', 'li', 'triangle', 'yen', 'isodata', 'mean'] as const;
export type ThresholdMethod = (typeof THRESHOLD_METHODS)[number];

/**
 * The threshold skimage.filters.threshold_<method>(image) returns (scikit-image 0.19, default
 * arguments), as a number: a bin centre for the histogram methods, in the image's own float type for
 * float32 images. Foreground is `v > threshold`.
 */
export function thresholdValue(view: VolumeView, method: ThresholdMethod): number {
  const op = `threshold ${method}`;
  const kind = numericKind(view, op);
  const a = realValues(view, op);
  if (a.length === 0) throw new Error(`${op}: the image is empty`);
  if (method === 'li') return thresholdLi(a, kind);
  if (method === 'mean') {
    const s = new NumpySum(kind === 'float32');
    for (let i = 0; i < a.length; i++) s.push(a[i]);
    return s.mean();
  }
  const range = valueRange(a);
  // threshold_otsu returns the value of an image that holds only one (before any histogram).
  if (method === 'otsu' && !range.nan && range.min === range.max) return range.min;
  return thresholdFromHistogram(method, histogram(a, kind, range, op), kind);
}

/** A histogram method's threshold from the image's histogram. */
export function thresholdFromHistogram(method: Exclude<ThresholdMethod, 'li' | 'mean'>, h: Histogram, kind: NumericKind): number {
  switch (method) {
    case 'otsu': return otsu(h);
    case 'yen': return yen(h);
    case 'isodata': return isodata(h, kind === 'integer');
    case 'triangle': return triangle(h);
  }
}

/** The 0/1 mask `v > threshold` of planes zRange[0] <= z < zRange[1] (NaN is background). */
export function thresholdMask(view: VolumeView, threshold: number, out: Uint8Array, zRange: readonly [number, number] = [0, view.dims.z]): void {
  const plane = view.dims.x * view.dims.y;
  const a = realValues(view, 'threshold');
  const first = zRange[0] * plane;
  const end = zRange[1] * plane;
  if (a instanceof Float32Array && maskByKernel(a, threshold, out, first, end)) return;
  inChunks(end - first, (start, stop) => above(a, threshold, out, first + start, first + stop));
}

/** `+(v > t)` rather than `v > t ? 1 : 0`: V8 then sets the byte without a branch, 3x faster where voxels straddle the threshold. */
function above(a: Numbers, threshold: number, out: Uint8Array, start: number, end: number): void {
  for (let i = start; i < end; i++) out[i] = +(a[i] > threshold);
}
