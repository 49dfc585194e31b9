/**
 * Writing RGBA8 pixels one 32-bit word at a time (4x fewer stores than bytes). Words are little-endian
 * RGBA; on a big-endian host, or an output not aligned to 4 bytes, wordView says no and the caller
 * works on a copy instead.
 */

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The first n pixels of `out` as words sharing its memory, or null when that is not possible. */
export function wordView(out: Uint8Array | Uint8ClampedArray, n: number): Uint32Array | null {
  if (!littleEndian || out.byteOffset % 4 !== 0) return null;
  return new Uint32Array(out.buffer, out.byteOffset, n);
}

/** A 768-byte r,g,b table as 256 RGBA words with the given alpha. */
export function packTable(table: Uint8Array, alpha: number): Uint32Array {
  const words = new Uint32Array(256);
  for (let i = 0; i < 256; i++) words[i] = (table[3 * i] | (table[3 * i + 1] << 8) | (table[3 * i + 2] << 16) | (alpha << 24)) >>> 0;
  return words;
}

/**
 * a + b for each of the four bytes, saturating at 255, in one go: add the low 7 bits of every byte
 * (no carry can cross a byte), restore each byte's top bit by xor, then every byte whose true sum
 * carried out of bit 7 is set to 255.
 */
export function addSaturated(a: number, b: number): number {
  const sum = ((a & 0x7f7f7f7f) + (b & 0x7f7f7f7f)) ^ ((a ^ b) & 0x80808080);
  const carry = (((a & b) | ((a | b) & ~sum)) & 0x80808080) >>> 0;
  return (sum | (carry - (carry >>> 7)) | carry) >>> 0;
}
