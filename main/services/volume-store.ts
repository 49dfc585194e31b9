import { randomBytes } from 'node:crypto';
import { planeCount, type Dims } from '../../app/model/volume.js';
import { bytesPerVoxel } from '../../app/model/dtype.js';
import { isIdentityPlan, sourcePlane } from '../../app/model/load-plan.js';
import { BufferPool } from './buffer-pool.js';
import { collectSoon } from './collect-garbage.js';
import { DecodePool, type DecodeJob } from './decode-pool.js';
import type { OpenedHeader } from './open-volume.js';
import { planRuns, type PlaneWork } from '../../app/formats/raw-runs.js';

export type LoadStatus = 'loading' | 'ok' | 'error' | 'cancelled';

/**
 * Raw planes are read in batches of 4 to 16 MB, one read each (see decode-worker.ts): large enough that
 * the messages around a batch cost little beside the read (a 16 MB read takes 2-10 ms), small enough
 * that both workers stay busy to the end.
 */
const RAW_BATCH_BYTES = [4 << 20, 16 << 20];
/**
 * A volume this small is decoded by one worker in one batch: spreading a few milliseconds of work over
 * workers and messages (a 425-band cube has 425 planes of 400 bytes) costs more than it saves.
 */
const SMALL_VOLUME_BYTES = 8 << 20;
/** Planes that need decoding are handed out at most this many at a time. */
const DECODE_BATCH_PLANES = 16;
/**
 * A volume up to this size whose voxels lie as stored in one stretch of one file (a .npy, an
 * uncompressed NIfTI, ENVI cube or contiguous TIFF) is read by the store itself, with one positional
 * read straight into its buffer: a decode worker's messages (open, decode, decoded, done, close) and
 * wake-ups cost a batch of 64^3 files more than the read (0.2 ms for 512 KB).
 */
const DIRECT_READ_BYTES = 4 << 20;

function rawBatches(planeBytes: number): { minBatch: number; maxBatch: number } {
  const planes = (bytes: number): number => Math.max(1, Math.floor(bytes / Math.max(1, planeBytes)));
  return { minBatch: planes(RAW_BATCH_BYTES[0]), maxBatch: planes(RAW_BATCH_BYTES[1]) };
}

/**
 * One volume held by the host: its voxels in a SharedArrayBuffer, filled plane by plane.
 *
 * The buffer may come from the store's pool and goes back to it when nobody needs it any more: the
 * store (until the volume is closed), each reader that took a `hold` (a stream to the renderer, `info`),
 * and the decode workers (until the last one has finished its batch).
 */
export class HostVolume {
  readonly planesTotal: number;
  readonly planeBytes: number;
  readonly byteLength: number;
  /** The voxels: byteLength bytes at the start of the buffer (a pooled buffer may be larger). */
  readonly bytes: Uint8Array;
  private readonly ready: Uint8Array;
  planesDone = 0;
  status: LoadStatus = 'loading';
  message: string | null = null;
  job: DecodeJob | null = null;
  private holds = 1; // the store's
  private decoding = true;
  private isFreed = false;
  private onFreed!: () => void;
  /** Resolves once the buffer has gone back to the pool (nobody holds or writes it any more). */
  readonly freed = new Promise<void>((resolve) => (this.onFreed = resolve));
  private readonly waiters = new Set<() => void>();
  private readonly listeners = new Set<(v: HostVolume) => void>();
  /** Run once when the store closes the volume (whatever still holds its memory). */
  private readonly closers: (() => void)[] = [];

  constructor(
    public readonly id: string, public readonly opened: OpenedHeader, readonly sab: SharedArrayBuffer,
    /** The client session that opened it: only it may see, stream or close the volume. */
    public readonly owner: string,
    private readonly onFree: (sab: SharedArrayBuffer) => void,
  ) {
    const d: Dims = opened.meta.dims;
    this.planesTotal = planeCount(d);
    this.planeBytes = d.x * d.y * bytesPerVoxel(opened.meta.dtype);
    this.byteLength = opened.byteLength;
    this.bytes = new Uint8Array(sab, 0, this.byteLength);
    this.ready = new Uint8Array(this.planesTotal);
  }

  /** Planes the owner is looking at while the volume loads: decoded and sent before the others. */
  priority: readonly number[] = [];

  isPlaneReady(p: number): boolean {
    return this.ready[p] === 1;
  }

  /** Decode and send these planes next (they replace the planes asked for before). */
  prioritize(planes: readonly number[]): void {
    this.priority = planes.filter((p) => Number.isInteger(p) && p >= 0 && p < this.planesTotal);
    this.job?.prioritize(this.priority);
    this.wake();
  }

  /** Resolves at the next change: a plane decoded, the load ended, priorities changed. */
  changed(): Promise<void> {
    return new Promise((resolve) => {
      const once = (): void => {
        this.waiters.delete(once);
        resolve();
      };
      this.waiters.add(once);
    });
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

  /** Keeps the voxels readable until the returned function is called (once; later calls do nothing). */
  hold(): () => void {
    if (this.isFreed) throw new Error(`volume ${this.id} has been released`);
    this.holds++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.release();
    };
  }

  /** Drops one hold; the store's own is dropped when it closes the volume. */
  release(): void {
    this.holds--;
    this.maybeFree();
  }

  /** No worker writes into the buffer any more. */
  decodersDone(): void {
    this.decoding = false;
    this.maybeFree();
  }

  private maybeFree(): void {
    if (this.holds > 0 || this.decoding || this.isFreed) return;
    this.isFreed = true;
    this.onFree(this.sab);
    this.onFreed();
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

  /** Runs `f` when the store closes this volume (e.g. to remove the dropped files it was read from). */
  whenClosed(f: () => void): void {
    this.closers.push(f);
  }

  /** Called by the store. */
  closed(): void {
    for (const f of this.closers.splice(0)) f();
  }
}

/** The one stretch of one file that holds every plane as stored, for a small unreduced volume; else null. */
function oneStretch(opened: OpenedHeader, planes: number, planeBytes: number): Extract<PlaneWork, { kind: 'raw' }> | null {
  const { reader, header, plan, fileMeta } = opened;
  if (opened.byteLength > DIRECT_READ_BYTES || !isIdentityPlan(plan, fileMeta.dims)) return null;
  const runs = planRuns(Array.from({ length: planes }, (_, p) => p), (p) => reader.rawExtent!(header, p), planeBytes, DIRECT_READ_BYTES);
  return runs.length === 1 && runs[0].kind === 'raw' && runs[0].planes === planes ? runs[0] : null;
}

/** Reads a volume that is one stretch of a file (oneStretch) into its buffer; ends its load either way. */
async function readWhole(v: HostVolume, run: Extract<PlaneWork, { kind: 'raw' }>): Promise<void> {
  const files = v.opened.files;
  try {
    const src = run.file === undefined ? files.primary : await files.sibling(run.file);
    if (!src) throw new Error(`${run.file}: not found beside ${files.primary.name}`);
    const dest = v.bytes.subarray(0, run.length);
    if (src.readInto) await src.readInto(run.offset, dest);
    else dest.set(await src.read(run.offset, run.length));
    for (let p = 0; p < v.planesTotal; p++) v.markPlane(p);
    v.end('ok', null);
  } catch (e) {
    v.end('error', e instanceof Error ? e.message : String(e));
  }
}

/** All volumes this host holds, the pool that decodes them, and the buffers of closed ones. */
export class VolumeStore {
  private readonly volumes = new Map<string, HostVolume>();
  /** Volumes whose memory is still in use: open ones, and closed ones a stream or decoder still holds. */
  private readonly resident = new Set<HostVolume>();
  readonly pool: DecodePool;
  readonly buffers: BufferPool;

  constructor(workerUrl: URL, poolSize?: number, buffers = new BufferPool(1, 30_000, 1.25, collectSoon)) {
    this.pool = new DecodePool(workerUrl, poolSize);
    this.buffers = buffers;
  }

  /** The open volume `id` if `owner` opened it; another owner gets nothing, as for an unknown id. */
  get(id: string, owner: string): HostVolume | undefined {
    const v = this.volumes.get(id);
    return v && v.owner === owner ? v : undefined;
  }

  /** Bytes of voxels held in memory now, over every owner (closed volumes count until released). */
  residentBytes(): number {
    let n = 0;
    for (const v of this.resident) n += v.byteLength;
    return n;
  }

  /**
   * Allocates (or reuses) the volume's shared memory and starts decoding it, on behalf of `owner`.
   * Takes over `opened.files`: they are closed once no worker reads them any more.
   */
  load(opened: OpenedHeader, owner: string): HostVolume {
    const { reader, header, fileMeta, meta, plan, files } = opened;
    const closeFiles = (): void => void files.close();
    const refuse = (message: string): never => {
      closeFiles();
      throw new Error(message);
    };
    // A sequential stream (gzip) can only be decoded whole and in order, by one worker.
    const stream = header.stream === true || !reader.decodePlane;
    if (stream && !reader.decodeAll) refuse(`${fileMeta.format}: reader cannot decode`);
    if (stream && !isIdentityPlan(plan, fileMeta.dims)) {
      refuse(`${opened.path}: a reduced load is not possible for this compressed file; decompress it first`);
    }
    const { sab, recycled } = this.buffers.take(opened.byteLength);
    // Ids are not guessable, so knowing one says nothing of another client's volumes.
    const v: HostVolume = new HostVolume(`v${randomBytes(8).toString('hex')}`, opened, sab, owner, (b) => {
      this.resident.delete(v);
      this.buffers.give(b);
    });
    this.volumes.set(v.id, v);
    this.resident.add(v);
    if (v.planesTotal === 0) {
      closeFiles();
      v.end('ok', null);
      v.decodersDone();
      return v;
    }
    const raw = !stream && plan.xyBin === 1 && !!reader.rawExtent?.(header, sourcePlane(fileMeta.dims, meta.dims, plan, 0));
    const whole = raw ? oneStretch(opened, v.planesTotal, v.planeBytes) : null;
    if (whole) {
      void readWhole(v, whole).finally(() => {
        closeFiles();
        v.decodersDone();
      });
      return v;
    }
    v.job = this.pool.start(
      {
        type: 'open', volumeId: v.id, files: files.forWorkers(), readerId: reader.id, header, sab, byteLength: opened.byteLength,
        recycled, dtype: meta.dtype, fileDims: fileMeta.dims, outDims: meta.dims, plan,
      },
      {
        planes: v.planesTotal, stream, files,
        ...(opened.byteLength <= SMALL_VOLUME_BYTES
          ? { minBatch: v.planesTotal, maxBatch: v.planesTotal }
          : raw ? rawBatches(v.planeBytes) : { minBatch: 1, maxBatch: DECODE_BATCH_PLANES }),
        onPlane: (p) => v.markPlane(p),
        onEnd: (status, message) => {
          v.end(status, message);
          // A cancelled load is of no further use: its owner stopped it. A failed one stays until its
          // owner closes it, so the stream can still deliver the planes that were read and say why the
          // rest could not be, however late the owner asks.
          if (status === 'cancelled') this.close(v.id, v.owner);
        },
        onDrained: () => {
          closeFiles();
          v.decodersDone();
        },
      },
    );
    return v;
  }

  cancel(id: string, owner: string): boolean {
    const v = this.get(id, owner);
    if (!v || v.status !== 'loading') return false;
    v.job?.cancel();
    return true;
  }

  close(id: string, owner: string): boolean {
    const v = this.get(id, owner);
    if (!v) return false;
    if (v.status === 'loading') v.job?.cancel();
    this.volumes.delete(id);
    v.closed();
    v.release();
    return true;
  }

  /** Closes every volume `owner` opened (its session ended). */
  closeOwnedBy(owner: string): number {
    let n = 0;
    for (const v of [...this.volumes.values()]) if (v.owner === owner && this.close(v.id, owner)) n++;
    return n;
  }

  destroy(): Promise<void> {
    this.buffers.drain();
    return this.pool.destroy();
  }
}
