import type { OpenResult } from '../../app/ipc/contract.js';
import { FrameReader } from '../../app/ipc/voxel-stream.js';
import type { LoadedPlanes } from '../../app/view/planes.js';

/** A load the host reports as failed: the message names the file and the problem. */
export class LoadFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoadFailedError';
  }
}

/**
 * The voxels of an open volume, in a SharedArrayBuffer that views and workers read without copying.
 * Bulk data lives here, outside reactive state; the store only holds this object's identity.
 */
export class VolumeData implements LoadedPlanes {
  readonly sab: SharedArrayBuffer;
  readonly planeBytes: number;
  readonly planesTotal: number;
  /** How many planes have arrived (not necessarily the first ones: see has()). */
  planesReceived = 0;
  /** Which planes have arrived (the host may send planes in any order). */
  private readonly arrived: Uint8Array;
  /** Still streaming in; once false, the planes that have not arrived never will. */
  loading = true;
  /** Channels whose display range was guessed from a first plane, to be replaced by the data range. */
  readonly rangeGuessed: boolean[] = [];

  constructor(public readonly info: OpenResult) {
    this.sab = new SharedArrayBuffer(info.byteLength);
    const d = info.meta.dims;
    this.planesTotal = d.z * d.c * d.t;
    this.planeBytes = this.planesTotal ? info.byteLength / this.planesTotal : 0;
    this.arrived = new Uint8Array(this.planesTotal);
  }

  has(plane: number): boolean {
    return this.arrived[plane] === 1;
  }

  get complete(): boolean {
    return this.planesReceived === this.planesTotal;
  }

  /**
   * Reads the voxel stream into shared memory: one copy across the process boundary, none after. Calls
   * onArrived for every run of planes that arrives (in whatever order the host sends them), then
   * onPlanes with the count arrived so far. Resolves when the host says the load is
   * done; throws LoadFailedError with the host's message when it failed, and an AbortError when
   * cancelled (by the signal or by the host).
   */
  async stream(res: Response, onPlanes: (received: number) => void, signal: AbortSignal, onArrived?: (first: number, count: number) => void): Promise<void> {
    try {
      await this.read(res, onPlanes, signal, onArrived);
    } finally {
      this.loading = false;
    }
  }

  private async read(res: Response, onPlanes: (received: number) => void, signal: AbortSignal, onArrived?: (first: number, count: number) => void): Promise<void> {
    if (!res.ok || !res.body) throw new LoadFailedError(`${this.info.sourceName}: the host could not stream the voxels (${res.status})`);
    const frames = new FrameReader(new Uint8Array(this.sab), this.planeBytes, this.planesTotal, {
      planes: (first, count) => {
        for (let p = first; p < first + count; p++) if (!this.arrived[p]) this.planesReceived++;
        this.arrived.fill(1, first, first + count);
        onArrived?.(first, count);
        onPlanes(this.planesReceived);
      },
    });
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      frames.push(value);
    }
    const end = frames.end;
    if (!end) {
      if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
      throw new LoadFailedError(`${this.info.sourceName}: the connection to the host broke after ${this.planesReceived} of ${this.planesTotal} planes`);
    }
    if (end.status === 'failed') throw new LoadFailedError(end.message);
    if (end.status === 'cancelled') throw new DOMException('cancelled by the host', 'AbortError');
    if (this.planesReceived !== this.planesTotal) {
      throw new LoadFailedError(`${this.info.sourceName}: the host ended the stream after ${this.planesReceived} of ${this.planesTotal} planes`);
    }
  }
}
