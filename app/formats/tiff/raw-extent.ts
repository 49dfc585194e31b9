import type { RawExtent } from '../reader.js';
import { chunksPerSample, type TiffLayout } from './layout.js';

/**
 * The plane's bytes in the file when they need no decoding: uncompressed whole-byte strips of one
 * sample, little-endian, no predictor, and every strip of the plane directly after the one before
 * (tifffile, ImageJ and most microscope software write stacks that way). Otherwise null.
 */
export function tiffRawExtent(l: TiffLayout, plane: number): RawExtent | null {
  const oneSample = l.planar === 2 || l.samplesPerPixel === 1;
  if (l.compression !== 1 || l.predictor !== 1 || l.tileWidth > 0 || !oneSample || l.bitsPerSample < 8) return null;
  if (!l.littleEndian && l.bitsPerSample > 8) return null;
  const offsets = l.pageOffsets[l.planePage[plane]];
  const n = chunksPerSample(l);
  const base = l.planar === 2 ? l.planeSample[plane] * n : 0;
  const rowBytes = l.width * (l.bitsPerSample / 8);
  const start = offsets[base];
  // The strips' byte counts are not used: like decodeTiffPlane, a strip is its rows (checkPages made
  // sure those rows are inside the file).
  let end = start;
  for (let i = 0, y = 0; y < l.height; i++) {
    if (offsets[base + i] !== end) return null;
    const rows = Math.min(l.rowsPerStrip, l.height - y);
    end += rows * rowBytes;
    y += rows;
  }
  return { offset: start, length: end - start };
}
