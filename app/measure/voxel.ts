import { magnitude } from '../model/complex.js';
import { componentsPerVoxel, type DType, type TypedArray } from '../model/dtype.js';
import { voxelCount, type Dims } from '../model/volume.js';

/** Typed arrays whose elements are plain numbers (everything but the 64-bit integer arrays). */
export type NumberArray = Exclude<TypedArray, BigInt64Array | BigUint64Array>;

export function isBigIntArray(a: TypedArray): a is BigInt64Array | BigUint64Array {
  return a instanceof BigInt64Array || a instanceof BigUint64Array;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * A 64-bit integer array as 32-bit word views of the same memory, so voxel i is
 * hi[2i + 1] * 2^32 + lo[2i]. That sum of two exact doubles is rounded once, so it equals Number() of
 * the BigInt, at a fraction of the cost of creating BigInts. null on a big-endian host.
 */
export function int64Words(a: BigInt64Array | BigUint64Array): { lo: Uint32Array; hi: Int32Array | Uint32Array } | null {
  if (!LITTLE_ENDIAN) return null;
  const lo = new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
  const hi = a instanceof BigInt64Array ? new Int32Array(a.buffer, a.byteOffset, a.length * 2) : lo;
  return { lo, hi };
}

export { magnitude };

/** Index of voxel (x, y, z, c, t) in canonical order, counted in voxels (not array elements). */
export function voxelIndex(d: Dims, x: number, y: number, z: number, c: number, t: number): number {
  return x + d.x * (y + d.y * (z + d.z * (c + d.c * t)));
}

/** The stored value of voxel number i as a number: complex by magnitude, 64-bit integers via Number(). */
export function valueAt(data: TypedArray, dtype: DType, i: number): number {
  if (componentsPerVoxel(dtype) === 2) {
    const a = data as NumberArray;
    return magnitude(a[2 * i], a[2 * i + 1]);
  }
  return Number(data[i]);
}

/** Throws when (x, y, z, c, t) lies outside the volume: a caller bug, not a data problem. */
export function checkVoxel(d: Dims, v: { x: number; y: number; z: number; c: number; t: number }): void {
  const ok = (n: number, size: number) => Number.isInteger(n) && n >= 0 && n < size;
  if (!(ok(v.x, d.x) && ok(v.y, d.y) && ok(v.z, d.z) && ok(v.c, d.c) && ok(v.t, d.t))) {
    throw new RangeError(`voxel (${v.x}, ${v.y}, ${v.z}, c ${v.c}, t ${v.t}) is outside ${d.x}x${d.y}x${d.z}, ${d.c} channels, ${d.t} times`);
  }
}

/** Throws when the array is too short for the dims (a stale array after a reload, typically). */
export function checkData(data: TypedArray, d: Dims, dtype: DType): void {
  const need = voxelCount(d) * componentsPerVoxel(dtype);
  if (data.length < need) throw new RangeError(`voxel array holds ${data.length} numbers, the volume needs ${need}`);
}
