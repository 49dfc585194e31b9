import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FilterOp, FilterRegistry } from '../../../app/filters/types.js';
import { applyPipeline } from '../../../app/jobs/apply.js';
import { channelVolume, pipelineJobWith, type VolumeRef } from '../../../app/jobs/handlers/pipeline.js';
import { runWhole } from '../../../app/jobs/pipeline-run.js';
import { resolveSteps } from '../../../app/jobs/pipeline-steps.js';
import { JobPool, type WorkerPort } from '../../../app/jobs/pool.js';
import type { FromJobWorker } from '../../../app/jobs/protocol.js';
import { jobWorker } from '../../../app/jobs/worker-core.js';

/**
 * Apply on the job pool: z-slabs in parallel, whole-volume steps as one job, every channel and time
 * point, the result equal to running the steps over each whole volume; bad steps refused before
 * anything runs; cancel.
 */
const blurZ: FilterOp<{ mode: 'nearest' }> = {
  schema: z.object({ mode: z.literal('nearest').default('nearest') }).strict(),
  outputDtype: () => 'float32',
  halo: () => ({ x: 0, y: 0, z: 2 }),
  run(input, _p, output, [z0, z1]) {
    const { x: X, y: Y, z: Z } = input.dims;
    const first = output.dims.z === Z ? 0 : z0; // a slab-sized output holds planes z0.. from its start
    for (let z = z0; z < z1; z++) for (let i = 0; i < X * Y; i++) {
      let s = 0;
      for (let d = -2; d <= 2; d++) s += input.data[i + X * Y * Math.min(Z - 1, Math.max(0, z + d))] as number;
      output.data[i + X * Y * (z - first)] = s / 5;
    }
  },
};
const aboveMean: FilterOp<Record<string, never>> = {
  schema: z.object({}).strict(), outputDtype: () => 'uint8', halo: () => ({ x: 0, y: 0, z: 0 }), global: true,
  run(input, _p, output, [z0, z1]) {
    let m = 0;
    for (let i = 0; i < input.data.length; i++) m += input.data[i] as number;
    m /= input.data.length;
    const n = input.dims.x * input.dims.y;
    const first = output.dims.z === input.dims.z ? 0 : z0;
    for (let i = z0 * n; i < z1 * n; i++) output.data[i - first * n] = (input.data[i] as number) > m ? 1 : 0;
  },
};
const OPS: FilterRegistry = { blur: blurZ as never, above: aboveMean as never };

function pool(size: number, release?: (sab: SharedArrayBuffer) => void): JobPool {
  return new JobPool((): WorkerPort => {
    let on: (m: FromJobWorker) => void = () => undefined;
    const handle = jobWorker({ pipeline: pipelineJobWith(OPS) }, (m) => setTimeout(() => on(m), 0));
    return { post: (m) => setTimeout(() => handle(m), 0), onMessage: (f) => (on = f), onError: () => undefined, terminate: () => undefined };
  }, size, undefined, undefined, release);
}

function input(): VolumeRef {
  const dims = { x: 5, y: 4, z: 40, c: 2, t: 2 };
  const sab = new SharedArrayBuffer(5 * 4 * 40 * 4 * 2);
  const v = new Uint16Array(sab);
  for (let i = 0; i < v.length; i++) v[i] = (i * 2654435761) % 997;
  return { sab, dims, dtype: 'uint16' };
}

describe('applyPipeline', () => {
  it('gives each intermediate result back to the pool once nothing reads it, never the input or the result', async () => {
    const inp = input();
    const released: SharedArrayBuffer[] = [];
    // blur > above (whole volume) > blur: three parts, so two intermediates; in slabs and as one job.
    for (const oneJobUpTo of [0, undefined]) {
      released.length = 0;
      const out = await applyPipeline(pool(2, (sab) => released.push(sab)), inp, [{ op: 'blur' }, { op: 'above' }, { op: 'blur' }], OPS, undefined, oneJobUpTo).result;
      expect(released).not.toContain(inp.sab);
      expect(released).not.toContain(out.sab);
      expect(released).toHaveLength(oneJobUpTo === 0 ? 2 : 0);
    }
  });

  it('gives, in slabs on several workers, what the steps give over each whole channel and time point', async () => {
    const inp = input();
    const steps = [{ op: 'blur' }, { op: 'blur', enabled: false }, { op: 'blur' }, { op: 'above' }, { op: 'blur' }];
    const progress: number[] = [];
    const out = await applyPipeline(pool(3), inp, steps, OPS, (p) => progress.push(p.done), 0).result;
    expect(out.dtype).toBe('float32');
    const resolved = resolveSteps(steps, OPS);
    for (let t = 0; t < 2; t++) for (let c = 0; c < 2; c++) {
      const want = runWhole(channelVolume(inp, c, t), resolved, { throwIfCancelled: () => undefined });
      expect([...channelVolume(out, c, t).data]).toEqual([...want.data]);
    }
    expect(progress.at(-1)).toBeGreaterThan(4 * 3); // several slabs per channel and time point
  });

  it('refuses a bad step before running anything, naming the step and the field', () => {
    expect(() => applyPipeline(pool(1), input(), [{ op: 'blur' }, { op: 'blur', mode: 'reflect' }], OPS)).toThrow(/step 2: blur: mode/);
    expect(() => applyPipeline(pool(1), input(), [{ op: 'gausian' }], OPS)).toThrow(/step 1: unknown op 'gausian'/);
  });

  it('cancel stops the run', async () => {
    const run = applyPipeline(pool(1), input(), [{ op: 'blur' }, { op: 'blur' }, { op: 'blur' }], OPS);
    run.cancel();
    await expect(run.result).rejects.toThrow(/cancelled/);
  });
});
