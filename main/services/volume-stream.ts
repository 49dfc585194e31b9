import { FrameKind, failedFrame, frameHeader } from '../../app/ipc/voxel-stream.js';
import type { HostVolume } from './volume-store.js';

/** Most bytes of planes in one frame: long enough that headers cost nothing, short enough to interleave. */
const MAX_FRAME_BYTES = 16 << 20;

/** What a voxel stream reads: a HostVolume, or anything that fills its planes as one does. */
export type StreamSource = Pick<HostVolume, 'bytes' | 'planesTotal' | 'planeBytes' | 'status' | 'message' | 'priority' | 'isPlaneReady' | 'changed' | 'hold'>;

/**
 * A volume's voxel stream (app/ipc/voxel-stream.ts): frames of planes as soon as they are decoded, then
 * one closing frame saying how the load ended. Planes go in order, except that planes the owner asked
 * for (HostVolume.prioritize: the slice on screen) go as soon as they are decoded. When the load stops
 * short, every plane decoded by then is sent before the closing frame. Plane payloads are views of the
 * SharedArrayBuffer: the transport copies each once across the process boundary. The caller holds the
 * volume (HostVolume.hold) until the last chunk has been sent.
 */
export async function* planeChunks(v: StreamSource): AsyncGenerator<Uint8Array> {
  const total = v.planesTotal;
  const perFrame = Math.max(1, Math.floor(MAX_FRAME_BYTES / Math.max(1, v.planeBytes)));
  const sent = new Uint8Array(total);
  let sentCount = 0;
  let next = 0;
  const sendable = (p: number): boolean => !sent[p] && v.isPlaneReady(p);
  const pick = (): number => {
    for (const p of v.priority) if (sendable(p)) return p;
    while (next < total && sent[next]) next++;
    if (next < total && sendable(next)) return next;
    // Nothing more will be decoded: whatever was, goes out.
    if (v.status !== 'loading') for (let p = next; p < total; p++) if (sendable(p)) return p;
    return -1;
  };
  while (sentCount < total) {
    const p = pick();
    if (p < 0) {
      if (v.status !== 'loading') {
        yield v.status === 'cancelled' ? frameHeader(FrameKind.cancelled) : failedFrame(v.message ?? `loading ${v.status}`);
        return;
      }
      await v.changed();
      continue;
    }
    // Every plane from p on decoded by now goes out in this frame (up to the size cap).
    let n = 1;
    while (n < perFrame && p + n < total && sendable(p + n)) n++;
    sent.fill(1, p, p + n);
    sentCount += n;
    yield frameHeader(FrameKind.planes, p, n);
    yield v.bytes.subarray(p * v.planeBytes, (p + n) * v.planeBytes);
  }
  yield frameHeader(FrameKind.done);
}

/**
 * Voxels are copied out of shared memory into chunks of at most this size for a fetch Response body
 * (the Electron host). A body cannot hand out views of the SharedArrayBuffer: Electron queues the chunks
 * (Readable.fromWeb) and copies them into the renderer's pipe later, after the stream has ended and the
 * volume's buffer may already be back in the pool and reused, so each chunk must own its bytes. A
 * frame's payload spans many small planes (one copy and one queue entry for many planes) and is split
 * when large (no frame-sized allocation per read).
 */
export const STREAM_CHUNK_BYTES = 1 << 20;

/**
 * The voxel stream as a web stream of owned chunks. Holds the volume until the closing frame is
 * copied, or the reader cancels (it went away).
 */
export function volumeBody(v: StreamSource, chunkBytes = STREAM_CHUNK_BYTES): ReadableStream<Uint8Array> {
  const release = v.hold();
  const frames = planeChunks(v);
  let pending: Uint8Array | null = null;
  let at = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!pending) {
          const next = await frames.next();
          if (next.done) {
            release();
            controller.close();
            return;
          }
          pending = next.value;
          at = 0;
        }
        const end = Math.min(pending.byteLength, at + chunkBytes);
        controller.enqueue(pending.slice(at, end)); // slice: a copy with its own ArrayBuffer
        at = end;
        if (at >= pending.byteLength) pending = null;
      } catch (e) {
        release();
        controller.error(e);
      }
    },
    cancel() {
      release();
      void frames.return(undefined); // the renderer went away: stop waiting for planes
    },
  });
}
