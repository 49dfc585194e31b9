/**
 * PNG encoding for exports (RGB8, no interlace, filter 0 on every row), with text chunks for the record
 * of how an image was made. Deflate is passed in: zlib in the host, the same bytes wherever it runs with
 * the same zlib, so an export made again from its record is the same file.
 */

import { isPng, PNG_SIGNATURE } from '../formats/sequence/png.js';

export interface RgbImage {
  width: number;
  height: number;
  /** r, g, b per pixel, row by row from the top left. */
  rgb: Uint8Array;
}

/** An international text chunk (iTXt): keyword (Latin-1, 1-79 bytes) and UTF-8 text, uncompressed. */
export interface PngText {
  keyword: string;
  text: string;
}

export function encodePng(image: RgbImage, texts: readonly PngText[], deflate: (raw: Uint8Array) => Uint8Array): Uint8Array {
  const { width, height, rgb } = image;
  if (!(width > 0 && height > 0) || rgb.length !== width * height * 3) throw new Error(`PNG: ${width}x${height} needs ${width * height * 3} bytes of RGB, not ${rgb.length}`);
  const raw = new Uint8Array(height * (1 + width * 3));
  for (let y = 0; y < height; y++) raw.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (1 + width * 3) + 1);
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, filter method 0, no interlace
  const parts = [Uint8Array.from(PNG_SIGNATURE), pngChunk('IHDR', ihdr), ...texts.map((t) => pngChunk('iTXt', itxt(t))), pngChunk('IDAT', deflate(raw)), pngChunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The iTXt chunks of a PNG, by keyword (uncompressed ones; others are skipped). Throws on a file that is not a PNG. */
export function readPngTexts(file: Uint8Array): Map<string, string> {
  if (file.length < 8 || !isPng(file)) throw new Error('not a PNG file');
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const texts = new Map<string, string>();
  for (let at = 8; at + 12 <= file.length; ) {
    const length = v.getUint32(at);
    const type = String.fromCharCode(...file.subarray(at + 4, at + 8));
    if (at + 12 + length > file.length) throw new Error(`the PNG's ${type} chunk runs past the end of the file`);
    const data = file.subarray(at + 8, at + 8 + length);
    if (type === 'iTXt') {
      const k = data.indexOf(0);
      if (k > 0 && data[k + 1] === 0) {
        const lang = data.indexOf(0, k + 3);
        const translated = lang < 0 ? -1 : data.indexOf(0, lang + 1);
        if (translated >= 0) texts.set(latin1(data.subarray(0, k)), new TextDecoder().decode(data.subarray(translated + 1)));
      }
    }
    if (type === 'IEND') break;
    at += 12 + length;
  }
  return texts;
}

function itxt({ keyword, text }: PngText): Uint8Array {
  if (!/^[\x20-\x7e]{1,79}$/.test(keyword)) throw new Error(`PNG: a text keyword is 1-79 printable characters, not '${keyword}'`);
  const body = new TextEncoder().encode(text);
  const out = new Uint8Array(keyword.length + 5 + body.length);
  for (let i = 0; i < keyword.length; i++) out[i] = keyword.charCodeAt(i);
  // keyword \0, compression flag 0, method 0, empty language \0, empty translated keyword \0, text
  out.set(body, keyword.length + 5);
  return out;
}

/** A whole chunk: length, type, data and its CRC. */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  v.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function latin1(b: Uint8Array): string {
  return String.fromCharCode(...b);
}

let crcTable: Uint32Array | null = null;

/** CRC-32 (ISO 3309) as PNG computes it over a chunk's type and data. */
export function crc32(b: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = crcTable[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
