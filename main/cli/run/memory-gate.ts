import { formatBytes } from '../../services/memory-budget.js';

/**
 * Keeps the voxels a run holds at once within the memory budget, whatever the number of files: an item
 * waits (before reading its voxels) until what it needs fits beside the items running, and one that
 * could never fit fails at once with the figures. Waiters are served in order, so a large file is not
 * overtaken for ever by small ones.
 */
export class MemoryGate {
  private used = 0;
  private readonly waiting: { bytes: number; go: () => void }[] = [];

  constructor(readonly budget: number) {}

  /** Resolves once `bytes` are reserved; the returned function gives them back. */
  async acquire(bytes: number, what: string): Promise<() => void> {
    if (bytes > this.budget) {
      throw new Error(`${what}: needs ${formatBytes(bytes)} for its voxels and the recipe's results but the memory budget is ${formatBytes(this.budget)}; raise VOXELSCOPE_MEMORY_BUDGET`);
    }
    if (this.waiting.length > 0 || this.used + bytes > this.budget) await new Promise<void>((go) => this.waiting.push({ bytes, go }));
    else this.used += bytes; // a waiter's bytes are reserved by wake(), before it resumes
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= bytes;
      this.wake();
    };
  }

  get inUse(): number {
    return this.used;
  }

  private wake(): void {
    while (this.waiting.length > 0 && this.used + this.waiting[0].bytes <= this.budget) {
      const w = this.waiting.shift()!;
      this.used += w.bytes;
      w.go();
    }
  }
}
