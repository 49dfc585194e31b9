/**
 * The one place that calls utif: its JPEG decoder (a copy of pdf.js's) on one complete JPEG stream,
 * returning each component's samples at the component's own size. Colour conversion and upsampling are
 * not left to it (it would convert RGB JPEGs as if they were YCbCr and upsample by replication):
 * libjpeg-output.ts does them as libjpeg does.
 */
import UTIF from 'utif';
import type { Plane } from './libjpeg-output.js';

/** Decodes the stream; errors from inside utif come out as one Error with its message. */
export function decodeJpegComponents(stream: Uint8Array): { width: number; height: number; planes: Plane[] } {
  const dec = new UTIF.JpegDecoder();
  try {
    dec.parse(stream);
  } catch (e) {
    // Where pdf.js warns about stray bytes between markers, utif's copy calls a helper it lacks
    // (_util.warn): the ReferenceError means the same thing. A TypeError or RangeError is the decoder
    // tripping over damaged coded data or tables (a Huffman code or table that is not there): its
    // engine text ("Cannot read properties of undefined") would tell the user nothing.
    const why = e instanceof ReferenceError ? 'unexpected bytes where a marker belongs'
      : e instanceof TypeError || e instanceof RangeError ? 'its coded data or tables are damaged'
        : (e as Error).message ?? String(e);
    throw new Error(`corrupt JPEG data (${why})`);
  }
  const { width, height } = dec;
  const planes = dec.b.map((c): Plane => {
    const w = Math.ceil(width * c.U);
    const h = Math.ceil(height * c.V);
    const data = new Uint8Array(w * h);
    const stride = c.c + 1;
    for (let y = 0; y < h; y++) {
      const rowBase = 64 * stride * (y >> 3) + 8 * (y & 7);
      for (let x = 0; x < w; x++) data[y * w + x] = c.R[rowBase + 64 * (x >> 3) + (x & 7)];
    }
    return { data, width: w, height: h };
  });
  return { width, height, planes };
}
