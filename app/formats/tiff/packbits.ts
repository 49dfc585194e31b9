/** PackBits (Apple RLE, TIFF 32773). Output is capped at `expected` bytes; a short stream leaves zeros. */
export function decodePackBits(src: Uint8Array, expected: number): Uint8Array {
  const out = new Uint8Array(expected);
  let ip = 0;
  let op = 0;
  const n = src.length;
  while (ip < n && op < expected) {
    const h = src[ip++];
    if (h < 128) {
      // h+1 literal bytes
      const len = Math.min(h + 1, n - ip, expected - op);
      out.set(src.subarray(ip, ip + len), op);
      ip += h + 1;
      op += len;
    } else if (h > 128) {
      // 257-h copies of the next byte
      if (ip >= n) break;
      const v = src[ip++];
      const len = Math.min(257 - h, expected - op);
      out.fill(v, op, op + len);
      op += len;
    }
    // h === 128: no-op
  }
  return out;
}
