/**
 * A small PNG decoder for image sequences: gray, gray+alpha, RGB, RGBA (8/16 bit; gray also 1/2/4 bit)
 * and palette images (expanded to RGB), all five filter types, Adam7 interlacing. Output is the stored
 * sample values, interleaved per pixel (channels fastest), host little-endian (16-bit PNG is big-endian
 * on disk). Transparency (tRNS), gamma and colour profiles are ignored: a viewer of measured data wants
 * the stored numbers.
 */
import type { Codecs } from '../codecs.js';
import { quoted } from '../errors.js';

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
  /** Channels after decoding (palette -> 3). */
  channels: number;
  /** Bytes per output sample: 1, or 2 for 16-bit. */
  sampleBytes: number;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
/** Deflate cannot expand data by more than about 1032:1; a larger declared image is a lie. */
const MAX_DEFLATE_RATIO = 1032;

export function isPng(head: Uint8Array): boolean {
  return PNG_SIGNATURE.every((b, i) => head[i] === b);
}

const u32 = (b: Uint8Array, o: number): number => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;

/** Reads the IHDR from the first 33 bytes; returns a problem text for anything it cannot decode. */
export function parsePngHeader(head: Uint8Array): PngInfo | string {
  if (head.length < 33 || !isPng(head)) return 'not a PNG file (bad signature)';
  if (u32(head, 8) !== 13 || String.fromCharCode(head[12], head[13], head[14], head[15]) !== 'IHDR') {
    return 'PNG does not start with an IHDR chunk';
  }
  const width = u32(head, 16);
  const height = u32(head, 20);
  const [bitDepth, colorType, compression, filter, interlace] = head.subarray(24, 29);
  if (width === 0 || height === 0 || width > 2 ** 31 - 1 || height > 2 ** 31 - 1) return `PNG size ${width} x ${height} is invalid`;
  if (!(colorType in CHANNELS)) return `PNG colour type ${colorType} is invalid`;
  if (!DEPTHS[colorType].includes(bitDepth)) return `PNG bit depth ${bitDepth} is invalid for colour type ${colorType}`;
  if (compression !== 0 || filter !== 0) return 'PNG uses an unknown compression or filter method';
  if (interlace > 1) return `PNG interlace method ${interlace} is unknown`;
  return {
    width, height, bitDepth, colorType, interlace,
    channels: colorType === 3 ? 3 : CHANNELS[colorType],
    sampleBytes: bitDepth === 16 ? 2 : 1,
  };
}

/**
 * A problem text when the declared image cannot come out of a file this small (deflate expands at most
 * ~1032:1), so a forged IHDR is refused before anything of the declared size is allocated.
 */
export function checkPngSize(info: PngInfo, fileSize: number): string | null {
  const bits = CHANNELS[info.colorType] * info.bitDepth;
  const raw = info.height * (1 + Math.ceil((info.width * bits) / 8));
  return raw > fileSize * MAX_DEFLATE_RATIO + 1024
    ? `PNG declares ${info.width} x ${info.height} pixels but the file (${fileSize} bytes) cannot hold that many`
    : null;
}

/** Decodes a whole PNG file into interleaved samples (width * height * channels * sampleBytes bytes). */
export function decodePng(file: Uint8Array, codecs: Codecs): Uint8Array {
  const info = parsePngHeader(file);
  if (typeof info === 'string') throw new Error(info);
  const idat: Uint8Array[] = [];
  let palette: Uint8Array | null = null;
  let pos = 8;
  let idatBytes = 0;
  while (pos + 8 <= file.length) {
    const len = u32(file, pos);
    const type = String.fromCharCode(file[pos + 4], file[pos + 5], file[pos + 6], file[pos + 7]);
    if (pos + 12 + len > file.length) {
      // A damaged type may hold any byte, a line break included: quote anything but four letters.
      throw new Error(`PNG chunk ${/^[A-Za-z]{4}$/.test(type) ? type : quoted(type)} runs past the end of the file`);
    }
    const data = file.subarray(pos + 8, pos + 8 + len);
    if (type === 'IDAT') {
      idat.push(data);
      idatBytes += len;
    } else if (type === 'PLTE') palette = data;
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  if (idat.length === 0) throw new Error('PNG has no image data (IDAT)');
  if (info.colorType === 3 && !palette) throw new Error('palette PNG has no PLTE chunk');

  const samplesIn = CHANNELS[info.colorType];
  const bitsPerPixel = samplesIn * info.bitDepth;
  const passes = info.interlace ? adam7(info.width, info.height) : [{ x0: 0, y0: 0, dx: 1, dy: 1, w: info.width, h: info.height }];
  let rawBytes = 0;
  for (const p of passes) if (p.w && p.h) rawBytes += p.h * (1 + Math.ceil((p.w * bitsPerPixel) / 8));
  if (rawBytes > idatBytes * MAX_DEFLATE_RATIO + 1024) {
    throw new Error(`PNG declares ${info.width} x ${info.height} pixels but holds only ${idatBytes} compressed bytes`);
  }
  const compressed = idat.length === 1 ? idat[0] : concat(idat, idatBytes);
  const raw = codecs.inflateZlib(compressed, rawBytes);
  if (raw.length < rawBytes) throw new Error(`PNG image data is truncated (${raw.length} of ${rawBytes} bytes)`);

  const bpp = Math.max(1, bitsPerPixel >> 3); // filter unit: bytes per complete pixel
  const outPixel = info.channels * info.sampleBytes;
  const out = new Uint8Array(info.width * info.height * outPixel);
  let at = 0;
  for (const p of passes) {
    if (!p.w || !p.h) continue;
    const rowBytes = Math.ceil((p.w * bitsPerPixel) / 8);
    let prev: Uint8Array = new Uint8Array(rowBytes);
    for (let y = 0; y < p.h; y++) {
      const filter = raw[at];
      const row = raw.subarray(at + 1, at + 1 + rowBytes);
      unfilter(filter, row, prev, bpp);
      at += 1 + rowBytes;
      emitRow(info, row, palette, out, (p.y0 + y * p.dy) * info.width, p.x0, p.dx, p.w);
      prev = row;
    }
  }
  if (info.sampleBytes === 2) {
    for (let i = 0; i < out.length; i += 2) {
      const t = out[i]; out[i] = out[i + 1]; out[i + 1] = t;
    }
  }
  return out;
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** The seven Adam7 passes: start, step and size of each sub-image. */
function adam7(width: number, height: number) {
  const spec = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];
  return spec.map(([x0, y0, dx, dy]) => ({
    x0, y0, dx, dy, w: Math.max(0, Math.ceil((width - x0) / dx)), h: Math.max(0, Math.ceil((height - y0) / dy)),
  }));
}

/** Reverses one row's filter in place; `prev` is the previous unfiltered row of the same pass. */
function unfilter(filter: number, row: Uint8Array, prev: Uint8Array, bpp: number): void {
  const n = row.length;
  switch (filter) {
    case 0: return;
    case 1: // Sub
      for (let i = bpp; i < n; i++) row[i] = (row[i] + row[i - bpp]) & 0xff;
      return;
    case 2: // Up
      for (let i = 0; i < n; i++) row[i] = (row[i] + prev[i]) & 0xff;
      return;
    case 3: // Average
      for (let i = 0; i < bpp; i++) row[i] = (row[i] + (prev[i] >> 1)) & 0xff;
      for (let i = bpp; i < n; i++) row[i] = (row[i] + ((row[i - bpp] + prev[i]) >> 1)) & 0xff;
      return;
    case 4: // Paeth
      for (let i = 0; i < bpp; i++) row[i] = (row[i] + prev[i]) & 0xff;
      for (let i = bpp; i < n; i++) {
        const a = row[i - bpp], b = prev[i], c = prev[i - bpp];
        const p = a + b - c;
        const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        row[i] = (row[i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 0xff;
      }
      return;
    default:
      throw new Error(`PNG row has an unknown filter type ${filter}`);
  }
}

/** Writes one unfiltered row's pixels into the output at pixels rowStart + x0 + k*dx. */
function emitRow(info: PngInfo, row: Uint8Array, palette: Uint8Array | null, out: Uint8Array,
  rowStart: number, x0: number, dx: number, w: number): void {
  const outPixel = info.channels * info.sampleBytes;
  const d = info.bitDepth;
  if (d < 8) {
    // Sub-byte samples, most significant bits first: gray values or palette indices.
    const mask = (1 << d) - 1;
    for (let k = 0; k < w; k++) {
      const bit = k * d;
      const v = (row[bit >> 3] >> (8 - d - (bit & 7))) & mask;
      const o = (rowStart + x0 + k * dx) * outPixel;
      if (palette) writePalette(palette, v, out, o);
      else out[o] = v;
    }
    return;
  }
  if (palette) {
    for (let k = 0; k < w; k++) writePalette(palette, row[k], out, (rowStart + x0 + k * dx) * outPixel);
    return;
  }
  if (dx === 1) {
    out.set(row, (rowStart + x0) * outPixel); // same byte layout as the output (swap comes later)
    return;
  }
  for (let k = 0; k < w; k++) {
    const o = (rowStart + x0 + k * dx) * outPixel;
    for (let b = 0; b < outPixel; b++) out[o + b] = row[k * outPixel + b];
  }
}

function writePalette(palette: Uint8Array, index: number, out: Uint8Array, o: number): void {
  const p = index * 3;
  // An index past the palette is an encoder bug; show it as black rather than failing the stack.
  out[o] = palette[p] ?? 0;
  out[o + 1] = palette[p + 1] ?? 0;
  out[o + 2] = palette[p + 2] ?? 0;
}
