import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FileLender, FromWorker, ToWorker } from './decode-protocol.js';

type OpenMsg = Extract<ToWorker, { type: 'open' }>;

export interface DecodeJob {
  readonly volumeId: string;
  cancel(): void;
  prioritize(planes: readonly number[]): void;
}

/** How a job's planes are handed out, and what the pool reports back. */
export interface JobOptions {
  planes: number;
  /** One sequential stream (gzip): one worker decodes it all. */
  stream: boolean;
  /**
   * Fewest and most planes in one batch. Raw planes are read a batch at a time with one read, so their
   * batches are sized in bytes; a batch of compressed planes is decoded plane by plane.
   */
  minBatch: number;
  maxBatch: number;
  /** Lends the workers the job's files that did not come with it; must outlive the job (see onDrained). */
  files: FileLender;
  onPlane(plane: number): void;
  /** Loading ended; other workers may still be finishing a batch (see onDrained). */
  onEnd(status: 'ok' | 'error' | 'cancelled', message: string | null): void;
  /**
   * After onEnd, once no worker is working on this job any more: its buffer is no longer written and
   * its files no longer read (every descriptor lent has been given back).
   */
  onDrained(): void;
}

interface JobState extends JobOptions {
  open: OpenMsg;
  /** Planes not yet handed to a worker, lowest first, so the first slices arrive first. */
  queue: number[];
  busy: number;
  failed: boolean;
  cancelled: boolean;
  ended: boolean;
  workersOpened: Set<Worker>;
}

/**
 * A pool of worker threads that decode planes into SharedArrayBuffers. Planes are handed out in small
 * batches, lowest index first, to whichever worker is free: slices arrive roughly in order (so the
 * first is on screen early) while every core stays busy.
 */
export class DecodePool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly jobs = new Map<string, JobState>();
  private readonly assigned = new Map<Worker, string>();

  constructor(private readonly workerUrl: URL, private readonly size = Math.max(1, Math.min(8, availableParallelism()))) {}

  private spawn(): Worker {
    const w = new Worker(this.workerUrl);
    w.unref();
    w.on('message', (m: FromWorker) => this.onMessage(w, m));
    w.on('error', (e) => {
      const job = this.jobs.get(this.assigned.get(w) ?? '');
      if (job) {
        job.busy--;
        this.finish(job, 'error', `decoder crashed: ${e.message}`);
        this.drained(job);
      }
      this.workers.splice(this.workers.indexOf(w), 1);
      const i = this.idle.indexOf(w);
      if (i >= 0) this.idle.splice(i, 1);
    });
    this.workers.push(w);
    return w;
  }

  private takeIdle(): Worker | undefined {
    if (this.idle.length) return this.idle.pop();
    if (this.workers.length < this.size) return this.spawn();
    return undefined;
  }

  start(open: OpenMsg, opts: JobOptions): DecodeJob {
    const job: JobState = {
      ...opts, open, queue: opts.stream ? [] : Array.from({ length: opts.planes }, (_, i) => i), busy: 0,
      failed: false, cancelled: false, ended: false, workersOpened: new Set(),
    };
    this.jobs.set(open.volumeId, job);
    if (opts.stream) {
      const w = this.takeIdle() ?? this.spawn();
      this.send(w, job, { type: 'decodeAll', volumeId: open.volumeId });
    } else {
      this.dispatch();
    }
    return { volumeId: open.volumeId, cancel: () => this.cancel(open.volumeId), prioritize: (planes) => this.prioritize(open.volumeId, planes) };
  }

  private send(w: Worker, job: JobState, msg: ToWorker): void {
    if (!job.workersOpened.has(w)) {
      w.postMessage(job.open);
      job.workersOpened.add(w);
    }
    this.assigned.set(w, job.open.volumeId);
    job.busy++;
    w.postMessage(msg);
  }

  private dispatch(): void {
    for (const job of this.jobs.values()) {
      while (job.queue.length && !job.failed && !job.cancelled && !job.ended) {
        const w = this.takeIdle();
        if (!w) return;
        // Plane 0 alone (the first slice on screen soon), then large batches (less messaging, long raw
        // reads) that shrink towards the end so every worker finishes at about the same time.
        // (A job whose whole volume is one batch goes out as it is: it is done sooner than plane 0 alone.)
        const first = job.queue[0] === 0 && job.minBatch < job.queue.length;
        const n = first ? 1 : Math.max(job.minBatch, Math.min(job.maxBatch, Math.floor(job.queue.length / (this.size * 4))));
        this.send(w, job, { type: 'decode', volumeId: job.open.volumeId, planes: job.queue.splice(0, n) });
      }
    }
  }

  private onMessage(w: Worker, m: FromWorker): void {
    const job = this.jobs.get(m.volumeId);
    switch (m.type) {
      case 'decoded':
        for (let p = m.plane; p < m.plane + m.count; p++) job?.onPlane(p);
        return;
      case 'borrow':
        this.lend(w, job, m);
        return;
      case 'giveBack':
        for (const name of m.names) job?.files.giveBack(name);
        return;
    }
    this.assigned.delete(w);
    this.idle.push(w);
    if (job) {
      job.busy--;
      if (m.type === 'failed' && !job.failed) {
        job.failed = true;
        job.queue.length = 0;
        this.finish(job, m.cancelled || job.cancelled ? 'cancelled' : 'error', m.message);
      } else if (!job.queue.length && job.busy === 0 && !job.failed) {
        this.finish(job, job.cancelled ? 'cancelled' : 'ok', null);
      }
      this.drained(job);
    }
    this.dispatch();
  }

  /** A worker asks for a file while decoding (it is busy, so the job is not drained: its files are open). */
  private lend(w: Worker, job: JobState | undefined, m: Extract<FromWorker, { type: 'borrow' }>): void {
    const answer = (reply: Extract<ToWorker, { type: 'lent' }>): void => w.postMessage(reply);
    const base = { type: 'lent', volumeId: m.volumeId, request: m.request } as const;
    if (!job) return answer({ ...base, file: null, error: `${m.name}: the volume is no longer loading` });
    job.files.lend(m.name).then(
      (file) => answer({ ...base, file, error: null }),
      (e: unknown) => answer({ ...base, file: null, error: e instanceof Error ? e.message : String(e) }),
    );
  }

  private finish(job: JobState, status: 'ok' | 'error' | 'cancelled', message: string | null): void {
    if (job.ended) return;
    job.ended = true;
    for (const w of job.workersOpened) w.postMessage({ type: 'close', volumeId: job.open.volumeId } satisfies ToWorker);
    job.onEnd(status, message);
  }

  /** Forgets an ended job once its last busy worker has reported back. */
  private drained(job: JobState): void {
    if (!job.ended || job.busy > 0) return;
    this.jobs.delete(job.open.volumeId);
    job.onDrained();
  }

  /**
   * Decodes these planes next (the ones the user is looking at while the volume loads): they move to
   * the front of the queue in the order given; planes already handed out or done are left alone.
   */
  prioritize(volumeId: string, planes: readonly number[]): void {
    const job = this.jobs.get(volumeId);
    if (!job || job.ended || !job.queue.length) return;
    const queued = new Set(job.queue);
    const first = [...new Set(planes)].filter((p) => queued.has(p));
    if (!first.length) return;
    const wanted = new Set(first);
    job.queue = [...first, ...job.queue.filter((p) => !wanted.has(p))];
  }

  cancel(volumeId: string): void {
    const job = this.jobs.get(volumeId);
    if (!job || job.ended) return;
    job.cancelled = true;
    job.queue.length = 0;
    for (const w of job.workersOpened) w.postMessage({ type: 'cancel', volumeId } satisfies ToWorker);
    if (job.busy === 0) {
      this.finish(job, 'cancelled', null);
      this.drained(job);
    }
  }

  async destroy(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
    this.idle.length = 0;
  }
}
