export { swapInPlace } from '../byte-swap.js';
/**
 * Byte loops for the .npy decoder: a strided element copy for Fortran-ordered arrays (the in-place
 * byte swap is shared: ../byte-swap.ts).
 */

/**
 * Copies `count` elements of `size` bytes: element i goes from src[sStart + i*sStride] to
 * dest[dStart + i*dStride] (all in bytes).
 */
export function copyStrided(src: Uint8Array, sStart: number, sStride: number,
  dest: Uint8Array, dStart: number, dStride: number, count: number, size: number): void {
  if (size === 1) {
    for (let i = 0, s = sStart, d = dStart; i < count; i++, s += sStride, d += dStride) dest[d] = src[s];
  } else if (size === 2) {
    for (let i = 0, s = sStart, d = dStart; i < count; i++, s += sStride, d += dStride) {
      dest[d] = src[s]; dest[d + 1] = src[s + 1];
    }
  } else if (size === 4) {
    for (let i = 0, s = sStart, d = dStart; i < count; i++, s += sStride, d += dStride) {
      dest[d] = src[s]; dest[d + 1] = src[s + 1]; dest[d + 2] = src[s + 2]; dest[d + 3] = src[s + 3];
    }
  } else {
    for (let i = 0, s = sStart, d = dStart; i < count; i++, s += sStride, d += dStride) {
      for (let w = 0; w < size; w++) dest[d + w] = src[s + w];
    }
  }
}
