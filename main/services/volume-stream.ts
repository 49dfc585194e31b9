import type { HostVolume } from './volume-store.js';

/**
 * The voxels of a volume in canonical order, plane by plane, each plane as soon as it is decoded.
 * Yields views of the SharedArrayBuffer: the transport copies each once across the process boundary.
 * The caller holds the volume (HostVolume.hold) until the last chunk has been sent.
 */
export async function* planeChunks(v: HostVolume): AsyncGenerator<Uint8Array> {
  for (let p = 0; p < v.planesTotal; p++) {
    if (!v.isPlaneReady(p)) await v.waitForPlane(p);
    yield v.bytes.subarray(p * v.planeBytes, (p + 1) * v.planeBytes);
  }
}

/**
 * Voxels are copied out of shared memory into chunks of about this size for a fetch Response body
 * (the Electron host). A body cannot hand out views of the SharedArrayBuffer: Electron queues the chunks
 * (Readable.fromWeb) and copies them into the renderer's pipe later, after the stream has ended and the
 * volume's buffer may already be back in the pool and reused, so each chunk must own its bytes. A chunk
 * spans several small planes (one copy and one queue entry for many planes) and splits large ones (no
 * plane-sized allocation per read).
 */
export const STREAM_CHUNK_BYTES = 1 << 20;

/** What volumeBody reads: a HostVolume, or anything that fills a byte range plane by plane. */
export type StreamSource = Pick<HostVolume, 'bytes' | 'byteLength' | 'planeBytes' | 'isPlaneReady' | 'waitForPlane' | 'hold'>;

/**
 * The voxels in canonical order as a web stream, each chunk as soon as its planes are decoded. Holds
 * the volume until the last chunk is copied, the load fails, or the reader cancels (it went away).
 */
export function volumeBody(v: StreamSource, chunkBytes = STREAM_CHUNK_BYTES): ReadableStream<Uint8Array> {
  const release = v.hold();
  let sent = 0;
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (sent < v.byteLength) {
          const first = Math.floor(sent / v.planeBytes);
          if (!v.isPlaneReady(first)) await v.waitForPlane(first);
          if (cancelled) return;
          let end = Math.min(v.byteLength, sent + chunkBytes);
          let next = first + 1;
          while (next * v.planeBytes < end && v.isPlaneReady(next)) next++;
          end = Math.min(end, next * v.planeBytes);
          controller.enqueue(v.bytes.slice(sent, end)); // slice: a copy with its own ArrayBuffer
          sent = end;
        }
        if (sent >= v.byteLength) {
          release();
          controller.close();
        }
      } catch (e) {
        release();
        if (!cancelled) controller.error(e);
      }
    },
    cancel() {
      cancelled = true;
      release();
    },
  });
}
