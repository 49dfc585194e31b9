/** Decoded planes are host little-endian: big-endian data is swapped in place, one pass per plane. */

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
