import type { PipelineStep } from '../filters/pipeline.js';
import type { FilterRegistry, SplitPlan, ZRange } from '../filters/types.js';
import { bytesPerVoxel } from '../model/dtype.js';
import { voxelCount } from '../model/volume.js';
import { channelVolume, type PipelinePayload, type VolumeRef } from './handlers/pipeline.js';
import type { SplitRoundPayload } from './handlers/split-round.js';
import { inputBox, outputDtypeOf, type RunStep } from './pipeline-run.js';
import { resolveSteps } from './pipeline-steps.js';
import type { JobPool } from './pool.js';
import { JobCancelledError } from './protocol.js';

export interface ApplyProgress {
  /** Slab jobs done and in all (over every channel and time point and every part of the pipeline). */
  done: number;
  total: number;
}

/**
 * A pipeline over a whole volume, on the job pool: every channel and time point, each in z-slabs run in
 * parallel (a slab reads the planes around it its halo needs, so slabs give the whole-volume result
 * exactly: pipeline-run.ts). A step that needs the whole volume (a histogram threshold, labeling) runs
 * on the result of the steps before it: in rounds over slabs where the op splits (FilterOp.split), else
 * as one job. A volume of at most `oneJobUpTo` voxels per channel and time point is one job for the
 * whole pipeline. The same code serves the app's Apply and the CLI.
 */
export function applyPipeline(
  pool: JobPool, input: VolumeRef, steps: readonly PipelineStep[], ops: FilterRegistry, onProgress?: (p: ApplyProgress) => void,
  oneJobUpTo = SMALL_VOLUME,
): { result: Promise<VolumeRef>; cancel(): void } {
  const enabled = steps.filter((s) => s.enabled !== false);
  // Every step checked before any runs: a bad one throws here, numbered among all the steps (disabled
  // ones too) as the pipeline panel numbers them.
  const resolved = resolveSteps(steps, ops);
  const running = new Set<() => void>();
  let cancelled = false;
  const result = run(pool, input, enabled, resolved, onProgress, running, () => cancelled, oneJobUpTo);
  result.catch(() => undefined);
  return {
    result,
    cancel: () => {
      cancelled = true;
      for (const c of running) c();
    },
  };
}

async function run(
  pool: JobPool, input: VolumeRef, enabled: readonly PipelineStep[], resolved: readonly RunStep[], onProgress: ((p: ApplyProgress) => void) | undefined,
  running: Set<() => void>, cancelled: () => boolean, oneJobUpTo: number,
): Promise<VolumeRef> {
  const d = input.dims;
  const small = d.x * d.y * d.z <= oneJobUpTo;
  const parts: [number, number][] = small ? [[0, resolved.length]] : splitAtGlobalSteps(resolved);
  const planes = d.c * d.t;
  // Each part's input type, and its plan where it is a whole-volume step that splits (run in rounds
  // over slabs; one that does not is one job). A plan answers for the rounds it takes; each channel and
  // time point then runs on a plan of its own (splitPlan), as a plan may keep state between rounds.
  const dtypes = [input.dtype];
  for (const [a, b] of parts) dtypes.push(outputDtypeOf(resolved.slice(a, b), dtypes[dtypes.length - 1]));
  const splitPlan = (i: number): SplitPlan | null => {
    const [a, b] = parts[i];
    return !small && b - a === 1 ? (resolved[a].op.split?.(resolved[a].params, dtypes[i]) ?? null) : null;
  };
  const rounds = parts.map((_p, i) => splitPlan(i)?.rounds ?? 0);
  const slabsOf = (part: RunStep[], i: number): number =>
    rounds[i] ? Math.min(d.z, 2 * pool.size) : small || part.some((s) => s.op.global) ? 1 : slabCount(part, d.z, pool.size);
  const progress: ApplyProgress = { done: 0, total: 0 };
  parts.forEach(([a, b], i) => (progress.total += planes * slabsOf(resolved.slice(a, b), i) * (rounds[i] || 1)));
  const advance = (): void => {
    progress.done++;
    onProgress?.({ ...progress });
  };
  let cur = input;
  for (const [i, [a, b]] of parts.entries()) {
    if (cancelled()) {
      if (cur !== input) pool.release(cur.sab);
      throw new JobCancelledError();
    }
    const part = resolved.slice(a, b);
    const dtype = dtypes[i + 1];
    const out: VolumeRef = { dims: d, dtype, sab: pool.allocate(voxelCount(d) * bytesPerVoxel(dtype)) };
    const n = slabsOf(part, i);
    const slabs = Array.from({ length: n }, (_, k): ZRange => [Math.floor((k * d.z) / n), Math.floor(((k + 1) * d.z) / n)]);
    const jobs = new JobBatch(pool, running, advance, cancelled);
    for (let t = 0; t < d.t; t++) {
      for (let c = 0; c < d.c; c++) {
        if (rounds[i]) {
          jobs.add(runSplit(jobs, splitPlan(i)!, { input: cur, output: out, c, t, step: enabled[a] }, slabs));
          continue;
        }
        for (const [z0, z1] of slabs) {
          const payload: PipelinePayload = {
            input: cur, c, t, steps: enabled.slice(a, b), region: { x0: 0, x1: d.x, y0: 0, y1: d.y, z0, z1 },
            output: { ...out, c, t, at: { x: 0, y: 0, z: z0 } },
          };
          jobs.run('pipeline', payload);
        }
      }
    }
    // Every slab settles before Apply does, so after a cancel or an error no worker is still on it.
    const failure = await jobs.settled();
    // Nothing reads the part's input any more (every slab settled), nor, after a failure, its output:
    // back to the pool for the next allocation. The caller's input and the result stay the caller's.
    if (cur !== input) pool.release(cur.sab);
    if (failure) {
      pool.release(out.sab);
      throw failure.error;
    }
    cur = out;
  }
  return cur;
}

/**
 * The jobs of one part of the pipeline: each one's cancel is registered while it runs; the first to
 * fail (or be cancelled) cancels the others, since they are of no use any more.
 */
class JobBatch {
  private readonly all: Promise<unknown>[] = [];
  failure: { error: unknown } | undefined;

  constructor(
    private readonly pool: JobPool, private readonly running: Set<() => void>, readonly done: () => void, private readonly cancelled: () => boolean,
  ) {}

  run<T>(kind: string, payload: unknown): Promise<T> {
    // A split op's next round after a cancel: not started (the cancel reached only the jobs running).
    if (this.cancelled()) return Promise.reject(new JobCancelledError());
    const job = this.pool.run<T>(kind, payload);
    this.running.add(job.cancel);
    const settled = job.result.finally(() => this.running.delete(job.cancel));
    this.add(settled.then(() => this.done()));
    return settled;
  }

  /** Work of this part that is not one job (a split op's rounds): it fails the part as a job does. */
  add(p: Promise<unknown>): void {
    this.all.push(p.catch((e: unknown) => {
      this.failure ??= { error: e };
      for (const c of this.running) c();
    }));
  }

  /** Once every job has settled: the first failure, if any. */
  async settled(): Promise<{ error: unknown } | undefined> {
    // A split op's rounds add jobs while earlier ones settle: wait for those added meanwhile too.
    for (let seen = 0; seen < this.all.length; ) {
      const waiting = this.all.slice(seen);
      seen = this.all.length;
      await Promise.all(waiting);
    }
    return this.failure;
  }
}

/** A split op's rounds over the slabs of one channel and time point (FilterOp.split). */
async function runSplit(jobs: JobBatch, plan: SplitPlan, at: Omit<SplitRoundPayload, 'round' | 'z0' | 'z1' | 'arg'>, slabs: ZRange[]): Promise<void> {
  let args: unknown[] = slabs.map(() => undefined);
  for (let round = 0; round < plan.rounds; round++) {
    const summaries = await Promise.all(slabs.map(([z0, z1], k) => {
      if (args[k] === null) {
        jobs.done(); // nothing to do on this slab this round: done as far as progress goes
        return null;
      }
      return jobs.run('split-round', { ...at, round, z0, z1, arg: args[k] } satisfies SplitRoundPayload);
    }));
    if (jobs.failure) return;
    if (round < plan.rounds - 1) args = plan.between(round, summaries, slabs, channelVolume(at.input, at.c, at.t), channelVolume(at.output, at.c, at.t));
  }
}

/**
 * Voxels of one channel and time point up to which the whole pipeline is one job (runRegion runs its
 * whole-volume steps in order, so the result is the same): the slabs' parallelism gains less there than
 * their messages, intermediate buffers and round trips cost. A batch of 64^3 files spent more on those
 * than on the filters; files run in parallel keep the cores busy instead.
 */
export const SMALL_VOLUME = 1 << 20;

/** [start, end) runs of steps: each ends at a whole-volume step, or at the end. */
function splitAtGlobalSteps(steps: readonly RunStep[]): [number, number][] {
  const parts: [number, number][] = [];
  let start = 0;
  steps.forEach((s, i) => {
    if (!s.op.global) return;
    if (i > start) parts.push([start, i]);
    parts.push([i, i + 1]);
    start = i + 1;
  });
  if (start < steps.length) parts.push([start, steps.length]);
  return parts;
}

/**
 * Slabs per channel and time point: one per worker, twice over for load balance, but no more than
 * keeps the planes read twice (the halo around each slab) a small part of the work.
 */
function slabCount(part: readonly RunStep[], z: number, workers: number): number {
  const halo = inputBox(part, { x0: 0, x1: 1, y0: 0, y1: 1, z0: 0, z1: 0 }, { x: 1, y: 1, z: Number.MAX_SAFE_INTEGER }).z1;
  const wanted = workers * 2;
  const byHalo = Math.max(1, Math.floor(z / Math.max(8, 8 * halo)));
  return Math.max(1, Math.min(z, wanted, byHalo));
}
