import { interleave, interpolateImageJ } from './imagej-interpolate.js';

/**
 * ImageJ .lut files, read the way ImageJ's LutLoader.openLut() reads them:
 *  - NIH Image LUT: a 32-byte header starting 'ICOL' (big-endian: id, version, nColors, start, end,
 *    fillers), then nColors reds, greens, blues; fewer than 256 colours are stretched as ImageJ does;
 *  - raw: 768 bytes, 256 reds then 256 greens then 256 blues (ImageJ also reads 970-byte files this way);
 *  - text: 256 rows of 3 numbers (r g b) or 4 (index r g b); with 257 or 258 rows the first is skipped,
 *    which is how ImageJ drops the "Index Red Green Blue" header that Show LUT > List writes.
 */

const ICOL = 0x49434f4c;
const NIH_HEADER = 32;

/** Any of the three formats -> 768 interleaved r,g,b bytes. Throws an Error saying what was wrong. */
export function parseImageJLut(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  if (n > 768 && n >= 4 && readInt32BE(bytes, 0) === ICOL) return parseNihImageLut(bytes);
  if (n === 768 || n === 970) return interleave(bytes.subarray(0, 256), bytes.subarray(256, 512), bytes.subarray(512, 768));
  if (n > 768) return parseTextLut(new TextDecoder('utf-8').decode(bytes));
  throw new Error(`not an ImageJ LUT: ${n} bytes (a raw LUT is 768 bytes: 256 reds, 256 greens, 256 blues)`);
}

/** 768 interleaved r,g,b -> the 768 planar bytes (all reds, then greens, then blues) ImageJ writes. */
export function imageJLutBytes(table: Uint8Array): Uint8Array {
  if (table.length !== 768) throw new RangeError(`a LUT table has 768 bytes, not ${table.length}`);
  const out = new Uint8Array(768);
  for (let i = 0; i < 256; i++) {
    out[i] = table[3 * i];
    out[256 + i] = table[3 * i + 1];
    out[512 + i] = table[3 * i + 2];
  }
  return out;
}

function readInt32BE(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

function parseNihImageLut(bytes: Uint8Array): Uint8Array {
  // Java's readShort is signed; a negative count is as wrong as a zero one.
  const nColors = ((bytes[6] << 8) | bytes[7]) << 16 >> 16;
  if (nColors < 1 || nColors > 256) throw new Error(`NIH Image LUT: the header says ${nColors} colours (expected 1..256)`);
  const need = NIH_HEADER + 3 * nColors;
  if (bytes.length < need) throw new Error(`NIH Image LUT: truncated, ${nColors} colours need ${need} bytes but the file has ${bytes.length}`);
  const planes = [0, 1, 2].map((c) => {
    const plane = new Uint8Array(256);
    plane.set(bytes.subarray(NIH_HEADER + c * nColors, NIH_HEADER + (c + 1) * nColors));
    return plane;
  });
  if (nColors < 256) interpolateImageJ(planes[0], planes[1], planes[2], nColors);
  return interleave(planes[0], planes[1], planes[2]);
}

function parseTextLut(text: string): Uint8Array {
  const rows = text
    .split(/\r\n|\r|\n/)
    .map((line, i) => ({ line: i + 1, tokens: line.trim().split(/[\s,;]+/).filter((t) => t !== '') }))
    .filter((r) => r.tokens.length > 0);
  const bad = 'not an ImageJ LUT: expected 768 raw bytes, an NIH Image LUT (ICOL header) or a text LUT of 256 rows of 3 or 4 numbers';
  if (rows.length < 256 || rows.length > 258) throw new Error(`${bad}; found ${rows.length} text rows`);
  const first = rows.length > 256 ? 1 : 0;
  const used = rows.slice(first, first + 256);
  const width = used[0].tokens.length;
  if (width !== 3 && width !== 4) throw new Error(`${bad}; line ${used[0].line} has ${width} columns`);
  const skip = width === 4 ? 1 : 0; // the first of four columns is the entry index
  const planes = [new Uint8Array(256), new Uint8Array(256), new Uint8Array(256)];
  let allFractions = true;
  let anyFraction = false;
  used.forEach((row, i) => {
    if (row.tokens.length !== width) throw new Error(`text LUT: line ${row.line} has ${row.tokens.length} columns, expected ${width}`);
    for (let c = 0; c < 3; c++) {
      const token = row.tokens[skip + c];
      const v = Number(token);
      if (!Number.isFinite(v)) throw new Error(`text LUT: line ${row.line}: "${token}" is not a number`);
      if (v < 0 || v >= 256) throw new Error(`text LUT: line ${row.line}: ${token} is outside 0..255`);
      if (v > 1) allFractions = false;
      if (!Number.isInteger(v)) anyFraction = true;
      planes[c][i] = Math.trunc(v); // ImageJ's (byte) cast truncates
    }
  });
  // A table of 0..1 fractions (GIPSY/matplotlib style) would silently become black under ImageJ's rules.
  if (allFractions && anyFraction) throw new Error('text LUT: the values are fractions in 0..1; ImageJ text LUTs hold 0..255');
  return interleave(planes[0], planes[1], planes[2]);
}
