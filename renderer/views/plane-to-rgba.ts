import { componentsPerVoxel, typedView, type DType } from '../../app/model/dtype.js';

/**
 * Maps one plane of stored values through a linear gray window into RGBA8 (complex: magnitude;
 * NaN: black). Runs on every slice change, so it is one tight loop with no allocation per voxel.
 */
export function planeToRgba(dtype: DType, bytes: Uint8Array, voxels: number, lo: number, hi: number, out: Uint8Array): void {
  const a = typedView(dtype, bytes.buffer, bytes.byteOffset, voxels);
  const k = componentsPerVoxel(dtype);
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  const big = a instanceof BigInt64Array || a instanceof BigUint64Array;
  for (let i = 0, o = 0; i < voxels; i++, o += 4) {
    let v: number;
    if (big) v = Number((a as BigInt64Array)[i]);
    else if (k === 2) v = Math.hypot((a as Float32Array)[2 * i], (a as Float32Array)[2 * i + 1]);
    else v = (a as Float32Array)[i];
    let g = (v - lo) * scale;
    g = g > 255 ? 255 : g > 0 ? g : 0; // NaN falls through to 0
    const b = (g + 0.5) | 0;
    out[o] = b;
    out[o + 1] = b;
    out[o + 2] = b;
    out[o + 3] = 255;
  }
}
