import { bytesPerVoxel, type DType } from '../../model/dtype.js';
import type { Dims } from '../../model/volume.js';
import { FormatError } from '../errors.js';
import type { ByteSource } from '../source.js';
import type { Page } from './ifd.js';
import { COMPRESSION_NAMES, FAX_COMPRESSION, SUPPORTED_COMPRESSION, UNSUPPORTED_WHY, MAX_SAMPLES } from './tags.js';

/** Largest decoded plane accepted (bytes): typed arrays and worker buffers stay well inside limits. */
const MAX_PLANE_BYTES = 2 ** 31 - 1;
/**
 * Largest believable ratio of decoded to compressed bytes: LZW's worst case is below 3000:1, zstd's
 * below 32768:1 (a 4-byte block repeats one byte 128 K times); CCITT codes at least one bit per row.
 */
function maxRatio(compression: number, width: number): number {
  if (FAX_COMPRESSION.has(compression)) return 8 * width;
  return compression === 50000 ? 32768 : 4096;
}

export function pageDType(file: string, p: Page): DType {
  const b = p.bitsPerSample;
  const f = p.sampleFormat;
  if (b === 1 && f === 1) return 'uint8';
  const key = `${f}:${b}`;
  const t = ({
    '1:8': 'uint8', '1:16': 'uint16', '1:32': 'uint32', '1:64': 'uint64',
    '2:8': 'int8', '2:16': 'int16', '2:32': 'int32', '2:64': 'int64',
    '3:32': 'float32', '3:64': 'float64',
    '4:8': 'uint8', '4:16': 'uint16', '4:32': 'uint32', // 4 = undefined: read as unsigned
  } as Record<string, DType>)[key];
  // SampleFormat 4 is the spec's "undefined" data format: said as "untyped", which does not read like a bug.
  if (!t) throw new FormatError(file, `unsupported sample type: ${b}-bit ${['', 'unsigned', 'signed', 'float', 'untyped', 'complex int', 'complex float'][f] ?? `format ${f}`}`);
  return t;
}

/**
 * SamplesPerPixel bounds the loops that build the plane plan and the channel list, so the first page's
 * is checked before those are built (0 gave a volume of no planes; 2^32-1 ran out of memory).
 */
export function checkSamples(file: string, p: Page, where = ''): void {
  if (!Number.isInteger(p.samplesPerPixel) || p.samplesPerPixel < 1 || p.samplesPerPixel > MAX_SAMPLES) {
    throw new FormatError(file, `${where}invalid SamplesPerPixel ${p.samplesPerPixel}`);
  }
}

/**
 * Checks every page the volume uses before anything is allocated: geometry, codec, chunk counts, and that
 * every strip/tile lies inside the file (uncompressed ones holding all their rows).
 */
export function checkPages(src: ByteSource, pages: Page[], used: number[], dims: Dims, dtype: DType): void {
  const file = src.name;
  const size = src.size;
  const p0 = pages[0];
  let compressedTotal = 0;
  for (const i of used) {
    const p = pages[i];
    const where = used.length > 1 || i > 0 ? `page ${i}: ` : '';
    if (!Number.isInteger(p.width) || !Number.isInteger(p.height) || p.width <= 0 || p.height <= 0) {
      throw new FormatError(file, `${where}invalid image size ${p.width} x ${p.height}`);
    }
    if (p.width !== p0.width || p.height !== p0.height || p.bitsPerSample !== p0.bitsPerSample
      || p.samplesPerPixel !== p0.samplesPerPixel || p.sampleFormat !== p0.sampleFormat) {
      throw new FormatError(file, `${where}size or sample type differs from the first page`);
    }
    if (p.compression !== p0.compression || p.predictor !== p0.predictor || p.planar !== p0.planar
      || (p.tileWidth > 0) !== (p0.tileWidth > 0) || p.tileWidth !== p0.tileWidth || p.tileLength !== p0.tileLength
      || (p.tileWidth === 0 && Math.min(p.rowsPerStrip || p.height, p.height) !== Math.min(p0.rowsPerStrip || p0.height, p0.height))) {
      throw new FormatError(file, `${where}compression or strip/tile layout differs from the first page (not supported)`);
    }
    if (!SUPPORTED_COMPRESSION.has(p.compression)) {
      const name = COMPRESSION_NAMES[p.compression];
      const why = UNSUPPORTED_WHY[p.compression];
      throw new FormatError(file, `unsupported compression ${p.compression}${name ? ` (${name})` : ' (unknown codec)'}${why ? `: ${why}` : ''}`);
    }
    checkCodecSamples(file, where, p);
    if (![1, 2, 3].includes(p.predictor)) throw new FormatError(file, `${where}unknown predictor ${p.predictor}`);
    if (p.predictor === 3 && dtype !== 'float32' && dtype !== 'float64') {
      throw new FormatError(file, `${where}floating-point predictor on ${dtype} data`);
    }
    if (p.bitsPerSample === 1 && (p.samplesPerPixel !== 1 || p.predictor !== 1)) {
      throw new FormatError(file, `${where}1-bit images with several samples or a predictor are not supported`);
    }
    checkSamples(file, p, where);
    const bps = bytesPerVoxel(dtype);
    const planeBytes = p.width * p.height * bps;
    if (planeBytes > MAX_PLANE_BYTES) {
      throw new FormatError(file, `${where}image size ${p.width} x ${p.height} is too large (${planeBytes} bytes per plane)`);
    }
    const tiled = p.tileWidth > 0 || p.tileLength > 0;
    if (tiled && (p.tileWidth <= 0 || p.tileLength <= 0 || p.tileWidth * p.tileLength * bps * p.samplesPerPixel > MAX_PLANE_BYTES)) {
      throw new FormatError(file, `${where}invalid tile size ${p.tileWidth} x ${p.tileLength}`);
    }
    const rps = p.rowsPerStrip > 0 && p.rowsPerStrip < p.height ? p.rowsPerStrip : p.height;
    const perSample = tiled ? Math.ceil(p.width / p.tileWidth) * Math.ceil(p.height / p.tileLength) : Math.ceil(p.height / rps);
    const nChunks = perSample * (p.planar === 2 ? p.samplesPerPixel : 1);
    if (p.offsets.length < nChunks) {
      throw new FormatError(file, `${where}${p.offsets.length} ${tiled ? 'tile' : 'strip'} offsets, ${nChunks} needed`);
    }
    const spp = p.planar === 2 ? 1 : p.samplesPerPixel;
    const rowBytes = Math.ceil(((tiled ? p.tileWidth : p.width) * spp * p.bitsPerSample) / 8);
    if (p.counts === null) {
      if (p.compression !== 1) throw new FormatError(file, `${where}${tiled ? 'TileByteCounts' : 'StripByteCounts'} missing`);
      // Uncompressed without byte counts: each chunk holds its full rows.
      p.counts = Array.from({ length: nChunks }, (_, k) => rowBytes * (tiled ? p.tileLength : Math.min(rps, p.height - (k % perSample) * rps)));
    }
    if (p.counts.length < nChunks) throw new FormatError(file, `${where}${p.counts.length} byte counts, ${nChunks} needed`);
    for (let k = 0; k < nChunks; k++) {
      const off = p.offsets[k];
      let len = p.counts[k];
      if (p.compression === 1 && !tiled && p.bitsPerSample >= 8) {
        // The fast path reads the rows themselves, whatever the byte count says.
        len = rowBytes * Math.min(rps, p.height - (k % perSample) * rps);
      }
      // Offsets and counts may come in any field type (SLONG8, FLOAT): each must be a whole, positive number.
      const bad = [off, p.counts[k]].find((v) => !Number.isSafeInteger(v) || v < 0);
      if (bad !== undefined) throw new FormatError(file, `${where}${tiled ? 'tile' : 'strip'} ${k}: offset or byte count ${bad} is not a byte position`);
      if (off + len > size) {
        throw new FormatError(file, `${where}${tiled ? 'tile' : 'strip'} ${k} (offset ${off}, ${len} bytes) points past the end of the file (size ${size})`);
      }
      compressedTotal += p.counts[k];
    }
  }
  if (p0.compression !== 1) {
    const total = dims.x * dims.y * dims.z * dims.c * dims.t * bytesPerVoxel(dtype);
    if (total > compressedTotal * maxRatio(p0.compression, p0.width) + 65536) {
      throw new FormatError(file, `declared size ${total} bytes cannot come from ${compressedTotal} bytes of compressed data`);
    }
  }
}

/** What the JPEG and CCITT decoders can produce; the other codecs take any sample layout. */
export function checkCodecSamples(file: string, where: string, p: Page): void {
  if (p.compression === 7) {
    const perChunk = p.planar === 2 ? 1 : p.samplesPerPixel;
    if (p.bitsPerSample !== 8 || p.sampleFormat !== 1) {
      throw new FormatError(file, `${where}JPEG with ${p.bitsPerSample}-bit samples is not supported (8-bit unsigned only)`);
    }
    if (p.predictor !== 1) throw new FormatError(file, `${where}JPEG with a predictor is not valid`);
    if (perChunk > 4) throw new FormatError(file, `${where}JPEG with ${perChunk} samples per pixel is not supported`);
    if (p.photometric === 6 && (p.samplesPerPixel !== 3 || p.planar === 2)) {
      throw new FormatError(file, `${where}YCbCr JPEG must have 3 interleaved samples (has ${p.samplesPerPixel}${p.planar === 2 ? ', planar' : ''})`);
    }
  } else if (FAX_COMPRESSION.has(p.compression) && (p.bitsPerSample !== 1 || p.samplesPerPixel !== 1)) {
    throw new FormatError(file, `${where}CCITT ${COMPRESSION_NAMES[p.compression]} data must be 1-bit with one sample (has ${p.samplesPerPixel} x ${p.bitsPerSample}-bit)`);
  }
}
