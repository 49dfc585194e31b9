export { swapInPlace } from '../byte-swap.js';
/**
 * Tight byte loops for the ENVI decoder (the in-place byte swap is shared: ../byte-swap.ts).
 */

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
