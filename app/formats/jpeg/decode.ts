/**
 * Decodes one JPEG stream (a TIFF strip or tile) into interleaved 8-bit samples, rows x width x
 * components, as libtiff gives them with JPEGCOLORMODE RGB: YCbCr converted to RGB, anything else as
 * coded. Structure and size are checked first (markers.ts), then utif decodes, then libjpeg's upsampling
 * and colour conversion are applied. utif's IDCT is not libjpeg's: samples can differ from libjpeg's by
 * one (and RGB from YCbCr by a few after conversion); test/unit/tiff measures it.
 */
import { upsample, yccToRgb } from './libjpeg-output.js';
import { scanJpeg } from './markers.js';
import { decodeJpegComponents } from './utif-jpeg.js';

export interface JpegExpectation {
  /** The strip or tile width; the frame must be exactly as wide. */
  width: number;
  /** Rows the frame must have at least (the chunk's rows inside the image) and at most. */
  minRows: number;
  maxRows: number;
  components: number;
  /** PhotometricInterpretation YCbCr: convert to RGB. */
  ycbcr: boolean;
}

/** libjpeg-turbo's own default limit on progressive scans (a defence against decompression bombs). */
const MAX_SCANS = 500;

/**
 * Returns rows x width x components bytes (rows as the frame has them); throws an Error saying what is
 * wrong, never allocating more than the expectation allows.
 */
export function decodeJpeg(tables: Uint8Array | null, data: Uint8Array, want: JpegExpectation): Uint8Array {
  const stream = tables ? mergeTables(tables, data) : data;
  const f = scanJpeg(stream);
  if (f.precision !== 8) throw new Error(`${f.precision}-bit JPEG is not supported (8-bit only)`);
  if (f.components.length !== want.components) {
    throw new Error(`JPEG has ${f.components.length} components, ${want.components} expected`);
  }
  if (f.width !== want.width || f.height < want.minRows || f.height > want.maxRows) {
    const rows = want.minRows === want.maxRows ? `${want.maxRows}` : `${want.minRows} to ${want.maxRows}`;
    throw new Error(`JPEG frame is ${f.width} x ${f.height}, expected ${want.width} x ${rows}`);
  }
  if (f.scans > MAX_SCANS) throw new Error(`JPEG has ${f.scans} scans (at most ${MAX_SCANS} accepted)`);
  const hmax = Math.max(...f.components.map((c) => c.h));
  const vmax = Math.max(...f.components.map((c) => c.v));
  for (const c of f.components) {
    if (hmax % c.h || vmax % c.v) throw new Error(`JPEG sampling factors ${c.h}x${c.v} of ${hmax}x${vmax} are fractional`);
  }
  const dec = decodeJpegComponents(stream);
  if (dec.width !== f.width || dec.height !== f.height || dec.planes.length !== f.components.length) {
    throw new Error('JPEG decoder disagrees with the frame header');
  }
  const W = f.width;
  const H = f.height;
  const full = dec.planes.map((p, i) => upsample(p, hmax / f.components[i].h, vmax / f.components[i].v, W, H));
  const n = full.length;
  const out = new Uint8Array(W * H * n);
  if (want.ycbcr) {
    if (n !== 3) throw new Error(`YCbCr JPEG with ${n} components`);
    yccToRgb(full[0], full[1], full[2], out);
  } else if (n === 1) {
    out.set(full[0].subarray(0, W * H));
  } else {
    for (let k = 0; k < n; k++) {
      const s = full[k];
      for (let i = 0, o = k; i < W * H; i++, o += n) out[o] = s[i];
    }
  }
  return out;
}

/** JPEGTables (SOI, tables, EOI) + the abbreviated stream (SOI, frame, scans, EOI) -> one stream. */
function mergeTables(tables: Uint8Array, data: Uint8Array): Uint8Array {
  const n = tables.length;
  if (n < 4 || tables[0] !== 0xff || tables[1] !== 0xd8 || tables[n - 2] !== 0xff || tables[n - 1] !== 0xd9) {
    throw new Error('JPEGTables is not a JPEG table stream (SOI ... EOI)');
  }
  if (data.length < 2 || data[0] !== 0xff || data[1] !== 0xd8) throw new Error('no JPEG start-of-image marker');
  const out = new Uint8Array(n - 2 + data.length - 2);
  out.set(tables.subarray(0, n - 2));
  out.set(data.subarray(2), n - 2);
  return out;
}
