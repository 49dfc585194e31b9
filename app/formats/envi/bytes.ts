/**
 * Tight byte loops for the ENVI decoder. Decoded planes must be host little-endian; swapping is done
 * in place on the finished plane, one pass, rather than per voxel through a DataView.
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
 * Copies `count` elements of `size` bytes from `src` (starting at byte `start`, one every `stride`
 * bytes) to `dest` (contiguous, from byte `destStart`). Uses 16/32-bit word views when both sides are
 * aligned: word copies never touch float NaN payloads (unlike Float64Array element copies).
 */
export function gather(src: Uint8Array, start: number, stride: number, count: number, size: number,
  dest: Uint8Array, destStart: number): void {
  const word = size % 4 === 0 ? 4 : size % 2 === 0 ? 2 : 1;
  const sAbs = src.byteOffset + start;
  const dAbs = dest.byteOffset + destStart;
  if (word > 1 && sAbs % word === 0 && dAbs % word === 0 && stride % word === 0) {
    const k = size / word;
    const sStride = stride / word;
    const sLen = Math.floor((src.byteLength - start) / word);
    const s = word === 4 ? new Uint32Array(src.buffer, sAbs, sLen) : new Uint16Array(src.buffer, sAbs, sLen);
    const d = word === 4 ? new Uint32Array(dest.buffer, dAbs, count * k) : new Uint16Array(dest.buffer, dAbs, count * k);
    if (k === 1) {
      for (let i = 0, j = 0; i < count; i++, j += sStride) d[i] = s[j];
    } else {
      for (let i = 0, j = 0, o = 0; i < count; i++, j += sStride) {
        for (let w = 0; w < k; w++) d[o++] = s[j + w];
      }
    }
    return;
  }
  if (size === 1) {
    for (let i = 0, j = start, o = destStart; i < count; i++, j += stride) dest[o++] = src[j];
    return;
  }
  for (let i = 0, j = start, o = destStart; i < count; i++, j += stride) {
    for (let w = 0; w < size; w++) dest[o++] = src[j + w];
  }
}
