import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './decode-protocol.js';

type OpenMsg = Extract<ToWorker, { type: 'open' }>;

export interface DecodeJob {
  readonly volumeId: string;
  cancel(): void;
}

interface JobState {
  open: OpenMsg;
  /** Planes not yet handed to a worker, lowest first, so the first slices arrive first. */
  queue: number[];
  stream: boolean;
  busy: number;
  failed: boolean;
  cancelled: boolean;
  onPlane(plane: number): void;
  onEnd(status: 'ok' | 'error' | 'cancelled', message: string | null): void;
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
      const id = this.assigned.get(w);
      if (id) this.finish(id, 'error', `decoder crashed: ${e.message}`);
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

  start(open: OpenMsg, planes: number, stream: boolean, onPlane: JobState['onPlane'], onEnd: JobState['onEnd']): DecodeJob {
    const job: JobState = {
      open, queue: stream ? [] : Array.from({ length: planes }, (_, i) => i), stream, busy: 0,
      failed: false, cancelled: false, onPlane, onEnd, workersOpened: new Set(),
    };
    this.jobs.set(open.volumeId, job);
    if (stream) {
      const w = this.takeIdle() ?? this.spawn();
      this.send(w, job, { type: 'decodeAll', volumeId: open.volumeId });
    } else {
      this.dispatch();
    }
    return { volumeId: open.volumeId, cancel: () => this.cancel(open.volumeId) };
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
      while (job.queue.length && !job.failed && !job.cancelled) {
        const w = this.takeIdle();
        if (!w) return;
        // Small batches first (fast first slice), larger ones later (less messaging).
        const n = Math.max(1, Math.min(16, Math.floor(job.queue.length / (this.size * 4))));
        this.send(w, job, { type: 'decode', volumeId: job.open.volumeId, planes: job.queue.splice(0, n) });
      }
    }
  }

  private onMessage(w: Worker, m: FromWorker): void {
    const job = this.jobs.get(m.volumeId);
    if (m.type === 'decoded') {
      job?.onPlane(m.plane);
      return;
    }
    this.assigned.delete(w);
    this.idle.push(w);
    if (job) {
      job.busy--;
      if (m.type === 'failed' && !job.failed) {
        job.failed = true;
        job.queue.length = 0;
        this.finish(m.volumeId, m.cancelled || job.cancelled ? 'cancelled' : 'error', m.message);
      } else if (!job.queue.length && job.busy === 0 && !job.failed) {
        this.finish(m.volumeId, job.cancelled ? 'cancelled' : 'ok', null);
      }
    }
    this.dispatch();
  }

  private finish(volumeId: string, status: 'ok' | 'error' | 'cancelled', message: string | null): void {
    const job = this.jobs.get(volumeId);
    if (!job) return;
    this.jobs.delete(volumeId);
    for (const w of job.workersOpened) w.postMessage({ type: 'close', volumeId } satisfies ToWorker);
    job.onEnd(status, message);
  }

  cancel(volumeId: string): void {
    const job = this.jobs.get(volumeId);
    if (!job) return;
    job.cancelled = true;
    job.queue.length = 0;
    for (const w of job.workersOpened) w.postMessage({ type: 'cancel', volumeId } satisfies ToWorker);
    if (job.busy === 0) this.finish(volumeId, 'cancelled', null);
  }

  async destroy(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
    this.idle.length = 0;
  }
}
