import { bytesPerVoxel, componentsPerVoxel, typedView, type DType, type TypedArray } from '../../../app/model/dtype.js';
import { voxelCount, type Dims } from '../../../app/model/volume.js';

/** value = x + 10y + 100z + 1000c + 10000t: every voxel says where it is. */
export function coordValue(x: number, y: number, z: number, c = 0, t = 0): number {
  return x + 10 * y + 100 * z + 1000 * c + 10000 * t;
}

/**
 * A volume in canonical order holding coordValue at each voxel, in a SharedArrayBuffer like the
 * real store. Complex voxels hold (3v, 4v): their magnitude is exactly 5v.
 */
export function syntheticVolume(d: Dims, dtype: DType, value = coordValue): TypedArray {
  const buf = new SharedArrayBuffer(voxelCount(d) * bytesPerVoxel(dtype));
  const a = typedView(dtype, buf);
  const complex = componentsPerVoxel(dtype) === 2;
  let i = 0;
  for (let t = 0; t < d.t; t++) for (let c = 0; c < d.c; c++) for (let z = 0; z < d.z; z++) {
    for (let y = 0; y < d.y; y++) for (let x = 0; x < d.x; x++, i++) {
      const v = value(x, y, z, c, t);
      if (a instanceof BigInt64Array || a instanceof BigUint64Array) a[i] = BigInt(v);
      else if (complex) { a[2 * i] = 3 * v; a[2 * i + 1] = 4 * v; }
      else a[i] = v;
    }
  }
  return a;
}

export const DIMS_5x4x3: Dims = { x: 5, y: 4, z: 3, c: 2, t: 2 };
