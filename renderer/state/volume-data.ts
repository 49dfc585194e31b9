import type { OpenResult } from '../../app/ipc/contract.js';

/**
 * The voxels of an open volume, in a SharedArrayBuffer that views and workers read without copying.
 * Bulk data lives here, outside reactive state; the store only holds this object's identity.
 */
export class VolumeData {
  readonly sab: SharedArrayBuffer;
  readonly planeBytes: number;
  readonly planesTotal: number;
  /** Planes fully received, in order: planes [0, planesReceived) are complete. */
  planesReceived = 0;
  /** Channels whose display range was guessed from a first plane, to be replaced by the data range. */
  readonly rangeGuessed: boolean[] = [];

  constructor(public readonly info: OpenResult) {
    this.sab = new SharedArrayBuffer(info.byteLength);
    const d = info.meta.dims;
    this.planesTotal = d.z * d.c * d.t;
    this.planeBytes = this.planesTotal ? info.byteLength / this.planesTotal : 0;
  }

  /**
   * Streams the voxels from the host into shared memory: one copy across the process boundary, none
   * after. Calls onPlanes whenever more whole planes have arrived.
   */
  async stream(onPlanes: (received: number) => void, signal: AbortSignal): Promise<void> {
    const res = await fetch(this.info.dataUrl, { signal });
    if (!res.ok || !res.body) throw new Error(`${this.info.sourceName}: the host could not stream the voxels (${res.status})`);
    const dest = new Uint8Array(this.sab);
    const reader = res.body.getReader();
    let offset = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (offset + value.byteLength > dest.byteLength) throw new Error(`${this.info.sourceName}: the host sent more data than announced`);
      dest.set(value, offset);
      offset += value.byteLength;
      const planes = this.planeBytes ? Math.floor(offset / this.planeBytes) : 0;
      if (planes > this.planesReceived) {
        this.planesReceived = planes;
        onPlanes(planes);
      }
    }
    if (offset !== dest.byteLength) throw new Error(`${this.info.sourceName}: loading stopped after ${offset} of ${dest.byteLength} bytes`);
  }
}
