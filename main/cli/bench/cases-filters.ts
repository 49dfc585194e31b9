import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { OPS } from '../../../app/filters/catalog.js';
import type { PipelineStep } from '../../../app/filters/pipeline.js';
import { applyPipeline } from '../../../app/jobs/apply.js';
import type { VolumeRef } from '../../../app/jobs/handlers/pipeline.js';
import type { JobPool } from '../../../app/jobs/pool.js';
import { collectGarbage } from '../../services/collect-garbage.js';
import { hostJobPool } from '../../services/job-pool.js';
import type { BenchCase, BenchContext } from './harness.js';
import { havePythonModule, timePython } from './python-ref.js';

/**
 * The filters on a 256^3 float32 volume (issue 9's sizes) through the product's own path: applyPipeline
 * on the host's job pool (worker_threads, one per core), exactly what `voxelscope filter` runs, output
 * volume allocated by every run as the command does. Against scipy.ndimage / scikit-image
 * (single-threaded) on the same voxels in the same run. The note gives peak memory over the input's
 * size: the input itself plus the process's largest RSS growth during a run over its RSS just before
 * (the output volumes and the workers' kernel workspaces; the idle worker threads themselves are not
 * counted). Earlier cases (a viewer's volume given back) make an RSS from before the input meaningless.
 */
const side = (ctx: BenchContext): number => (ctx.quick ? 32 : 256);
const inputBytes = (ctx: BenchContext): number => side(ctx) ** 3 * 4;

/** The job worker beside the CLI bundle, as main.ts starts it. */
const JOB_WORKER = new URL('./job-worker.mjs', import.meta.url);

/** One input volume shared by every case (made once; its memory counts in every note). */
let shared: { n: number; input: VolumeRef; file: string } | null = null;

function volume(ctx: BenchContext) {
  const n = side(ctx);
  if (shared?.n === n) return shared;
  const sab = new SharedArrayBuffer(n * n * n * 4);
  const data = new Float32Array(sab);
  // A smooth background with structure at several scales and some noise: an ordinary microscope volume.
  let s = 12345;
  for (let z = 0, i = 0; z < n; z++) {
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++, i++) {
        s = (s * 1103515245 + 12345) >>> 0;
        data[i] = 300 + 200 * Math.sin(x / 17 + z / 29) * Math.cos(y / 23) + (s >>> 16) / 2048;
      }
    }
  }
  const file = join(ctx.workDir, `filters-input-${n}.f32`);
  writeFileSync(file, new Uint8Array(sab));
  shared = { n, file, input: { sab, dtype: 'float32', dims: { x: n, y: n, z: n, c: 1, t: 1 } } };
  return shared;
}

interface FilterSpec {
  name: string;
  steps: PipelineStep[];
  /** The reference's call on `v` (z, y, x float32), or null for a case without one. */
  python: string | null;
  /** The reference's name, its Python imports' check. */
  refName?: string;
  target?: string;
  threads?: number;
  /** Fewer runs for the slow cases (ours and the reference's). */
  repeats?: number;
  /** Sets a side fact for the note from the result (e.g. the object count). */
  after?(out: VolumeRef): string;
}

function filterCase(s: FilterSpec): BenchCase {
  let pool: JobPool | null = null;
  let peak = 0;
  let growth = 0;
  let extra = '';
  let kernels = '';
  const threads = (): number => s.threads ?? Math.max(1, availableParallelism());
  const refName = s.refName ?? 'scipy.ndimage';
  return {
    name: s.name,
    target: s.target,
    bytes: inputBytes,
    repeats: (ctx) => (ctx.quick ? ctx.repeats : (s.repeats ?? ctx.repeats)),
    async setup(ctx) {
      volume(ctx);
      pool = hostJobPool(JOB_WORKER, threads());
      // Which kernels the workers run: one tiny job answers (and starts a worker, as the first run would).
      kernels = (await pool.run<{ kernels: string }>('pipeline', {
        input: { sab: new SharedArrayBuffer(4), dims: { x: 1, y: 1, z: 1, c: 1, t: 1 }, dtype: 'float32' }, c: 0, t: 0, steps: [{ op: 'uniform', size: 1 }],
        region: { x0: 0, x1: 1, y0: 0, y1: 1, z0: 0, z1: 1 }, output: { sab: new SharedArrayBuffer(4), dims: { x: 1, y: 1, z: 1, c: 1, t: 1 }, dtype: 'float32', c: 0, t: 0, at: { x: 0, y: 0, z: 0 } },
      }).result).kernels;
      if (kernels !== 'wasm') process.stderr.write(`bench: ${s.name}: no wasm kernels (dist/native/filters.wasm), TypeScript ones measured\n`);
      growth = 0;
    },
    async run(ctx) {
      const v = volume(ctx);
      // The previous run's output is garbage now; a fresh process (the CLI) would not hold it either.
      // The job workers collect only after 250 ms idle (job-worker.ts), so runs 50 ms apart measure warm
      // workers, as Applies one after another do; the first job after an idle collection runs slower
      // TypeScript code while V8 optimizes it again (README, Speed).
      collectGarbage?.();
      await new Promise((r) => setTimeout(r, 50));
      const before = process.memoryUsage.rss();
      peak = before;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
      const t = performance.now();
      let out: VolumeRef;
      try {
        out = await applyPipeline(pool!, v.input, s.steps, OPS).result;
      } finally {
        clearInterval(timer);
      }
      const seconds = (performance.now() - t) / 1000;
      peak = Math.max(peak, process.memoryUsage.rss());
      growth = Math.max(growth, peak - before);
      if (s.after) extra = s.after(out);
      return seconds;
    },
    async teardown() {
      pool?.terminate();
      pool = null;
    },
    reference: s.python === null ? undefined : (ctx) => {
      if (!havePythonModule(refName.startsWith('skimage') ? 'numpy, scipy, skimage' : 'numpy, scipy')) return null;
      const n = side(ctx);
      const setup = [
        'import numpy as np, scipy.ndimage as ndi',
        ...(refName.startsWith('skimage') ? ['from skimage.filters import threshold_otsu'] : []),
        `v = np.fromfile(args[0], dtype=np.float32).reshape(${n}, ${n}, ${n})`,
      ].join('\n');
      const seconds = timePython(setup, s.python!, [volume(ctx).file], ctx.quick ? ctx.repeats : (s.repeats ?? ctx.repeats));
      return seconds && { name: refName, seconds };
    },
    note(ctx) {
      if (ctx.quick || !shared) return null;
      const label = `job pool, ${kernels || '?'}, ${threads()} thread${threads() > 1 ? 's' : ''}`;
      return [label, extra, `peak ${(1 + growth / inputBytes(ctx)).toFixed(2)}x input (input + RSS growth)`].filter(Boolean).join('; ');
    },
  };
}

/** Labels are 1..n: the count is the largest. */
function objectCount(out: VolumeRef): string {
  const labels = new Int32Array(out.sab);
  let n = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] > n) n = labels[i];
  return `${n} objects`;
}

export function filterCases(): BenchCase[] {
  const specs: FilterSpec[] = [
    { name: 'filter gaussian sigma 2, float32 256^3', steps: [{ op: 'gaussian', sigma: 2 }], python: 'ndi.gaussian_filter(v, 2)', target: '>= 2x scipy' },
    { name: 'filter median 3x3x3, float32 256^3', steps: [{ op: 'median', size: 3 }], python: 'ndi.median_filter(v, 3)', target: '>= 3x scipy', repeats: 3 },
    { name: 'filter uniform 3, float32 256^3', steps: [{ op: 'uniform', size: 3 }], python: 'ndi.uniform_filter(v, 3)', target: '>= 2x scipy' },
    { name: 'filter minimum 3, float32 256^3', steps: [{ op: 'minimum', size: 3 }], python: 'ndi.minimum_filter(v, 3)', target: '>= 2x scipy' },
    { name: 'filter maximum 3, float32 256^3', steps: [{ op: 'maximum', size: 3 }], python: 'ndi.maximum_filter(v, 3)', target: '>= 2x scipy' },
    { name: 'filter sobel z, float32 256^3', steps: [{ op: 'sobel', axis: 'z' }], python: 'ndi.sobel(v, 0)', target: '>= 1.5x scipy' },
    {
      name: 'filter sobel magnitude, float32 256^3', steps: [{ op: 'sobel', axis: 'magnitude' }], target: '>= 1.5x scipy',
      python: 'np.sqrt(ndi.sobel(v, 0) ** 2 + ndi.sobel(v, 1) ** 2 + ndi.sobel(v, 2) ** 2)',
    },
    { name: 'filter laplace, float32 256^3', steps: [{ op: 'laplace' }], python: 'ndi.laplace(v)', target: '>= 1.5x scipy' },
    {
      name: 'filter threshold otsu + label 26, float32 256^3', steps: [{ op: 'threshold', method: 'otsu' }, { op: 'label', connectivity: 26 }],
      python: 'ndi.label(v > threshold_otsu(v), structure=np.ones((3, 3, 3), bool))', refName: 'skimage threshold_otsu + scipy ndimage.label',
      target: '>= 1x skimage + scipy', after: objectCount,
    },
    // The same kernels on one thread, for comparison.
    { name: 'filter gaussian sigma 2, one thread', steps: [{ op: 'gaussian', sigma: 2 }], python: null, threads: 1 },
    { name: 'filter median 3x3x3, one thread', steps: [{ op: 'median', size: 3 }], python: null, threads: 1, repeats: 3 },
  ];
  return specs.map(filterCase);
}
