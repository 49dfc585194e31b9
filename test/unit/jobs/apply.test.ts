import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { FilterOp, FilterRegistry } from '../../../app/filters/types.js';
import { applyPipeline } from '../../../app/jobs/apply.js';
import { channelVolume, pipelineJobWith, type VolumeRef } from '../../../app/jobs/handlers/pipeline.js';
import { splitRoundJobWith } from '../../../app/jobs/handlers/split-round.js';
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
/** Rounds the split op ran, by round (the in-process workers share this module). */
const roundsRun = [0, 0];
/** aboveMean in two rounds over slabs: each slab's sum, then each slab's mask; `fail` makes the step between them or slab 1's mask throw. */
const splitAbove: FilterOp<{ fail: 'no' | 'between' | 'mask' }> = {
  ...(aboveMean as unknown as FilterOp<{ fail: 'no' | 'between' | 'mask' }>),
  schema: z.object({ fail: z.enum(['no', 'between', 'mask']).default('no') }).strict(),
  split: (params) => ({
    rounds: 2,
    slab(round, input, output, [z0, z1], arg) {
      roundsRun[round]++;
      const n = input.dims.x * input.dims.y;
      if (round === 0) {
        let sum = 0;
        for (let i = z0 * n; i < z1 * n; i++) sum += input.data[i] as number;
        return sum;
      }
      if (params.fail === 'mask' && z0 > 0 && roundsRun[1] === 1) throw new Error('mask: the first one fails');
      for (let i = z0 * n; i < z1 * n; i++) output.data[i] = (input.data[i] as number) > (arg as number) ? 1 : 0;
      return null;
    },
    between(_round, sums, slabs, input) {
      if (params.fail === 'between') throw new Error('between: no mean today');
      const mean = (sums as number[]).reduce((a, b) => a + b, 0) / input.data.length;
      // The first slab's mask is left to the others' round: it has none of its own (progress still counts it).
      return slabs.map((_s, k) => (k === 0 ? null : mean));
    },
  }),
};
const OPS: FilterRegistry = { blur: blurZ as never, above: aboveMean as never, splitAbove: splitAbove as never };

function pool(size: number, release?: (sab: SharedArrayBuffer) => void): JobPool {
  return new JobPool((): WorkerPort => {
    let on: (m: FromJobWorker) => void = () => undefined;
    const handle = jobWorker({ pipeline: pipelineJobWith(OPS), 'split-round': splitRoundJobWith(OPS) }, (m) => setTimeout(() => on(m), 0));
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

  describe('a whole-volume op that splits (FilterOp.split)', () => {
    it('runs its rounds over slabs of every channel and time point, slabs with nothing to do counted as done', async () => {
      roundsRun.fill(0);
      let last = { done: 0, total: 0 };
      const inp = input();
      const out = await applyPipeline(pool(3), inp, [{ op: 'splitAbove' }], OPS, (p) => (last = p), 0).result;
      // 2 slabs per worker, 2 rounds, 4 channels and time points; the first slab skips round 1.
      expect(last).toEqual({ done: 6 * 2 * 4, total: 6 * 2 * 4 });
      expect(roundsRun).toEqual([6 * 4, 5 * 4]);
      const want = runWhole(channelVolume(inp, 1, 1), resolveSteps([{ op: 'above' }], OPS), { throwIfCancelled: () => undefined });
      const got = channelVolume(out, 1, 1).data;
      // Slab 0 (planes 0..5) did nothing in round 1: its planes are as the new buffer had them, the rest the mask.
      expect([...got.subarray(5 * 4 * 6)]).toEqual([...want.data.subarray(5 * 4 * 6)]);
      expect(got.subarray(0, 5 * 4 * 6).every((v) => v === 0)).toBe(true);
    });

    it('fails the Apply with the error of the step between rounds, and leaves no job running', async () => {
      roundsRun.fill(0);
      const p = pool(2);
      await expect(applyPipeline(p, input(), [{ op: 'splitAbove', fail: 'between' }], OPS, undefined, 0).result).rejects.toThrow('between: no mean today');
      expect(p.busy).toBe(0);
      expect(roundsRun[1]).toBe(0);
    });

    it('a job of a later round that fails fails the Apply only once every other job of it has settled', async () => {
      roundsRun.fill(0);
      const p = pool(3);
      await expect(applyPipeline(p, input(), [{ op: 'splitAbove', fail: 'mask' }], OPS, undefined, 0).result).rejects.toThrow('mask: the first one fails');
      expect(p.busy).toBe(0);
    });

    it('a cancel during a round stops it, and the next round never starts', async () => {
      roundsRun.fill(0);
      const p = pool(2);
      const run = applyPipeline(p, input(), [{ op: 'splitAbove' }], OPS, undefined, 0);
      await new Promise((r) => setTimeout(r, 0));
      run.cancel();
      await expect(run.result).rejects.toThrow(/cancelled/);
      expect(roundsRun[1]).toBe(0);
      expect(p.busy).toBe(0);
    });

    it('a cancel between two rounds (from the progress of the round\'s last job) starts no job of the next', async () => {
      roundsRun.fill(0);
      const inp = { ...input(), dims: { ...input().dims, c: 1, t: 1 } };
      const run = applyPipeline(pool(2), inp, [{ op: 'splitAbove' }], OPS, (q) => q.done === 4 && run.cancel(), 0);
      await expect(run.result).rejects.toThrow(/cancelled/);
      expect(roundsRun).toEqual([4, 0]);
    });
  });
});
