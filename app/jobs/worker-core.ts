import type { FromJobWorker, ToJobWorker } from './protocol.js';

/** What a job sees of its worker: whether it was cancelled, where to report progress, its further input. */
export interface JobContext {
  cancelled(): boolean;
  /** Throws a cancellation the pool reports as such, when the job was cancelled. */
  throwIfCancelled(): void;
  progress(done: number, total: number): void;
  /** The next input sent to the job (JobHandle.send), in order. */
  nextInput(): Promise<unknown>;
}

/** The code of one kind of job: takes its payload, returns its result (posted back as is). */
export type JobHandler = (payload: unknown, ctx: JobContext) => unknown | Promise<unknown>;

class Cancelled extends Error {}

/**
 * The worker side of the job pool, the same in a Web Worker and a worker_threads Worker: each
 * transport's worker file only connects its messages to this. Jobs run one at a time per worker.
 */
export function jobWorker(handlers: Readonly<Record<string, JobHandler>>, post: (m: FromJobWorker) => void): (m: ToJobWorker) => void {
  const inputs = new Map<number, { queue: unknown[]; waiting: ((v: unknown) => void) | null; fail: ((e: Error) => void) | null }>();
  return (m) => {
    if (m.type === 'cancel') {
      const box = inputs.get(m.job);
      const fail = box?.fail;
      if (box) box.waiting = box.fail = null;
      fail?.(new Cancelled('cancelled'));
      return;
    }
    if (m.type === 'input') {
      const box = inputs.get(m.job);
      if (!box) return;
      if (box.waiting) {
        const w = box.waiting;
        box.waiting = box.fail = null;
        w(m.payload);
      } else box.queue.push(m.payload);
      return;
    }
    const handler = handlers[m.kind];
    const flag = new Int32Array(m.cancel);
    const box = { queue: [] as unknown[], waiting: null as ((v: unknown) => void) | null, fail: null as ((e: Error) => void) | null };
    inputs.set(m.job, box);
    const ctx: JobContext = {
      cancelled: () => Atomics.load(flag, 0) === 1,
      throwIfCancelled: () => {
        if (Atomics.load(flag, 0) === 1) throw new Cancelled('cancelled');
      },
      progress: m.progress ? (done, total) => post({ type: 'progress', job: m.job, done, total }) : () => undefined,
      nextInput: () => {
        if (Atomics.load(flag, 0) === 1) return Promise.reject(new Cancelled('cancelled'));
        if (box.queue.length) return Promise.resolve(box.queue.shift());
        return new Promise((resolve, reject) => {
          box.waiting = resolve;
          box.fail = reject;
        });
      },
    };
    void (async () => {
      try {
        if (!handler) throw new Error(`no such job: ${m.kind}`);
        const value = await handler(m.payload, ctx);
        post({ type: 'result', job: m.job, value });
      } catch (e) {
        const cancelled = e instanceof Cancelled || ctx.cancelled();
        post({ type: 'failed', job: m.job, message: e instanceof Error ? e.message : String(e), cancelled });
      } finally {
        inputs.delete(m.job);
      }
    })();
  };
}
