import { createGunzip, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import type { Codecs, InflateStream } from '../../app/formats/codecs.js';

function view(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * A whole-buffer call bounded by maxOutputLength. Past the bound zlib throws Node's "Cannot create a
 * Buffer larger than N bytes"; readers put the message in front of the user, so it says what happened,
 * in the words of the core's own codecs (codecs.ts).
 */
function bounded(inflate: typeof inflateSync, what: string, d: Uint8Array, max: number): Uint8Array {
  try {
    return view(inflate(d, { maxOutputLength: Math.max(1, max) }));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new Error(`${what} stream decompresses to more than ${max} bytes`);
    throw e;
  }
}

/** Node's native zlib behind the core's Codecs interface; maxOutputLength bounds every whole-buffer call. */
export const nodeCodecs: Codecs = {
  inflateZlib: (d, max) => bounded(inflateSync, 'deflate', d, max),
  inflateRaw: (d, max) => bounded(inflateRawSync, 'deflate', d, max),
  gunzip: (d, max) => bounded(gunzipSync, 'gzip', d, max),
  gunzipStream(onData): InflateStream {
    const gz = createGunzip({ chunkSize: 1 << 20 });
    let failure: Error | null = null;
    gz.on('data', (b: Buffer) => onData(view(b)));
    gz.on('error', (e) => (failure = e));
    const ended = new Promise<void>((resolve) => gz.once('end', resolve).once('error', () => resolve()));
    return {
      async push(chunk, final) {
        if (failure) throw failure;
        // A stream that fails while its buffer is full never drains: wait for either.
        if (!gz.write(chunk)) await new Promise<void>((r) => gz.once('drain', r).once('error', () => r()));
        if (final) {
          gz.end();
          await ended;
        }
        if (failure) throw failure;
      },
    };
  },
};
