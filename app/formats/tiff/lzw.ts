/**
 * TIFF LZW decoder (MSB-first codes, 9-12 bits, "early change" as libtiff writes it).
 * Output is capped at `expected` bytes: a hostile stream cannot grow memory, and a short stream leaves
 * the rest zero (as libtiff and tifffile do).
 */
export function decodeLzw(src: Uint8Array, expected: number): Uint8Array {
  if (src.length >= 2 && src[0] === 0 && (src[1] & 1) === 1) {
    throw new Error('old-style (pre-TIFF 6.0, LSB-first) LZW is not supported');
  }
  const out = new Uint8Array(expected);
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const first = new Uint8Array(4096);
  const length = new Int32Array(4096);
  for (let i = 0; i < 256; i++) { suffix[i] = i; first[i] = i; length[i] = 1; prefix[i] = -1; }
  const nbits = src.length * 8;
  let bitpos = 0;
  let width = 9;
  let next = 258;
  let old = -1;
  let op = 0;
  while (op < expected && bitpos + width <= nbits) {
    const bp = bitpos >>> 3;
    const v = (src[bp] << 16) | ((bp + 1 < src.length ? src[bp + 1] : 0) << 8) | (bp + 2 < src.length ? src[bp + 2] : 0);
    const code = (v >>> (24 - (bitpos & 7) - width)) & ((1 << width) - 1);
    bitpos += width;
    if (code === 257) break;
    if (code === 256) { width = 9; next = 258; old = -1; continue; }
    let cur: number;
    if (old === -1) {
      if (code > 255) throw new Error(`corrupt LZW stream (code ${code} after a clear code)`);
      out[op++] = code;
      old = code;
      continue;
    }
    if (code < next) {
      cur = code;
      if (next < 4096) {
        prefix[next] = old; suffix[next] = first[code]; first[next] = first[old]; length[next] = length[old] + 1;
        next++;
      }
    } else if (code === next && next < 4096) {
      prefix[next] = old; suffix[next] = first[old]; first[next] = first[old]; length[next] = length[old] + 1;
      cur = next;
      next++;
    } else {
      throw new Error(`corrupt LZW stream (code ${code} not yet defined)`);
    }
    // Write the string of `cur` backwards from its end; clip at the output size.
    const len = length[cur];
    let end = op + len;
    let c = cur;
    if (end > expected) {
      for (let k = end; k > expected; k--) c = prefix[c];
      end = expected;
    }
    for (let k = end - 1; k >= op; k--) { out[k] = suffix[c]; c = prefix[c]; }
    op = end;
    old = code;
    if (next >= 2047) width = 12;
    else if (next >= 1023) width = 11;
    else if (next >= 511) width = 10;
  }
  return out;
}
