import type { NumericKind, Numbers } from '../real-values.js';
import { histogramByKernel, rangeKeysByKernel } from './kernel-passes.js';

/*
 * skimage.exposure.histogram(image, nbins=256, source_range='image'), which every histogram threshold
 * starts from: integer images get one bin per integer from their minimum to their maximum; float images
 * get np.histogram's 256 equal bins over [min, max], with numpy's own arithmetic (float32 images bin in
 * float32: see countBins), and the bin centres as skimage computes them (in the image's float type).
 */

export const FLOAT_BINS = 256;
/** One bin per integer: a range wider than this would allocate more than 128 MB of counts. */
export const MAX_INTEGER_BINS = 1 << 24;

export interface Histogram {
  counts: Float64Array;
  /** Bin centres as numbers: integers for integer images, float32 values for float32 images. */
  centers: Float64Array;
}

export interface Range { min: number; max: number; nan: boolean }

export function valueRange(a: Numbers): Range {
  if (a instanceof Float32Array && a.length > 0) return float32Range(a);
  const out = new Float64Array([Infinity, -Infinity, 0]);
  inChunks(a.length, (start, end) => minMax(a, start, end, out));
  return { min: out[0], max: out[1], nan: out[2] !== 0 };
}

/*
 * Float32 min and max on the bits, a quarter faster than on the values: x ^ ((x >> 31) >>> 1) maps
 * float32 bits to int32 in the order of the floats (negative floats have their magnitude bits flipped).
 * NaNs map beyond the infinities, so the extreme keys also say whether there is one.
 */
const orderKey = (bits: number): number => bits ^ ((bits >> 31) >>> 1);
const KEY_PLUS_INF = orderKey(0x7f800000);
const KEY_MINUS_INF = orderKey(0xff800000 | 0);

function float32Range(a: Float32Array): Range {
  const bits = new Int32Array(a.buffer, a.byteOffset, a.length);
  const keys = Int32Array.of(0x7fffffff, -0x80000000);
  if (!rangeKeysByKernel(bits, keys)) inChunks(a.length, (start, end) => minMaxKey(bits, start, end, keys));
  if (keys[0] < KEY_MINUS_INF || keys[1] > KEY_PLUS_INF) {
    // A NaN: the range of the other values, as the float comparisons give it.
    const out = new Float64Array([Infinity, -Infinity, 0]);
    inChunks(a.length, (start, end) => minMax(a, start, end, out));
    return { min: out[0], max: out[1], nan: true };
  }
  const value = (key: number): number => new Float32Array(Int32Array.of(orderKey(key)).buffer)[0];
  // orderKey is its own inverse; -0 and +0 are two keys but one value, as for the comparisons.
  return { min: value(keys[0]), max: value(keys[1]), nan: false };
}

export function minMaxKey(bits: Int32Array, start: number, end: number, keys: Int32Array): void {
  let min = keys[0];
  let max = keys[1];
  for (let i = start; i < end; i++) {
    const x = bits[i];
    const k = x ^ ((x >> 31) >>> 1);
    if (k < min) min = k;
    if (k > max) max = k;
  }
  keys[0] = min;
  keys[1] = max;
}

/*
 * The passes over every voxel call leaf functions that hold only their loop, chunk by chunk: V8 then
 * optimizes them within the first call and for good. One long loop per call runs its first calls in
 * unoptimized code (boxing every double: hundreds of young-generation collections per 256^3 volume),
 * and each time code around the loop meets its first use.
 */
export const CHUNK = 1 << 16;

export function inChunks(n: number, f: (start: number, end: number) => void): void {
  for (let start = 0; start < n; start += CHUNK) f(start, Math.min(n, start + CHUNK));
}

/** Folds a[start, end) into out = [min, max, 1 if a NaN was seen]. */
function minMax(a: Numbers, start: number, end: number, out: Float64Array): void {
  let min = out[0];
  let max = out[1];
  let nan = out[2];
  for (let i = start; i < end; i++) {
    const v = a[i];
    if (v < min) min = v;
    if (v > max) max = v;
    if (v !== v) nan = 1;
  }
  out[0] = min;
  out[1] = max;
  out[2] = nan;
}

export function histogram(a: Numbers, kind: NumericKind, range: Range, op: string): Histogram {
  if (range.nan || !Number.isFinite(range.min) || !Number.isFinite(range.max)) {
    // As np.histogram: "autodetected range of [nan, nan] is not finite".
    throw new Error(`${op}: the image has NaN or infinite values, which a histogram cannot bin (as scikit-image)`);
  }
  return kind === 'integer' ? integerHistogram(a, range) : floatHistogram(a, kind === 'float32', range);
}

function integerHistogram(a: Numbers, { min, max }: Range): Histogram {
  const bins = max - min + 1;
  if (bins > MAX_INTEGER_BINS) {
    throw new Error(`threshold: values ${min}..${max} need ${bins} histogram bins (one per integer, as scikit-image); at most ${MAX_INTEGER_BINS} are allowed`);
  }
  const counts = new Float64Array(bins);
  inChunks(a.length, (start, end) => countIntegers(a, start, end, min, counts));
  const centers = new Float64Array(bins);
  for (let k = 0; k < bins; k++) centers[k] = min + k;
  return { counts, centers };
}

function floatHistogram(a: Numbers, float32: boolean, range: Range): Histogram {
  const r = float32 ? Math.fround : (x: number) => x;
  // The range; np.histogram widens a range of one value by half a unit each side, in float64 (a
  // float32 scalar minus 0.5 is a float64 in numpy).
  const widen = range.min === range.max ? 0.5 : 0;
  const first = range.min - widen;
  const last = range.max + widen;
  // np.linspace(first, last, 257, dtype): computed in float64, the last edge set to `last`, then cast.
  const edges = new Float64Array(FLOAT_BINS + 1);
  const step = (last - first) / FLOAT_BINS;
  for (let k = 0; k < FLOAT_BINS; k++) edges[k] = r(k * step + first);
  edges[FLOAT_BINS] = r(last);
  const counts = new Float64Array(FLOAT_BINS);
  if (float32 && !wideBins(first, last)) {
    // norm = nbins / (last - first), the difference in the type of the range (float32 unless widened),
    // the quotient in float64; the array arithmetic casts both first and norm to float32.
    const norm = r(FLOAT_BINS / (widen ? last - first : r(last - first)));
    inChunks(a.length, (start, end) => countNarrowFloat32Bins(a, start, end, r(first), norm, edges, counts));
  } else {
    const norm = FLOAT_BINS / (last - first);
    const c4 = new Float64Array(4 * FLOAT_BINS);
    if (!(a instanceof Float32Array && histogramByKernel(a, first, norm, edges, c4))) inChunks(a.length, (start, end) => countBins(a, start, end, first, norm, edges, c4));
    for (let k = 0; k < FLOAT_BINS; k++) counts[k] = c4[k] + c4[k + FLOAT_BINS] + c4[k + 2 * FLOAT_BINS] + c4[k + 3 * FLOAT_BINS];
  }
  const centers = new Float64Array(FLOAT_BINS);
  for (let k = 0; k < FLOAT_BINS; k++) centers[k] = r(r(edges[k] + edges[k + 1]) / 2);
  return { counts, centers };
}

function countIntegers(a: Numbers, start: number, end: number, min: number, counts: Float64Array): void {
  for (let i = start; i < end; i++) counts[a[i] - min]++;
}

/**
 * np.histogram's bin of each voxel: the index from (v - first) * norm, then numpy's corrections, which
 * compare v with the edges and move it one bin down or up.
 *
 * numpy computes the index of a float32 image in float32; where the bins are at least 128 float32 steps
 * wide this computes it in float64, which gives the same bins: the two indexes differ by at most one
 * near a bin edge, and the corrections put both into the bin between the edges. Narrower bins get
 * numpy's float32 arithmetic (countNarrowFloat32Bins): there the edges coincide and the corrections
 * cannot undo a difference, e.g. for a value midway in a range of 94 float32 steps, whose float32 index
 * is 127 and float64 index 128 (test/fixtures/segmentation's f32_steps).
 */
function wideBins(first: number, last: number): boolean {
  return (last - first) / FLOAT_BINS >= Math.max(Math.abs(first), Math.abs(last)) * 2 ** -16;
}

export function countBins(a: Numbers, start: number, end: number, first: number, norm: number, edges: Float64Array, counts: Float64Array): void {
  const n = FLOAT_BINS;
  const binOf = (v: number): number => {
    let k = ((v - first) * norm) | 0;
    if (k === n) k--;
    if (v < edges[k]) k--;
    else if (k !== n - 1 && v >= edges[k + 1]) k++;
    return k;
  };
  let i = start;
  for (; i + 3 < end; i += 4) {
    counts[binOf(a[i])]++;
    counts[n + binOf(a[i + 1])]++;
    counts[2 * n + binOf(a[i + 2])]++;
    counts[3 * n + binOf(a[i + 3])]++;
  }
  for (; i < end; i++) counts[binOf(a[i])]++;
}

function countNarrowFloat32Bins(a: Numbers, start: number, end: number, first: number, norm: number, edges: Float64Array, counts: Float64Array): void {
  const f = Math.fround;
  for (let i = start; i < end; i++) {
    const v = a[i];
    let k = f(f(v - first) * norm) | 0;
    if (k === FLOAT_BINS) k--;
    if (v < edges[k]) k--;
    else if (k !== FLOAT_BINS - 1 && v >= edges[k + 1]) k++;
    counts[k]++;
  }
}
