import { FrameKind, failedFrame, frameHeader } from '../../app/ipc/voxel-stream.js';
import type { HostVolume } from './volume-store.js';

/** Most bytes of planes in one frame: long enough that headers cost nothing, short enough to interleave. */
const MAX_FRAME_BYTES = 16 << 20;

/**
 * A volume's voxel stream (app/ipc/voxel-stream.ts): frames of planes as soon as they are decoded, then
 * one closing frame saying how the load ended. Plane payloads are views of the SharedArrayBuffer: the
 * transport copies each once across the process boundary. The caller holds the volume
 * (HostVolume.hold) until the last chunk has been sent.
 */
export async function* planeChunks(v: HostVolume): AsyncGenerator<Uint8Array> {
  const perFrame = Math.max(1, Math.floor(MAX_FRAME_BYTES / Math.max(1, v.planeBytes)));
  let p = 0;
  while (p < v.planesTotal) {
    if (!v.isPlaneReady(p)) {
      try {
        await v.waitForPlane(p);
      } catch (e) {
        yield v.status === 'cancelled' ? frameHeader(FrameKind.cancelled) : failedFrame((e as Error).message);
        return;
      }
    }
    // Every plane decoded by now goes out in this frame (up to the size cap).
    let n = 1;
    while (n < perFrame && p + n < v.planesTotal && v.isPlaneReady(p + n)) n++;
    yield frameHeader(FrameKind.planes, p, n);
    yield v.bytes.subarray(p * v.planeBytes, (p + n) * v.planeBytes);
    p += n;
  }
  yield frameHeader(FrameKind.done);
}
