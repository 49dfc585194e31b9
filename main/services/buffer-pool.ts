import { adviseHugePages } from './huge-pages.js';

/**
 * Voxel buffers of closed volumes, kept a short while for the next volume that fits. A fresh
 * SharedArrayBuffer costs a page fault per 4 KB page on first write (about 145 ms for 256 MB here, more
 * than reading the file); a reused one is already resident, so reopening a file, or opening the next
 * stack of a series of equal size, only reads. A buffer that does not fit is dropped rather than kept
 * beside a new allocation, and nothing is kept longer than `keepMs`, so closing a volume still gives
 * its memory back.
 */
export class BufferPool {
  private free: { sab: SharedArrayBuffer; timer: ReturnType<typeof setTimeout> }[] = [];

  /**
   * @param maxBuffers most buffers kept at once
   * @param keepMs how long a released buffer is kept
   * @param slack reuse a buffer up to this many times larger than needed (the rest stays unused)
   * @param onDrop called with a buffer's size when it is given up (e.g. to ask for a garbage collection)
   */
  constructor(
    private readonly maxBuffers = 1, private readonly keepMs = 30_000, private readonly slack = 1.25,
    private readonly onDrop: (bytes: number) => void = () => undefined,
  ) {}

  /** A buffer of at least `byteLength` bytes; `recycled` when it held another volume's voxels. */
  take(byteLength: number): { sab: SharedArrayBuffer; recycled: boolean } {
    let best = -1;
    this.free.forEach((f, i) => {
      const n = f.sab.byteLength;
      if (n >= byteLength && n <= byteLength * this.slack && (best < 0 || n < this.free[best].sab.byteLength)) best = i;
    });
    if (best >= 0) {
      const [f] = this.free.splice(best, 1);
      clearTimeout(f.timer);
      return { sab: f.sab, recycled: true };
    }
    // Nothing fits: let the others go before allocating, so they are not resident beside the new one.
    this.drain();
    const sab = new SharedArrayBuffer(byteLength);
    adviseHugePages(sab); // before the first write: 2 MB pages fault 512 times less often
    return { sab, recycled: false };
  }

  /** Takes back a buffer nobody reads or writes any more. */
  give(sab: SharedArrayBuffer): void {
    if (this.maxBuffers <= 0 || this.keepMs <= 0) return this.onDrop(sab.byteLength);
    const entry = { sab, timer: setTimeout(() => this.remove(entry), this.keepMs) };
    entry.timer.unref?.();
    this.free.push(entry);
    while (this.free.length > this.maxBuffers) this.remove(this.free[0]);
  }

  /** Gives up every kept buffer. */
  drain(): void {
    for (const f of [...this.free]) this.remove(f);
  }

  get bytesKept(): number {
    return this.free.reduce((n, f) => n + f.sab.byteLength, 0);
  }

  private remove(entry: (typeof this.free)[number]): void {
    const i = this.free.indexOf(entry);
    if (i < 0) return;
    clearTimeout(entry.timer);
    this.free.splice(i, 1);
    this.onDrop(entry.sab.byteLength);
  }
}
