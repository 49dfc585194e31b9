import { Gunzip, gunzipSync, inflateSync, unzlibSync } from 'fflate';
import { decodeZstd } from './zstd.js';

/** Incremental decompressor: feed compressed chunks in order, receive decompressed chunks in order. */
export interface InflateStream {
  push(chunk: Uint8Array, final: boolean): Promise<void>;
}

/**
 * Decompressors the readers use. The default is pure JavaScript (fflate, fzstd), so the core runs anywhere;
 * the host injects Node's native zlib, which is several times faster on large stacks.
 * Every whole-buffer call takes the most bytes the caller will accept, so a hostile stream cannot
 * exhaust memory; streaming callers count what they receive and stop themselves.
 */
export interface Codecs {
  /** zlib-wrapped deflate (TIFF compression 8 / 32946, PNG IDAT). */
  inflateZlib(data: Uint8Array, maxOutput: number): Uint8Array;
  /** Raw deflate without a header. */
  inflateRaw(data: Uint8Array, maxOutput: number): Uint8Array;
  /** gzip member(s) (.nii.gz), whole buffer. */
  gunzip(data: Uint8Array, maxOutput: number): Uint8Array;
  /** gzip as a stream, so a .nii.gz can be shown plane by plane while it inflates. */
  gunzipStream(onData: (chunk: Uint8Array) => void): InflateStream;
  /**
   * One zstd frame (TIFF compression 50000). Optional: Node 20 has no native zstd, so a host leaves it
   * out and readers fall back to the pure-JavaScript one (fzstd) in defaultCodecs.
   */
  zstd?(data: Uint8Array, maxOutput: number): Uint8Array;
}

function checked(out: Uint8Array, maxOutput: number, what: string): Uint8Array {
  if (out.byteLength > maxOutput) throw new Error(`${what} stream decompresses to more than ${maxOutput} bytes`);
  return out;
}

export const defaultCodecs: Codecs = {
  inflateZlib: (d, max) => checked(unzlibSync(d), max, 'deflate'),
  inflateRaw: (d, max) => checked(inflateSync(d), max, 'deflate'),
  gunzip: (d, max) => checked(gunzipSync(d), max, 'gzip'),
  zstd: decodeZstd,
  gunzipStream(onData) {
    const g = new Gunzip((chunk) => onData(chunk));
    return {
      push(chunk, final) {
        g.push(chunk, final);
        return Promise.resolve();
      },
    };
  },
};
