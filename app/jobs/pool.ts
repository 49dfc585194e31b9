import { JobCancelledError, type FromJobWorker, type ToJobWorker } from './protocol.js';

/** One worker, whatever it is (a Web Worker, a worker_threads Worker). */
export interface WorkerPort {
  post(m: ToJobWorker): void;
  onMessage(f: (m: FromJobWorker) => void): void;
  /** The worker died (an uncaught error): its job fails, the pool starts another. */
  onError(f: (e: Error) => void): void;
  /** Stops the worker at once, wherever it is; resolves once it has stopped (where the transport says). */
  terminate(): void | Promise<void>;
}

export interface JobOptions {
  /**
   * Jobs with the same key supersede each other: a new one cancels the one waiting or running (the
   * preview of a slice the user has already left).
   */
  key?: string;
  onProgress?(done: number, total: number): void;
}

export interface JobHandle<T> {
  readonly result: Promise<T>;
  cancel(): void;
  /** More input for the job, in order (it reaches the worker running it, or waits for one). */
  send(payload: unknown): void;
}

interface Job {
  id: number;
  kind: string;
  payload: unknown;
  key: string | undefined;
  flag: Int32Array;
  /** Input sent before a worker took the job. */
  pending: unknown[];
  worker: PooledWorker | null;
  onProgress?: JobOptions['onProgress'];
  resolve(v: unknown): void;
  reject(e: Error): void;
  settled: boolean;
  /** The timer that ends a worker that does not stop after a cancel. */
  grace?: ReturnType<typeof setTimeout>;
}

interface PooledWorker {
  port: WorkerPort;
  job: Job | null;
}

/**
 * Runs jobs on up to `size` workers (one per core by default), first come first served. Requests are
 * immutable: a job's payload is fixed when it is submitted, and changing one's mind means a new job
 * (with the same key, the old one is cancelled). Every job reports progress (to a caller that asks, with
 * onProgress) and can be cancelled.
 * Workers are started when first needed and kept.
 */
export class JobPool {
  private readonly workers: PooledWorker[] = [];
  private readonly queue: Job[] = [];
  private readonly byKey = new Map<string, Job>();
  private next = 1;

  /**
   * @param allocate where results of whole-volume jobs (Apply) are allocated, not necessarily zeroed
   *   (the jobs write every voxel of a result): the host reuses
   *   released buffers and advises huge pages for new ones, since a fresh 4 KB-paged 64 MB buffer costs
   *   more in page faults here than a filter over it
   * @param cancelGraceMs a running job that does not stop within this long of a cancel (a kernel between
   *   two checks of the flag, a stuck worker) has its worker terminated and replaced: cancel always frees the core
   * @param release takes back a buffer from `allocate` that nothing reads any more, for `allocate` to
   *   hand out again (the host reuses them; by default the garbage collector frees it)
   */
  constructor(
    private readonly spawn: () => WorkerPort, readonly size: number,
    readonly allocate: (bytes: number) => SharedArrayBuffer = (bytes) => new SharedArrayBuffer(bytes),
    private readonly cancelGraceMs = 200,
    readonly release: (sab: SharedArrayBuffer) => void = () => undefined,
  ) {
    if (!(size >= 1)) throw new RangeError(`a job pool needs at least one worker, not ${size}`);
  }

  run<T>(kind: string, payload: unknown, o: JobOptions = {}): JobHandle<T> {
    let resolve!: (v: unknown) => void;
    let reject!: (e: Error) => void;
    const result = new Promise<T>((ok, fail) => {
      resolve = ok as (v: unknown) => void;
      reject = fail;
    });
    // A superseded job is often one nobody waits for any more: its rejection is not an unhandled error.
    result.catch(() => undefined);
    const job: Job = {
      id: this.next++, kind, payload, key: o.key, flag: new Int32Array(new SharedArrayBuffer(4)), pending: [], worker: null,
      onProgress: o.onProgress, resolve, reject, settled: false,
    };
    if (o.key !== undefined) {
      const old = this.byKey.get(o.key);
      if (old) this.cancel(old, 'superseded by a newer request');
      this.byKey.set(o.key, job);
    }
    this.queue.push(job);
    this.dispatch();
    return {
      result,
      cancel: () => this.cancel(job, 'cancelled'),
      send: (p) => {
        if (job.settled) return;
        if (job.worker) job.worker.port.post({ type: 'input', job: job.id, payload: p });
        else job.pending.push(p);
      },
    };
  }

  /** Jobs waiting for a worker or running. */
  get busy(): number {
    return this.queue.length + this.workers.filter((w) => w.job).length;
  }

  terminate(): void {
    for (const j of [...this.queue]) this.cancel(j, 'the pool was shut down');
    for (const w of this.workers) {
      if (w.job) this.settle(w.job, new JobCancelledError('the pool was shut down'));
      void Promise.resolve(w.port.terminate()).catch(() => undefined);
    }
    this.workers.length = 0;
  }

  private cancel(job: Job, why: string): void {
    if (job.settled) return;
    Atomics.store(job.flag, 0, 1);
    const i = this.queue.indexOf(job);
    if (i >= 0) {
      this.queue.splice(i, 1);
      this.settle(job, new JobCancelledError(why));
    }
    // A running job stops at its next check of the flag and reports itself cancelled; one waiting for
    // input is woken to check it.
    else if (job.worker) {
      job.worker.port.post({ type: 'cancel', job: job.id });
      job.grace ??= setTimeout(() => this.stopWorker(job, why), this.cancelGraceMs);
    }
  }

  /** Ends the worker still running cancelled `job`; the job settles once the worker has stopped. */
  private stopWorker(job: Job, why: string): void {
    const w = job.worker;
    if (job.settled || !w) return;
    const i = this.workers.indexOf(w);
    if (i >= 0) this.workers.splice(i, 1);
    w.job = null;
    void Promise.resolve(w.port.terminate()).catch(() => undefined).then(() => {
      this.settle(job, new JobCancelledError(why));
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length) {
      const w = this.workers.find((x) => !x.job) ?? (this.workers.length < this.size ? this.startWorker() : null);
      if (!w) return;
      const job = this.queue.shift()!;
      w.job = job;
      job.worker = w;
      w.port.post({ type: 'run', job: job.id, kind: job.kind, payload: job.payload, cancel: job.flag.buffer as SharedArrayBuffer, progress: !!job.onProgress });
      for (const p of job.pending.splice(0)) w.port.post({ type: 'input', job: job.id, payload: p });
    }
  }

  private startWorker(): PooledWorker {
    const w: PooledWorker = { port: this.spawn(), job: null };
    w.port.onMessage((m) => this.onMessage(w, m));
    w.port.onError((e) => {
      const i = this.workers.indexOf(w);
      if (i >= 0) this.workers.splice(i, 1);
      if (w.job) this.settle(w.job, new Error(`the worker died: ${e.message}`));
      w.job = null;
      this.dispatch();
    });
    this.workers.push(w);
    return w;
  }

  private onMessage(w: PooledWorker, m: FromJobWorker): void {
    const job = w.job;
    if (!job || job.id !== m.job) return;
    if (m.type === 'progress') {
      if (!job.settled) job.onProgress?.(m.done, m.total);
      return;
    }
    w.job = null;
    // A job cancelled too late to stop still counts as cancelled: its result is not wanted any more.
    const cancelled = Atomics.load(job.flag, 0) === 1;
    if (m.type === 'result' && !cancelled) this.settle(job, null, m.value);
    else if (m.type === 'result' || m.cancelled) this.settle(job, new JobCancelledError('cancelled'));
    else this.settle(job, new Error(m.message));
    this.dispatch();
  }

  private settle(job: Job, error: Error | null, value?: unknown): void {
    if (job.settled) return;
    job.settled = true;
    job.worker = null;
    clearTimeout(job.grace);
    if (job.key !== undefined && this.byKey.get(job.key) === job) this.byKey.delete(job.key);
    if (error) job.reject(error);
    else job.resolve(value);
  }
}
