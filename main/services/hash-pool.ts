import { Worker } from 'node:worker_threads';
import type { FromHashWorker, HashTask, ToHashWorker } from './hash-protocol.js';
import { sha256File, writeHashed } from './hashed-files.js';

/** Where a batch run hashes its inputs and writes and hashes its outputs. */
export interface Hasher {
  /** The SHA-256 (hex) of a file as it is on disk. */
  file(path: string): Promise<string>;
  /** Creates `path` (it must not exist), writes the chunks and returns their SHA-256; removes it on failure. */
  write(path: string, chunks: readonly Uint8Array[]): Promise<string>;
}

/** On the calling thread: for one item (`voxelscope run --item-json`), where starting a thread costs more. */
export const inlineHasher: Hasher = { file: sha256File, write: writeHashed };

interface Thread {
  worker: Worker;
  /** Tasks posted and not yet answered. */
  busy: number;
}

/**
 * Hashing threads for a batch run. With the hashing on the main thread, it read, hashed and wrote
 * while the filter workers waited: over a batch of 64^3 files the main thread was busy 1.1 s of a
 * 1.7 s run with --jobs 1, which capped what more workers could add. A task goes to an idle thread, a
 * new one while fewer than `size` run, or else the least busy. Views of shared memory are posted
 * without a copy; other chunks are copied (the small headers of uncompressed outputs).
 */
export class HashPool implements Hasher {
  private readonly threads: Thread[] = [];
  private readonly waiting = new Map<number, { resolve(sha256: string): void; reject(e: Error): void; thread: Thread }>();
  private nextId = 1;

  constructor(private readonly workerUrl: URL, private readonly size: number) {}

  file(path: string): Promise<string> {
    return this.post({ kind: 'file', path });
  }

  write(path: string, chunks: readonly Uint8Array[]): Promise<string> {
    return this.post({ kind: 'write', path, chunks });
  }

  /** Stops the threads; tasks still waiting fail. */
  async destroy(): Promise<void> {
    const threads = this.threads.splice(0);
    await Promise.all(threads.map((t) => t.worker.terminate()));
    for (const [id, w] of this.waiting) {
      this.waiting.delete(id);
      w.reject(new Error('the hashing threads were stopped'));
    }
  }

  private post(task: HashTask): Promise<string> {
    const thread = this.pick();
    const id = this.nextId++;
    thread.busy++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, thread });
      thread.worker.postMessage({ ...task, id } satisfies ToHashWorker);
    });
  }

  private pick(): Thread {
    const idle = this.threads.find((t) => t.busy === 0);
    if (idle) return idle;
    if (this.threads.length < this.size) return this.spawn();
    return this.threads.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  private spawn(): Thread {
    const thread: Thread = { worker: new Worker(this.workerUrl), busy: 0 };
    thread.worker.unref();
    thread.worker.on('message', (m: FromHashWorker) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      thread.busy--;
      if ('sha256' in m) w.resolve(m.sha256);
      else w.reject(Object.assign(new Error(m.error), { code: m.code }));
    });
    // A thread that died fails its tasks and leaves the pool; the next task starts another.
    thread.worker.on('error', (e) => {
      const at = this.threads.indexOf(thread);
      if (at >= 0) this.threads.splice(at, 1);
      for (const [id, w] of this.waiting) {
        if (w.thread !== thread) continue;
        this.waiting.delete(id);
        w.reject(new Error(`a hashing thread failed: ${e.message}`));
      }
    });
    this.threads.push(thread);
    return thread;
  }
}

/**
 * Hashing threads for `jobs` filter workers (threads start only when the others are busy). Over 200 x
 * 64^3 files the one hashing thread was busy about 0.6 of the filter worker's time, so past two workers
 * this may be too few; not measured beyond two cores.
 */
export const hashThreadsFor = (jobs: number): number => Math.max(1, Math.ceil(jobs / 3));
