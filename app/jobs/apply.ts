import type { PipelineStep } from '../filters/pipeline.js';
import type { FilterRegistry } from '../filters/types.js';
import { bytesPerVoxel } from '../model/dtype.js';
import { voxelCount } from '../model/volume.js';
import type { PipelinePayload, VolumeRef } from './handlers/pipeline.js';
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
 * as one job, on the result of the steps before it; a volume of at most `oneJobUpTo` voxels per channel
 * and time point is one job for the whole pipeline. The same code serves the app's Apply and the CLI.
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
  const slabsOf = (part: RunStep[]): number => (small || part.some((s) => s.op.global) ? 1 : slabCount(part, d.z, pool.size));
  const progress: ApplyProgress = { done: 0, total: parts.reduce((n, p) => n + planes * slabsOf(resolved.slice(p[0], p[1])), 0) };
  let cur = input;
  for (const [a, b] of parts) {
    if (cancelled()) {
      if (cur !== input) pool.release(cur.sab);
      throw new JobCancelledError();
    }
    const part = resolved.slice(a, b);
    const dtype = outputDtypeOf(part, cur.dtype);
    const out: VolumeRef = { dims: d, dtype, sab: pool.allocate(voxelCount(d) * bytesPerVoxel(dtype)) };
    const n = slabsOf(part);
    const jobs: Promise<unknown>[] = [];
    let failure: { error: unknown } | undefined;
    for (let t = 0; t < d.t; t++) {
      for (let c = 0; c < d.c; c++) {
        for (let k = 0; k < n; k++) {
          const z0 = Math.floor((k * d.z) / n);
          const z1 = Math.floor(((k + 1) * d.z) / n);
          const payload: PipelinePayload = {
            input: cur, c, t, steps: enabled.slice(a, b), region: { x0: 0, x1: d.x, y0: 0, y1: d.y, z0, z1 },
            output: { ...out, c, t, at: { x: 0, y: 0, z: z0 } },
          };
          const job = pool.run('pipeline', payload);
          running.add(job.cancel);
          jobs.push(job.result.then(() => {
            running.delete(job.cancel);
            progress.done++;
            onProgress?.({ ...progress });
          }, (e: unknown) => {
            running.delete(job.cancel);
            // One slab failed (or was cancelled): the others are of no use any more.
            failure ??= { error: e };
            for (const c of running) c();
          }));
        }
      }
    }
    // Every slab settles before Apply does, so after a cancel or an error no worker is still on it.
    await Promise.all(jobs);
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
