import { createGunzip, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import type { Codecs, InflateStream } from '../../app/formats/codecs.js';

function view(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** Node's native zlib behind the core's Codecs interface; maxOutputLength bounds every whole-buffer call. */
export const nodeCodecs: Codecs = {
  inflateZlib: (d, max) => view(inflateSync(d, { maxOutputLength: Math.max(1, max) })),
  inflateRaw: (d, max) => view(inflateRawSync(d, { maxOutputLength: Math.max(1, max) })),
  gunzip: (d, max) => view(gunzipSync(d, { maxOutputLength: Math.max(1, max) })),
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
