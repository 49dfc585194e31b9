import type { TypedArray } from '../model/dtype.js';
import type { VolumeView } from './types.js';

/** How numpy computes on an image of this dtype: in float32, in float64, or on integers. */
export type NumericKind = 'float32' | 'float64' | 'integer';

/** Plain numbers, whatever the stored type (64-bit integers read as the nearest double). */
export type Numbers = Exclude<TypedArray, BigInt64Array | BigUint64Array>;

export function numericKind(v: VolumeView, op: string): NumericKind {
  if (v.dtype === 'complex64' || v.dtype === 'complex128') {
    throw new Error(`${op}: needs real values, not ${v.dtype} (take the magnitude or a part first)`);
  }
  if (v.dtype === 'float32') return 'float32';
  if (v.dtype === 'float64') return 'float64';
  return 'integer';
}

/**
 * The voxels as numbers. 64-bit integers are copied into doubles (exact up to 2^53, as numpy casts them
 * for its float64 arithmetic); every other type is its own view.
 */
export function realValues(v: VolumeView, op: string): Numbers {
  numericKind(v, op);
  const n = v.dims.x * v.dims.y * v.dims.z;
  if (v.data.length < n) throw new Error(`${op}: ${v.data.length} values for ${v.dims.x}x${v.dims.y}x${v.dims.z} voxels`);
  const d = v.data;
  if (d instanceof BigInt64Array || d instanceof BigUint64Array) {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Number(d[i]);
    return out;
  }
  return d.length === n ? d : (d.subarray(0, n) as Numbers);
}
