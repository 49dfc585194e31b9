import type { FloatArray, TypedArray } from '../model/dtype.js';
import type { ComplexReduce } from '../model/complex.js';
import { int64Words, isBigIntArray, type NumberArray } from '../measure/voxel.js';

/*
 * The inner loops of plane extraction. Each copies voxels into a float array as display numbers
 * (complex through the chosen reduction, 64-bit integers as Number() would give them, read through
 * their 32-bit words since creating a BigInt per voxel is ten times slower). Offsets and strides count
 * voxels. Kept apart from the geometry so the loops stay small enough for the JIT to keep them tight.
 */

/** Copies n consecutive voxels starting at voxel `from` into out[to ...]; `complex` reduces complex voxels. */
export function copyRun(data: TypedArray, complex: ComplexReduce | null, from: number, n: number, out: FloatArray, to: number): void {
  if (complex) {
    const a = data as NumberArray;
    for (let i = 0, s = 2 * from; i < n; i++, s += 2) out[to + i] = complex(a[s], a[s + 1]);
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
  data: TypedArray, complex: ComplexReduce | null, from: number, stride: number, n: number,
  out: FloatArray, to: number, outStride: number,
): void {
  if (complex) {
    const a = data as NumberArray;
    for (let i = 0, s = 2 * from, o = to; i < n; i++, s += 2 * stride, o += outStride) out[o] = complex(a[s], a[s + 1]);
  } else if (isBigIntArray(data)) {
    const w = int64Words(data);
    if (w) for (let i = 0, s = 2 * from, o = to; i < n; i++, s += 2 * stride, o += outStride) out[o] = w.hi[s + 1] * 4294967296 + w.lo[s];
    else for (let i = 0, s = from, o = to; i < n; i++, s += stride, o += outStride) out[o] = Number(data[s]);
  } else {
    const a = data as NumberArray;
    for (let i = 0, s = from, o = to; i < n; i++, s += stride, o += outStride) out[o] = a[s];
  }
}
