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
