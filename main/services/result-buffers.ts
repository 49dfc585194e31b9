import { adviseHugePages } from './huge-pages.js';

/**
 * The job pool's result buffers in the host and CLI, given back when their last reader is done and
 * handed out again for a result of the same size: a fresh 64 MB buffer faults in page by page on its
 * first write (200 ms here for a 256^3 float32 gaussian, a fifth of the whole recipe; huge pages help
 * only while the kernel finds free 2 MB pages), while a reused one is resident already. A batch of
 * equal-sized files then faults its intermediates in once. A reused buffer is handed out as it is, not
 * zeroed: Apply's jobs write every voxel of a result, as FilterOp.run must (zeroing 64 MB cost the main
 * thread 20-35 ms per step, while the workers waited).
 *
 * What is kept is bounded (`maxBytes` in all) and let go after `keepMs` unused, so an idle host holds
 * nothing; a buffer that does not fit is dropped at once.
 */
export class ResultBuffers {
  private readonly kept = new Map<number, { sab: SharedArrayBuffer; timer: ReturnType<typeof setTimeout> }[]>();
  private bytes = 0;

  constructor(private readonly maxBytes = 512 << 20, private readonly keepMs = 5_000, private readonly onDrop: (bytes: number) => void = () => undefined) {}

  /** A buffer of exactly `byteLength` bytes, its contents undefined: a kept one if there is one, else a new one advised to huge pages. */
  allocate(byteLength: number): SharedArrayBuffer {
    const entry = this.kept.get(byteLength)?.pop();
    if (entry) {
      clearTimeout(entry.timer);
      this.bytes -= byteLength;
      return entry.sab;
    }
    const sab = new SharedArrayBuffer(byteLength);
    adviseHugePages(sab); // before the first write: 2 MB pages fault 512 times less often
    return sab;
  }

  /** Takes back a buffer nobody reads or writes any more (the caller's promise). */
  release(sab: SharedArrayBuffer): void {
    const n = sab.byteLength;
    if (n === 0 || this.bytes + n > this.maxBytes) return this.onDrop(n);
    const list = this.kept.get(n) ?? [];
    this.kept.set(n, list);
    const entry = {
      sab,
      timer: setTimeout(() => {
        const i = list.indexOf(entry);
        if (i < 0) return;
        list.splice(i, 1);
        this.bytes -= n;
        this.onDrop(n);
      }, this.keepMs),
    };
    entry.timer.unref?.();
    list.push(entry);
    this.bytes += n;
  }

  get bytesKept(): number {
    return this.bytes;
  }
}
