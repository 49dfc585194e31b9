/**
 * Undo TIFF predictors on a decoded chunk. Horizontal differencing (predictor 2) works on sample values,
 * so the chunk must already be in host (little-endian) order; the floating-point predictor (3) works on
 * bytes that were shuffled most-significant byte first, and produces host order itself.
 */

/** Predictor 2: per row, per sample, cumulative sum of `bytesPerSample`-wide integers (wrapping). */
export function undoHorizontal(buf: Uint8Array, width: number, rows: number, spp: number, bytesPerSample: number): void {
  const rowLen = width * spp; // samples per row
  if (bytesPerSample === 1) {
    for (let r = 0; r < rows; r++) {
      const o = r * rowLen;
      for (let i = o + spp, e = o + rowLen; i < e; i++) buf[i] = (buf[i] + buf[i - spp]) & 0xff;
    }
  } else if (bytesPerSample === 2) {
    const a = new Uint16Array(buf.buffer, buf.byteOffset, rows * rowLen);
    for (let r = 0; r < rows; r++) {
      const o = r * rowLen;
      for (let i = o + spp, e = o + rowLen; i < e; i++) a[i] = (a[i] + a[i - spp]) & 0xffff;
    }
  } else if (bytesPerSample === 4) {
    const a = new Uint32Array(buf.buffer, buf.byteOffset, rows * rowLen);
    for (let r = 0; r < rows; r++) {
      const o = r * rowLen;
      for (let i = o + spp, e = o + rowLen; i < e; i++) a[i] = (a[i] + a[i - spp]) >>> 0;
    }
  } else if (bytesPerSample === 8) {
    // 64-bit add as two 32-bit halves with carry (BigInt would be far slower).
    const a = new Uint32Array(buf.buffer, buf.byteOffset, rows * rowLen * 2);
    for (let r = 0; r < rows; r++) {
      const o = r * rowLen;
      for (let i = o + spp, e = o + rowLen; i < e; i++) {
        const lo = a[2 * i] + a[2 * (i - spp)];
        a[2 * i] = lo >>> 0;
        a[2 * i + 1] = (a[2 * i + 1] + a[2 * (i - spp) + 1] + (lo > 0xffffffff ? 1 : 0)) >>> 0;
      }
    }
  } else {
    throw new Error(`horizontal predictor for ${bytesPerSample * 8}-bit samples is not supported`);
  }
}

/**
 * Predictor 3 (Adobe floating point): per row, undo byte differencing (stride = samples per pixel), then
 * un-shuffle the byte planes (MSB plane first) into little-endian values. Returns a new buffer.
 */
export function undoFloatPredictor(buf: Uint8Array, width: number, rows: number, spp: number, bytesPerSample: number): Uint8Array {
  const wc = width * spp; // values per row
  const rowBytes = wc * bytesPerSample;
  const out = new Uint8Array(rows * rowBytes);
  for (let r = 0; r < rows; r++) {
    const o = r * rowBytes;
    for (let i = o + spp, e = o + rowBytes; i < e; i++) buf[i] = (buf[i] + buf[i - spp]) & 0xff;
    for (let b = 0; b < bytesPerSample; b++) {
      const srcPlane = o + (bytesPerSample - 1 - b) * wc;
      let d = o + b;
      for (let i = 0; i < wc; i++, d += bytesPerSample) out[d] = buf[srcPlane + i];
    }
  }
  return out;
}

/** Reverse byte order of each `bytesPerSample`-wide value in place. */
export function swapBytes(a: Uint8Array, bytesPerSample: number): void {
  const n = a.length - (a.length % bytesPerSample);
  if (bytesPerSample === 2) {
    for (let i = 0; i < n; i += 2) { const t = a[i]; a[i] = a[i + 1]; a[i + 1] = t; }
  } else if (bytesPerSample === 4) {
    for (let i = 0; i < n; i += 4) {
      const t0 = a[i]; const t1 = a[i + 1];
      a[i] = a[i + 3]; a[i + 1] = a[i + 2]; a[i + 2] = t1; a[i + 3] = t0;
    }
  } else if (bytesPerSample === 8) {
    for (let i = 0; i < n; i += 8) {
      for (let j = 0; j < 4; j++) { const t = a[i + j]; a[i + j] = a[i + 7 - j]; a[i + 7 - j] = t; }
    }
  }
}
