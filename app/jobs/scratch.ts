import type { Dims3, VolumeView } from '../filters/types.js';
import { bytesPerVoxel, typedView, type DType } from '../model/dtype.js';

/** What a worker keeps between jobs at most: a 64^3 float32 step result is 1 MiB, a 256^3 slab's far less than this. */
const KEEP_BYTES = 32 * 2 ** 20;

/**
 * Buffers for what a pipeline job computes on the way (each step's result that is not the caller's
 * output), lent for one job and kept by the worker for the next. A new ArrayBuffer per step result cost
 * more than the filters it held: the allocator zeroes it and every page faults on first write, which
 * over a batch of 200 64^3 files was a fifth of the job worker's time (allocView alone 244 of 1224 ms).
 * The buffers are lent as they were left, not zeroed: every op writes every voxel of the planes it is
 * asked for (test/unit/jobs/scratch.test.ts holds the catalogue to that). At most KEEP_BYTES are kept;
 * one that does not fit beside them is left to the GC, and buffers of other sizes make room for it.
 */
export class ScratchBuffers {
  private readonly free = new Map<number, ArrayBuffer[]>();
  private freeBytes = 0;
  private lent: ArrayBuffer[] = [];

  constructor(private readonly keepBytes = KEEP_BYTES) {}

  /** A view of `dims` voxels of `dtype`, with whatever values its buffer was left holding. */
  view(dims: Dims3, dtype: DType): VolumeView {
    const bytes = dims.x * dims.y * dims.z * bytesPerVoxel(dtype);
    let buf = this.free.get(bytes)?.pop();
    if (buf) this.freeBytes -= bytes;
    else buf = new ArrayBuffer(bytes);
    this.lent.push(buf);
    return { dims, dtype, data: typedView(dtype, buf) };
  }

  /** Takes back every buffer lent since the last call: the job that used them is over. */
  reclaim(): void {
    const lent = this.lent;
    this.lent = [];
    for (const buf of lent) {
      const bytes = buf.byteLength;
      if (bytes > this.keepBytes) continue;
      if (this.freeBytes + bytes > this.keepBytes) this.dropOtherSizes(bytes);
      if (this.freeBytes + bytes > this.keepBytes) continue;
      const same = this.free.get(bytes);
      if (same) same.push(buf);
      else this.free.set(bytes, [buf]);
      this.freeBytes += bytes;
    }
  }

  /** Bytes kept for the next job (for tests). */
  get keptBytes(): number {
    return this.freeBytes;
  }

  private dropOtherSizes(keep: number): void {
    for (const [bytes, bufs] of this.free) {
      if (bytes === keep) continue;
      this.freeBytes -= bytes * bufs.length;
      this.free.delete(bytes);
    }
  }
}
