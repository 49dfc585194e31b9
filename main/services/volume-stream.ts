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
