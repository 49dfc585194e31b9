import { planeCount, type Dims } from '../../app/model/volume.js';
import { bytesPerVoxel } from '../../app/model/dtype.js';
import { isIdentityPlan, sourcePlane } from '../../app/model/load-plan.js';
import { DecodePool, type DecodeJob } from './decode-pool.js';
import type { OpenedHeader } from './open-volume.js';

export type LoadStatus = 'loading' | 'ok' | 'error' | 'cancelled';

/**
 * Raw planes are read in batches of 4 to 16 MB, one read each (see decode-worker.ts): large enough that
 * the messages around a batch cost little beside the read (a 16 MB read takes 2-10 ms), small enough
 * that both workers stay busy to the end.
 */
const RAW_BATCH_BYTES = [4 << 20, 16 << 20];
/** Planes that need decoding are handed out at most this many at a time. */
const DECODE_BATCH_PLANES = 16;

function rawBatches(planeBytes: number): { minBatch: number; maxBatch: number } {
  const planes = (bytes: number): number => Math.max(1, Math.floor(bytes / Math.max(1, planeBytes)));
  return { minBatch: planes(RAW_BATCH_BYTES[0]), maxBatch: planes(RAW_BATCH_BYTES[1]) };
}

/** One volume held by the host: its voxels in a SharedArrayBuffer, filled plane by plane. */
export class HostVolume {
  readonly planesTotal: number;
  readonly planeBytes: number;
  readonly sab: SharedArrayBuffer;
  private readonly ready: Uint8Array;
  planesDone = 0;
  status: LoadStatus = 'loading';
  message: string | null = null;
  job: DecodeJob | null = null;
  private readonly waiters = new Set<() => void>();
  private readonly listeners = new Set<(v: HostVolume) => void>();

  constructor(public readonly id: string, public readonly opened: OpenedHeader) {
    const d: Dims = opened.meta.dims;
    this.planesTotal = planeCount(d);
    this.planeBytes = d.x * d.y * bytesPerVoxel(opened.meta.dtype);
    this.sab = new SharedArrayBuffer(opened.byteLength);
    this.ready = new Uint8Array(this.planesTotal);
  }

  isPlaneReady(p: number): boolean {
    return this.ready[p] === 1;
  }

  markPlane(p: number): void {
    if (this.ready[p]) return;
    this.ready[p] = 1;
    this.planesDone++;
    this.wake();
  }

  end(status: LoadStatus, message: string | null): void {
    this.status = status;
    this.message = message;
    this.wake();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
    for (const l of this.listeners) l(this);
  }

  /** Resolves when plane p is decoded; rejects when loading ended without it. */
  waitForPlane(p: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (this.ready[p]) resolve();
        else if (this.status !== 'loading') reject(new Error(this.message ?? `loading ${this.status}`));
        else return false;
        this.waiters.delete(check as () => void);
        return true;
      };
      if (!check()) this.waiters.add(check as () => void);
    });
  }

  /** Resolves when every plane is decoded; rejects on error or cancel. */
  whenLoaded(): Promise<void> {
    return this.waitForPlane(this.planesTotal - 1).then(async () => {
      for (let p = 0; p < this.planesTotal; p++) await this.waitForPlane(p);
    });
  }

  onChange(l: (v: HostVolume) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}

/** All volumes this host holds, and the pool that decodes them. */
export class VolumeStore {
  private readonly volumes = new Map<string, HostVolume>();
  private next = 1;
  readonly pool: DecodePool;

  constructor(workerUrl: URL, poolSize?: number) {
    this.pool = new DecodePool(workerUrl, poolSize);
  }

  get(id: string): HostVolume | undefined {
    return this.volumes.get(id);
  }

  /** Allocates the volume's shared memory and starts decoding it. */
  load(opened: OpenedHeader): HostVolume {
    const v = new HostVolume(`v${this.next++}`, opened);
    this.volumes.set(v.id, v);
    const { reader, header, fileMeta, meta, plan } = opened;
    // A sequential stream (gzip) can only be decoded whole and in order, by one worker.
    const stream = header.stream === true || !reader.decodePlane;
    if (stream && !reader.decodeAll) throw new Error(`${fileMeta.format}: reader cannot decode`);
    if (stream && !isIdentityPlan(plan, fileMeta.dims)) {
      throw new Error(`${opened.path}: a reduced load is not possible for this compressed file; decompress it first`);
    }
    const raw = !stream && plan.xyBin === 1 && v.planesTotal > 0 && !!reader.rawExtent?.(header, sourcePlane(fileMeta.dims, meta.dims, plan, 0));
    v.job = this.pool.start(
      { type: 'open', volumeId: v.id, path: opened.path, readerId: reader.id, header, sab: v.sab, dtype: meta.dtype, fileDims: fileMeta.dims, outDims: meta.dims, plan },
      {
        planes: v.planesTotal, stream,
        ...(raw ? rawBatches(v.planeBytes) : { minBatch: 1, maxBatch: DECODE_BATCH_PLANES }),
        onPlane: (p) => v.markPlane(p),
        onEnd: (status, message) => v.end(status, message),
      },
    );
    if (v.planesTotal === 0) v.end('ok', null);
    return v;
  }

  cancel(id: string): boolean {
    const v = this.volumes.get(id);
    if (!v || v.status !== 'loading') return false;
    v.job?.cancel();
    return true;
  }

  close(id: string): boolean {
    const v = this.volumes.get(id);
    if (!v) return false;
    if (v.status === 'loading') v.job?.cancel();
    this.volumes.delete(id);
    return true;
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}

