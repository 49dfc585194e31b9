import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Outcome } from './outcome.js';
import { rssOf } from './peak-memory.js';
import type { FromRunner, ToRunner } from './protocol.js';

type Init = Extract<ToRunner, { type: 'init' }>;
export type Job = Exclude<ToRunner, { type: 'init' }>;
export type JobWithoutId = Job extends infer J ? (J extends { id: number } ? Omit<J, 'id'> : never) : never;
export interface RunResult { outcome: Outcome; message: string; ms: number; peakMb: number }

export interface PoolOptions {
  runners: number;
  /** Per-case limit; a runner that has not answered by then is killed and replaced. */
  timeoutMs: number;
  /** A runner whose resident memory passes this is killed (the case fails as a memory spike). */
  rssCapBytes: number;
  /**
   * A runner whose resident memory grew by more than this since it started is replaced after its case:
   * a grown heap is reused by the next case, which would then hide that case's own spike.
   */
  recycleGrowthBytes: number;
  /** Heap limit of each runner (--max-old-space-size, MB). */
  heapMb: number;
  scratch: string;
  onStray(lastId: number, message: string): void;
}

const ENTRY = fileURLToPath(import.meta.url);

/** One long-lived runner process; it is replaced after a hang, a crash or a memory spike. */
class Runner {
  private proc: ChildProcess | null = null;
  private ready: Promise<void> | null = null;
  private startRss = 0;
  private stderr = '';
  private lastId = -1;
  private pending: { id: number; done: (r: RunResult) => void } | null = null;
  restarts = 0;

  constructor(private readonly init: Omit<Init, 'dir'>, private readonly dir: string, private readonly o: PoolOptions) {}

  private start(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const proc = fork(ENTRY, ['--runner'], {
      execArgv: [`--max-old-space-size=${this.o.heapMb}`], serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, VOXELSCOPE_MEMORY_BUDGET: String(this.init.budget) },
    });
    this.proc = proc;
    this.stderr = '';
    proc.stderr!.on('data', (b: Buffer) => (this.stderr = (this.stderr + b.toString()).slice(-4000)));
    const ready = new Promise<void>((resolve, reject) => {
      proc.on('message', (m: FromRunner) => {
        if (m.type === 'ready') resolve();
        else if (m.type === 'stray') this.o.onStray(this.lastId, m.message);
        else if (m.type === 'result' && this.pending?.id === m.id) this.settle({ outcome: m.outcome, message: m.message, ms: m.ms, peakMb: m.peakMb });
      });
      proc.on('exit', (code, signal) => {
        reject(new Error(`fuzz runner exited before it was ready (${code ?? signal}): ${this.stderr.trim().split('\n').pop() ?? ''}`));
        // A runner we killed (hang, memory) has already been replaced and its case settled.
        if (this.proc !== proc) return;
        this.proc = null;
        this.ready = null;
        this.startRss = 0;
        this.restarts++;
        const tail = this.stderr.trim().split('\n').slice(-3).join(' / ');
        this.settle({ outcome: 'crash', message: `runner died (${signal ?? `exit ${code}`})${tail ? `: ${tail}` : ''}`, ms: 0, peakMb: 0 });
      });
    });
    proc.send({ ...this.init, dir: this.dir } satisfies Init);
    return ready;
  }

  private settle(r: RunResult): void {
    const p = this.pending;
    this.pending = null;
    p?.done(r);
  }

  private kill(): void {
    const p = this.proc;
    this.proc = null;
    this.ready = null;
    this.restarts++;
    this.startRss = 0;
    p?.kill('SIGKILL');
  }

  async run(job: Job): Promise<RunResult> {
    if (!this.proc) this.ready = this.start();
    await this.ready;
    if (!this.startRss) this.startRss = rssOf(this.proc!.pid!);
    this.lastId = job.id;
    const proc = this.proc!;
    const t0 = performance.now();
    return new Promise<RunResult>((resolve) => {
      const finish = (r: RunResult): void => {
        clearTimeout(timer);
        clearInterval(watch);
        // After an uncaught exception the runner's state is unknown; after a spike its heap is grown.
        if (r.outcome === 'uncaught' || r.outcome === 'memory' || rssOf(proc.pid!) - this.startRss > this.o.recycleGrowthBytes) this.kill();
        resolve(r);
      };
      this.pending = { id: job.id, done: finish };
      const timer = setTimeout(() => {
        this.pending = null;
        this.kill();
        finish({ outcome: 'hang', message: `no answer within ${this.o.timeoutMs} ms`, ms: performance.now() - t0, peakMb: 0 });
      }, this.o.timeoutMs);
      const watch = setInterval(() => {
        const rss = rssOf(proc.pid!);
        if (rss <= this.o.rssCapBytes) return;
        this.pending = null;
        this.kill();
        finish({ outcome: 'memory', message: `runner resident memory reached ${(rss / 2 ** 20).toFixed(0)} MB`, ms: performance.now() - t0, peakMb: rss / 2 ** 20 });
      }, 25);
      proc.send(job);
    });
  }

  stop(): void {
    const p = this.proc;
    this.proc = null;
    p?.disconnect();
  }
}

/** A fixed set of runners working through jobs; each job goes to whichever runner is free. */
export class RunnerPool {
  private readonly runners: Runner[];
  private nextId = 1;

  constructor(init: Omit<Init, 'dir'>, private readonly o: PoolOptions) {
    this.runners = Array.from({ length: o.runners }, (_, i) => new Runner(init, join(o.scratch, `r${i}`), o));
  }

  get restarts(): number {
    return this.runners.reduce((s, r) => s + r.restarts, 0);
  }

  /** Runs jobs from `next` (until it returns null) on every runner at once; `done` gets each result. */
  async drain(next: () => JobWithoutId | null, done: (job: Job, r: RunResult) => void | Promise<void>): Promise<void> {
    await Promise.all(this.runners.map(async (runner) => {
      for (let j = next(); j; j = next()) {
        const job = { ...j, id: this.nextId++ } as Job;
        await done(job, await runner.run(job));
      }
    }));
  }

  /** One job on the first runner (shrinking and confirming failures, one at a time). */
  runOne(j: JobWithoutId): Promise<RunResult> {
    return this.runners[0].run({ ...j, id: this.nextId++ } as Job);
  }

  stop(): void {
    for (const r of this.runners) r.stop();
  }
}
