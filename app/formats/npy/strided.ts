/**
 * Byte loops for the .npy decoder (kept beside it rather than shared, so the format folders stay
 * independent): an in-place byte swap and a strided element copy for Fortran-ordered arrays.
 */

/** Reverses each `width`-byte element of `b` in place (width 1 is a no-op). */
export function swapInPlace(b: Uint8Array, width: number): void {
  const n = b.byteLength - (b.byteLength % width);
  if (width === 2) {
    for (let i = 0; i < n; i += 2) {
      const t = b[i]; b[i] = b[i + 1]; b[i + 1] = t;
    }
  } else if (width === 4) {
    for (let i = 0; i < n; i += 4) {
      const a = b[i], c = b[i + 1];
      b[i] = b[i + 3]; b[i + 1] = b[i + 2]; b[i + 2] = c; b[i + 3] = a;
    }
  } else if (width === 8) {
    for (let i = 0; i < n; i += 8) {
      for (let j = 0; j < 4; j++) {
        const t = b[i + j]; b[i + j] = b[i + 7 - j]; b[i + 7 - j] = t;
      }
    }
  } else if (width > 1) {
    throw new Error(`cannot byte-swap ${width}-byte elements`);
  }
}

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
