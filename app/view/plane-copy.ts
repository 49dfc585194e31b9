import type { TypedArray } from '../model/dtype.js';
import { int64Words, isBigIntArray, magnitude, type NumberArray } from '../measure/voxel.js';

/*
 * The inner loops of plane extraction. Each copies voxels into a Float32Array as display numbers
 * (complex by magnitude, 64-bit integers as Number() would give them, read through their 32-bit
 * words since creating a BigInt per voxel is ten times slower). Offsets and strides count voxels.
 * Kept apart from the geometry so the loops stay small enough for the JIT to keep them tight.
 */

/** Copies n consecutive voxels starting at voxel `from` into out[to ...]. */
export function copyRun(data: TypedArray, complex: boolean, from: number, n: number, out: Float32Array, to: number): void {
  if (complex) {
    const a = data as NumberArray;
    for (let i = 0, s = 2 * from; i < n; i++, s += 2) out[to + i] = magnitude(a[s], a[s + 1]);
  } else if (isBigIntArray(data)) {
    const w = int64Words(data);
    if (w) for (let i = 0, s = 2 * from; i < n; i++, s += 2) out[to + i] = w.hi[s + 1] * 4294967296 + w.lo[s];
    else for (let i = 0; i < n; i++) out[to + i] = Number(data[from + i]);
  } else {
    // TypedArray.prototype.set converts element types natively: by far the fastest path.
    out.set((data as NumberArray).subarray(from, from + n), to);
  }
}

/** Copies n voxels at from, from + stride, ... into out[to], out[to + outStride], ... */
export function copyStrided(
  data: TypedArray, complex: boolean, from: number, stride: number, n: number,
  out: Float32Array, to: number, outStride: number,
): void {
  if (complex) {
    const a = data as NumberArray;
    for (let i = 0, s = 2 * from, o = to; i < n; i++, s += 2 * stride, o += outStride) out[o] = magnitude(a[s], a[s + 1]);
  } else if (isBigIntArray(data)) {
    const w = int64Words(data);
    if (w) for (let i = 0, s = 2 * from, o = to; i < n; i++, s += 2 * stride, o += outStride) out[o] = w.hi[s + 1] * 4294967296 + w.lo[s];
    else for (let i = 0, s = from, o = to; i < n; i++, s += stride, o += outStride) out[o] = Number(data[s]);
  } else {
    const a = data as NumberArray;
    for (let i = 0, s = from, o = to; i < n; i++, s += stride, o += outStride) out[o] = a[s];
  }
}
