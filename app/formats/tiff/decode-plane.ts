import type { Codecs } from '../codecs.js';
import { FormatError, throwIfAborted, type CancelSignal } from '../errors.js';
import type { ByteSource } from '../source.js';
import { decompress } from './decompress.js';
import { chunkBytes, chunksPerSample, type TiffLayout } from './layout.js';
import { swapBytes, undoFloatPredictor, undoHorizontal } from './predictor.js';
import { FAX_COMPRESSION } from './tags.js';

/**
 * Decodes canonical plane `plane` into `dest` (width*height samples, host little-endian, x fastest).
 * Chunky multi-sample pages are decoded whole and the one sample picked out.
 */
export async function decodeTiffPlane(
  src: ByteSource, l: TiffLayout, plane: number, dest: Uint8Array, codecs: Codecs, signal?: CancelSignal,
): Promise<void> {
  const pg = l.planePage[plane];
  const sample = l.planeSample[plane];
  const offsets = l.pageOffsets[pg];
  const counts = l.pageCounts[pg];
  const bps = l.bitsPerSample >= 8 ? l.bitsPerSample / 8 : 1;
  const n = chunksPerSample(l);
  const base = l.planar === 2 ? sample * n : 0;
  const W = l.width;
  const H = l.height;
  const planeBytes = W * H * bps;
  if (dest.byteLength < planeBytes) throw new Error(`destination too small (${dest.byteLength} < ${planeBytes})`);
  const oneSample = l.planar === 2 || l.samplesPerPixel === 1;

  // Fast path: uncompressed whole-byte strips of one sample: read rows straight into dest.
  if (l.compression === 1 && l.tileWidth === 0 && oneSample && l.bitsPerSample >= 8) {
    const rowBytes = W * bps;
    let y = 0;
    for (let i = 0; i < n && y < H; ) {
      // Merge runs of strips that follow each other in the file into one read.
      const rows0 = Math.min(l.rowsPerStrip, H - y);
      let len = rows0 * rowBytes;
      const off = offsets[base + i];
      let j = i + 1;
      let yy = y + rows0;
      while (j < n && yy < H && offsets[base + j] === off + len) {
        const r = Math.min(l.rowsPerStrip, H - yy);
        len += r * rowBytes;
        yy += r;
        j++;
      }
      if (off + len > src.size) await readClamped(src, off, len); // throws the clear error
      const into = (src as Partial<ReadInto>).readInto;
      if (into) await into.call(src, off, dest.subarray(y * rowBytes, y * rowBytes + len));
      else dest.set(await src.read(off, len), y * rowBytes);
      y = yy;
      i = j;
    }
    if (!l.littleEndian && bps > 1) swapBytes(dest.subarray(0, planeBytes), bps);
    return;
  }

  const tiled = l.tileWidth > 0;
  const cw = tiled ? l.tileWidth : W;
  const sppChunk = l.planar === 2 ? 1 : l.samplesPerPixel;
  const rowBytesChunk = Math.ceil((cw * sppChunk * l.bitsPerSample) / 8);
  const full = chunkBytes(l);
  const across = tiled ? Math.ceil(W / l.tileWidth) : 1;
  const chunkRows = tiled ? l.tileLength : l.rowsPerStrip;
  const jpegTables = l.compression === 7 ? l.pageJpegTables[pg] : null;
  // CCITT decoders undo the FillOrder themselves; other 1-bit data keeps it in the samples.
  const bitOrder = FAX_COMPRESSION.has(l.compression) ? 1 : l.fillOrder;
  for (let i = 0; i < n; i++) {
    throwIfAborted(signal);
    const x0 = tiled ? (i % across) * l.tileWidth : 0;
    const y0 = tiled ? Math.floor(i / across) * l.tileLength : i * l.rowsPerStrip;
    if (y0 >= H) break;
    const rows = Math.min(chunkRows, H - y0);
    const copyW = Math.min(cw, W - x0);
    const raw = await readClamped(src, offsets[base + i], counts[base + i]);
    let data = decompress(src.name, l, raw, {
      width: cw, rows: chunkRows, rowsInImage: rows, samples: sppChunk, bytes: full, jpegTables,
      label: `${tiled ? 'tile' : 'strip'} ${base + i}`,
    }, codecs);
    const usedRows = Math.min(tiled ? l.tileLength : rows, Math.floor(data.length / rowBytesChunk));
    if (l.bitsPerSample === 1) {
      unpackBits(data, rowBytesChunk, Math.min(rows, usedRows), copyW, bitOrder, dest, x0, y0, W);
      continue;
    }
    if (l.predictor === 3) {
      data = undoFloatPredictor(data, cw, usedRows, sppChunk, bps);
    } else {
      if (!l.littleEndian && bps > 1) swapBytes(data, bps);
      if (l.predictor === 2) {
        if (data.byteOffset % bps !== 0) data = data.slice();
        undoHorizontal(data, cw, usedRows, sppChunk, bps);
      }
    }
    const r = Math.min(rows, usedRows);
    if (sppChunk === 1) {
      const len = copyW * bps;
      for (let y = 0; y < r; y++) {
        const s = y * rowBytesChunk;
        dest.set(data.subarray(s, s + len), ((y0 + y) * W + x0) * bps);
      }
    } else {
      const step = sppChunk * bps;
      for (let y = 0; y < r; y++) {
        let s = y * rowBytesChunk + sample * bps;
        let d = ((y0 + y) * W + x0) * bps;
        for (let x = 0; x < copyW; x++, s += step) {
          for (let k = 0; k < bps; k++) dest[d++] = data[s + k];
        }
      }
    }
  }
}

/**
 * Optional ByteSource extension: read straight into the caller's buffer. A host source that has it saves
 * one full copy of every uncompressed plane (the interface in source.ts does not declare it yet).
 */
interface ReadInto {
  readInto(offset: number, dest: Uint8Array): Promise<void>;
}

/** Reads a chunk; validated against the file size in readHeader, but a file can shrink meanwhile. */
async function readClamped(src: ByteSource, off: number, len: number): Promise<Uint8Array> {
  if (off + len > src.size) {
    throw new FormatError(src.name, `data at offset ${off} (${len} bytes) is past the end of the file (size ${src.size})`);
  }
  return src.read(off, len);
}

/** 1-bit rows -> uint8 0/1 (raw bit values, as tifffile returns them). */
function unpackBits(
  data: Uint8Array, rowBytes: number, rows: number, w: number, fillOrder: number,
  dest: Uint8Array, x0: number, y0: number, W: number,
): void {
  for (let y = 0; y < rows; y++) {
    const s = y * rowBytes;
    const d = (y0 + y) * W + x0;
    for (let x = 0; x < w; x++) {
      const byte = data[s + (x >>> 3)];
      dest[d + x] = fillOrder === 2 ? (byte >>> (x & 7)) & 1 : (byte >>> (7 - (x & 7))) & 1;
    }
  }
}
