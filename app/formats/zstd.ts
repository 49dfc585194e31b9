/**
 * Zstandard (TIFF compression 50000, as libtiff writes it: one frame per strip or tile) through fzstd,
 * pure JavaScript. Bounded: fzstd is always handed the output buffer, so it allocates neither the
 * frame's declared content size nor its window (up to 2 GB from a 1-byte descriptor), and it throws
 * rather than write past the buffer. The frame header is read first, so a declared size larger than
 * the caller accepts is refused before any decoding.
 */
import { decompress } from 'fzstd';

const MAGIC = 0xfd2fb528;

/** The frame's declared content size, or null when the header does not give one (libtiff's case). */
export function zstdContentSize(d: Uint8Array): number | null {
  if (d.length < 6) throw new Error('zstd data is too short for a frame header');
  const magic = (d[0] | (d[1] << 8) | (d[2] << 16) | (d[3] << 24)) >>> 0;
  if (magic !== MAGIC) throw new Error(`not a zstd frame (magic 0x${magic.toString(16)})`);
  const fhd = d[4];
  if (fhd & 8) throw new Error('zstd frame header has its reserved bit set');
  const singleSegment = (fhd >> 5) & 1;
  const dictBytes = [0, 1, 2, 4][fhd & 3];
  const fcsFlag = fhd >> 6;
  const fcsBytes = fcsFlag === 0 ? singleSegment : 1 << fcsFlag;
  if (dictBytes) throw new Error('zstd frames with a dictionary are not supported');
  if (fcsBytes === 0) return null;
  const at = 5 + (singleSegment ? 0 : 1);
  if (d.length < at + fcsBytes) throw new Error('zstd frame header is cut off');
  let size = 0;
  for (let i = fcsBytes - 1; i >= 0; i--) size = size * 256 + d[at + i];
  return fcsBytes === 2 ? size + 256 : size;
}

/**
 * Decodes one frame into at most maxOutput bytes. fzstd does not say how many bytes it wrote, so a
 * frame without a declared size that is shorter than maxOutput is not noticed (the rest is left as is).
 */
export function decodeZstd(data: Uint8Array, maxOutput: number): Uint8Array {
  const declared = zstdContentSize(data);
  if (declared !== null && declared > maxOutput) {
    throw new Error(`zstd frame declares ${declared} bytes, more than the ${maxOutput} expected`);
  }
  const out = new Uint8Array(declared ?? maxOutput);
  try {
    return decompress(data, out);
  } catch (e) {
    // fzstd throws a RangeError when the data would run past the buffer.
    throw new Error(e instanceof RangeError ? `zstd data decodes to more than ${out.length} bytes` : (e as Error).message);
  }
}
