import { decodeFax } from '../ccitt/decode.js';
import type { Codecs } from '../codecs.js';
import { FormatError } from '../errors.js';
import { decodeJpeg } from '../jpeg/decode.js';
import { decodeZstd } from '../zstd.js';
import { decodeLzw } from './lzw.js';
import { decodePackBits } from './packbits.js';
import { COMPRESSION_NAMES } from './tags.js';
import type { TiffLayout } from './layout.js';

/** One strip or tile as the codecs see it. */
export interface Chunk {
  /** Pixels per row, rows when full (RowsPerStrip or TileLength), rows of it inside the image. */
  width: number;
  rows: number;
  rowsInImage: number;
  /** Samples per pixel in this chunk (1 for planar-separate pages). */
  samples: number;
  /** Bytes of the full decoded chunk; no codec returns more. */
  bytes: number;
  /** The page's JPEGTables (JPEG only). */
  jpegTables: Uint8Array | null;
  /** For messages, e.g. "strip 3". */
  label: string;
}

/**
 * Decoded chunk bytes: rows of ceil(width * samples * bits / 8) bytes, in the file's byte order, before
 * any predictor; 1-bit CCITT rows most significant bit first. For 'none' a private copy, since later
 * steps modify it in place. The codec's own error becomes a FormatError naming the file.
 */
export function decompress(file: string, l: TiffLayout, raw: Uint8Array, c: Chunk, codecs: Codecs): Uint8Array {
  try {
    switch (l.compression) {
      case 1: return raw.slice(0, Math.min(raw.length, c.bytes));
      case 2: case 3: case 4: return decodeFax(raw, {
        scheme: l.compression === 2 ? 'mh' : l.compression === 3 ? 't4' : 't6',
        twoD: (l.t4Options & 1) === 1,
        lsbFirst: l.fillOrder === 2,
        width: c.width,
        rows: c.rowsInImage, // a tile's padding rows below the image are coded too, but not needed
      });
      case 5: return decodeLzw(raw, c.bytes);
      case 7: return decodeJpeg(c.jpegTables, raw, {
        width: c.width, minRows: c.rowsInImage, maxRows: c.rows, components: c.samples, ycbcr: l.photometric === 6,
      });
      case 8: case 32946: return codecs.inflateZlib(raw, c.bytes);
      case 32773: return decodePackBits(raw, c.bytes);
      case 50000: return (codecs.zstd ?? decodeZstd)(raw, c.bytes);
    }
  } catch (e) {
    throw new FormatError(file, `cannot decode ${COMPRESSION_NAMES[l.compression]} data (${c.label}): ${(e as Error).message}`);
  }
  throw new FormatError(file, `unsupported compression ${l.compression} (${COMPRESSION_NAMES[l.compression] ?? 'unknown'})`);
}
