import { bytesPerVoxel, componentsPerVoxel, typedView, type DType } from '../model/dtype.js';

export interface BasicStats {
  min: number;
  max: number;
  mean: number;
  /** Voxels that are NaN or infinite (left out of min/max/mean). */
  nonFinite: number;
}

/**
 * Min, max and mean of stored values, skipping NaN/Inf (like numpy's nan-functions). Complex voxels
 * count by magnitude, which is what the viewer shows. Accumulates in float64, in blocks, so the mean of
 * large uint8 volumes does not lose precision.
 */
export function basicStats(dtype: DType, bytes: Uint8Array): BasicStats {
  const k = componentsPerVoxel(dtype);
  const n = bytes.byteLength / bytesPerVoxel(dtype);
  const a = typedView(dtype, bytes.buffer, bytes.byteOffset, n);
  let min = Infinity;
  let max = -Infinity;
  let total = 0;
  let count = 0;
  let nonFinite = 0;
  if (a instanceof BigInt64Array || a instanceof BigUint64Array) {
    for (let i = 0; i < a.length; i++) {
      const v = Number(a[i]);
      if (v < min) min = v;
      if (v > max) max = v;
      total += v;
    }
    count = a.length;
  } else if (k === 2) {
    for (let i = 0; i < a.length; i += 2) {
      const v = Math.hypot(a[i] as number, a[i + 1] as number);
      if (!Number.isFinite(v)) { nonFinite++; continue; }
      if (v < min) min = v;
      if (v > max) max = v;
      total += v;
      count++;
    }
  } else {
    const arr = a as Exclude<typeof a, BigInt64Array | BigUint64Array>;
    const float = arr instanceof Float32Array || arr instanceof Float64Array;
    const BLOCK = 1 << 16;
    for (let start = 0; start < arr.length; start += BLOCK) {
      const end = Math.min(arr.length, start + BLOCK);
      let s = 0;
      for (let i = start; i < end; i++) {
        const v = arr[i];
        if (float && !Number.isFinite(v)) { nonFinite++; continue; }
        if (v < min) min = v;
        if (v > max) max = v;
        s += v;
        count++;
      }
      total += s;
    }
  }
  return count ? { min, max, mean: total / count, nonFinite } : { min: NaN, max: NaN, mean: NaN, nonFinite };
}

/** Count, mean, sample standard deviation (n - 1, like ImageJ; 0 for one value), min and max. */
export interface SampleStats { count: number; mean: number; std: number; min: number; max: number }

/** A running summary for Welford's update: exact for large values with a small spread, where sum-of-squares cancels. */
export interface RunningStats { n: number; mean: number; m2: number; min: number; max: number }

export function runningStats(): RunningStats {
  return { n: 0, mean: 0, m2: 0, min: Infinity, max: -Infinity };
}

/** Adds one value; NaN is left out. */
export function addSample(r: RunningStats, v: number): void {
  if (Number.isNaN(v)) return;
  r.n++;
  const delta = v - r.mean;
  r.mean += delta / r.n;
  r.m2 += delta * (v - r.mean);
  if (v < r.min) r.min = v;
  if (v > r.max) r.max = v;
}

/** The summary; with no value, count 0 and NaN for the rest. */
export function summarize(r: RunningStats): SampleStats {
  if (!r.n) return { count: 0, mean: NaN, std: NaN, min: NaN, max: NaN };
  return { count: r.n, mean: r.mean, std: r.n > 1 ? Math.sqrt(r.m2 / (r.n - 1)) : 0, min: r.min, max: r.max };
}

/** The summary of the non-NaN values of an array. */
export function sampleStats(values: ArrayLike<number>): SampleStats {
  const r = runningStats();
  for (let i = 0; i < values.length; i++) addSample(r, values[i]);
  return summarize(r);
}
