import { componentsPerVoxel, type DType, typedView } from './dtype.js';

/**
 * Averages bin x bin blocks of one plane (sx by sy voxels) into a (floor(sx/bin) by floor(sy/bin)) plane
 * of the same dtype. Integers are rounded to nearest; 64-bit integers take the block's first voxel
 * (averaging them exactly would need BigInt arithmetic per voxel, and such data is rare).
 */
export function binPlane(dtype: DType, src: Uint8Array, sx: number, sy: number, bin: number, dest: Uint8Array): void {
  const ox = Math.max(1, Math.floor(sx / bin));
  const oy = Math.max(1, Math.floor(sy / bin));
  const k = componentsPerVoxel(dtype);
  const s = typedView(dtype, src.buffer, src.byteOffset, sx * sy);
  const d = typedView(dtype, dest.buffer, dest.byteOffset, ox * oy);
  if (s instanceof BigInt64Array || s instanceof BigUint64Array) {
    const dd = d as typeof s;
    for (let y = 0; y < oy; y++) for (let x = 0; x < ox; x++) dd[y * ox + x] = s[y * bin * sx + x * bin];
    return;
  }
  const ss = s as Exclude<typeof s, BigInt64Array | BigUint64Array>;
  const dd = d as typeof ss;
  const round = !(ss instanceof Float32Array || ss instanceof Float64Array);
  const n = bin * bin;
  for (let y = 0; y < oy; y++) {
    for (let x = 0; x < ox; x++) {
      for (let comp = 0; comp < k; comp++) {
        let sum = 0;
        for (let by = 0; by < bin; by++) {
          const row = (y * bin + by) * sx;
          for (let bx = 0; bx < bin; bx++) sum += ss[(row + x * bin + bx) * k + comp];
        }
        dd[(y * ox + x) * k + comp] = round ? Math.round(sum / n) : sum / n;
      }
    }
  }
}
