import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPS } from '../../../app/filters/catalog.js';
import type { PipelineStep } from '../../../app/filters/pipeline.js';
import { applyPipeline } from '../../../app/jobs/apply.js';
import { channelVolume, type VolumeRef } from '../../../app/jobs/handlers/pipeline.js';
import { runWhole } from '../../../app/jobs/pipeline-run.js';
import { resolveSteps } from '../../../app/jobs/pipeline-steps.js';
import type { JobPool } from '../../../app/jobs/pool.js';
import { hostJobPool } from '../../../main/services/job-pool.js';
import { tempDir } from '../host/host-kit.js';
import { REPO } from '../paths.js';
import { CASES } from './op-cases.js';

/**
 * Apply through the host's real job pool (worker_threads over shared memory, the real filter catalogue)
 * gives byte for byte what the steps give run over each whole channel and time point in this thread:
 * for pools of 1, 2 and 3 workers (up to 2 slabs per worker, fewer where the halo would be most of a slab),
 * for depths that do not divide evenly, and for a pipeline with a whole-volume step (threshold) between slab steps.
 */
let dir = '';
let workerUrl: URL;
const pools: JobPool[] = [];
beforeAll(async () => {
  dir = tempDir('vs-apply-eq-');
  await build({
    entryPoints: [join(REPO, 'main/services/job-worker.ts')], bundle: true, platform: 'node', format: 'esm',
    outfile: join(dir, 'job-worker.mjs'), logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  workerUrl = pathToFileURL(join(dir, 'job-worker.mjs'));
}, 60_000);
afterAll(() => {
  for (const p of pools) p.terminate();
  rmSync(dir, { recursive: true, force: true });
});
const pool = (n: number): JobPool => {
  const p = hostJobPool(workerUrl, n);
  pools.push(p);
  return p;
};

/** A uint16 volume with structure (blobs over a ramp) and hash noise, in shared memory. */
function volume(dims: { x: number; y: number; z: number; c: number; t: number }): VolumeRef {
  const sab = new SharedArrayBuffer(dims.x * dims.y * dims.z * dims.c * dims.t * 2);
  const v = new Uint16Array(sab);
  let i = 0;
  for (let t = 0; t < dims.t; t++) for (let c = 0; c < dims.c; c++) for (let z = 0; z < dims.z; z++) for (let y = 0; y < dims.y; y++) for (let x = 0; x < dims.x; x++, i++) {
    const blob = (x - 5) ** 2 + (y - 4) ** 2 + (z - dims.z / 2) ** 2 < 20 ? 900 : 0;
    v[i] = 100 + 3 * x + 2 * z + 50 * c + blob + ((i * 2654435761) >>> 24) % 40;
  }
  return { sab, dims, dtype: 'uint16' };
}

function expectWholeEquals(out: VolumeRef, input: VolumeRef, steps: PipelineStep[]): void {
  const resolved = resolveSteps(steps, OPS);
  for (let t = 0; t < input.dims.t; t++) for (let c = 0; c < input.dims.c; c++) {
    const want = runWhole(channelVolume(input, c, t), resolved, { throwIfCancelled: () => undefined });
    const got = channelVolume(out, c, t);
    expect(got.dtype).toBe(want.dtype);
    const a = new Uint8Array(got.data.buffer, got.data.byteOffset, got.data.byteLength);
    const b = new Uint8Array(want.data.buffer, want.data.byteOffset, want.data.byteLength);
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b)), `c ${c} t ${t}`).toBe(0);
  }
}

/** Name, steps, and whether the volume is split into slabs (a step that wraps around z needs all of z). */
const PIPELINES: [string, PipelineStep[], boolean][] = [
  ['gaussian (halo 1 plane) then median', [{ op: 'gaussian', sigma: [1, 1, 0.25], mode: 'reflect' }, { op: 'median', size: 3, mode: 'mirror' }], true],
  ['uniform then a black top-hat ball', [{ op: 'uniform', size: 3, mode: 'nearest' }, { op: 'black_tophat', size: 3, footprint: 'ball', mode: 'reflect' }], true],
  ['sobel magnitude with constant cval', [{ op: 'sobel', axis: 'magnitude', mode: 'constant', cval: 500 }], true],
  ['a wrapping laplace (one slab: wrap needs every plane)', [{ op: 'laplace', mode: 'wrap' }], false],
];

describe('applyPipeline on the host job pool equals runWhole', () => {
  for (const workers of [1, 2, 3]) {
    for (const z of [49, 53]) {
      it.each(PIPELINES)(`%s, ${workers} workers, ${z} planes`, async (_name, steps, split) => {
        const input = volume({ x: 10, y: 8, z, c: 2, t: 1 });
        let total = 0;
        // In slabs (oneJobUpTo 0), as a large volume runs.
        const out = await applyPipeline(pool(workers), input, steps, OPS, (p) => (total = p.total), 0).result;
        // The split is real: more than one slab per channel (2 channels) once there is more than one worker.
        if (workers > 1 && split) expect(total).toBeGreaterThan(2);
        expectWholeEquals(out, input, steps);
        // As a small volume runs by default: the whole pipeline one job per channel.
        const whole = await applyPipeline(pool(workers), input, steps, OPS, (p) => (total = p.total)).result;
        expect(total).toBe(2);
        expectWholeEquals(whole, input, steps);
      });
    }
  }

  it('with a whole-volume step in the middle (gaussian, threshold, minimum, label) on 2 workers', async () => {
    const input = volume({ x: 10, y: 8, z: 24, c: 1, t: 2 });
    const steps: PipelineStep[] = [
      { op: 'gaussian', sigma: 1 },
      { op: 'threshold', method: 'otsu' },
      { op: 'maximum', size: 3, enabled: false },
      { op: 'minimum', size: [3, 3, 1] },
      { op: 'label', connectivity: 26 },
    ];
    for (const oneJobUpTo of [0, undefined]) {
      const out = await applyPipeline(pool(2), input, steps, OPS, undefined, oneJobUpTo).result;
      expect(out.dtype).toBe('int32');
      expectWholeEquals(out, input, steps);
    }
    const out = await applyPipeline(pool(2), input, steps, OPS).result;
    // Not trivially empty: the blob survives as an object in each time point.
    for (let t = 0; t < 2; t++) expect(Math.max(...(channelVolume(out, 0, t).data as Int32Array))).toBeGreaterThan(0);
  });

  it.each([[0.2, 6], [0.06, 26]] as const)('labels in slabs on 1 to 3 workers (a mask of density %s, connectivity %s: many objects crossing the slabs), with progress over both rounds', async (density, connectivity) => {
    const dims = { x: 23, y: 19, z: 29, c: 2, t: 1 };
    const input = volume(dims);
    const v = new Uint16Array(input.sab);
    for (let i = 0; i < v.length; i++) v[i] = (Math.imul(i, 0x9e3779b1) >>> 8) / 16777216 < density ? 1000 : 10;
    const steps: PipelineStep[] = [{ op: 'threshold', method: 'mean' }, { op: 'label', connectivity }];
    for (const workers of [1, 2, 3]) {
      let last = { done: 0, total: 0 };
      const out = await applyPipeline(pool(workers), input, steps, OPS, (p) => (last = p), 0).result;
      expectWholeEquals(out, input, steps);
      // threshold: one job per channel; label: three rounds over 2 slabs per worker, per channel.
      expect(last).toEqual({ done: 2 + 2 * 3 * 2 * workers, total: 2 + 2 * 3 * 2 * workers });
      expect(Math.max(...(channelVolume(out, 1, 0).data as Int32Array))).toBeGreaterThan(50);
    }
  });

  it('writes every voxel of a result: buffers handed out again as they are give the same result, for every op of the catalogue', async () => {
    // The host's pool hands released buffers out again without zeroing them (result-buffers.ts): give it
    // buffers full of garbage of every size a step may ask for, so each result lands in one.
    const input = volume({ x: 10, y: 8, z: 21, c: 1, t: 2 });
    const voxels = 10 * 8 * 21 * 2;
    const p = pool(2);
    const dirty = (bytes: number): SharedArrayBuffer => {
      const sab = new SharedArrayBuffer(bytes);
      new Uint8Array(sab).fill(0xa5);
      return sab;
    };
    for (const [op, sets] of Object.entries(CASES)) {
      for (const params of sets) {
        const steps: PipelineStep[] = [{ op, ...params } as PipelineStep];
        for (const bytes of [1, 2, 4, 8]) p.release(dirty(voxels * bytes));
        const out = await applyPipeline(p, input, steps, OPS, undefined, 0).result;
        expectWholeEquals(out, input, steps);
      }
    }
  });
});
