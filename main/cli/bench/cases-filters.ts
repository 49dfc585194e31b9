import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseFilterParams } from '../../../app/filters/registry.js';
import type { Backend } from '../../../app/filters/kernels/engine.js';
import { readFiltersWasm } from '../../services/filters-wasm.js';
import { FilterSlabPool, type SharedVolumeView } from './filter-slab-pool.js';
import type { BenchCase, BenchContext } from './harness.js';
import { havePythonModule, timePython } from './python-ref.js';

/**
 * The neighbourhood filters on a 256^3 float32 volume (issue 9's sizes), z slabs spread over every core
 * by a small worker_threads runner, against scipy.ndimage (single-threaded) on the same voxels in the
 * same run. The note gives peak memory: the process's RSS growth from before the volumes, over the
 * input's size (input and output volumes, the worker threads and their kernel workspaces).
 */
const side = (ctx: BenchContext): number => (ctx.quick ? 32 : 256);
const inputBytes = (ctx: BenchContext): number => side(ctx) ** 3 * 4;

/** One input and one output volume shared by every case (made once; their memory counts in every note). */
let shared: { n: number; input: SharedVolumeView; output: SharedVolumeView; file: string; baseline: number } | null = null;

function volumes(ctx: BenchContext) {
  const n = side(ctx);
  if (shared?.n === n) return shared;
  const baseline = process.memoryUsage.rss();
  const dims = { x: n, y: n, z: n };
  const data = new Float32Array(new SharedArrayBuffer(n * n * n * 4));
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
  writeFileSync(file, new Uint8Array(data.buffer));
  const out = new Float32Array(new SharedArrayBuffer(n * n * n * 4));
  shared = {
    n,
    file,
    baseline,
    input: { data, dtype: 'float32', dims } as SharedVolumeView,
    output: { data: out, dtype: 'float32', dims } as SharedVolumeView,
  };
  return shared;
}

interface FilterSpec {
  name: string;
  op: string;
  params: Record<string, unknown>;
  /** scipy's call on `v` (z, y, x float32), or null for a case without a reference. */
  scipy: string | null;
  target?: string;
  backend?: Backend;
  threads?: number;
  /** Fewer runs for the slow cases (ours and the reference's). */
  repeats?: number;
}

function filterCase(s: FilterSpec): BenchCase {
  let pool: FilterSlabPool | null = null;
  let peak = 0;
  const threads = (): number => s.threads ?? Math.max(1, availableParallelism());
  return {
    name: s.name,
    target: s.target,
    bytes: inputBytes,
    repeats: (ctx) => (ctx.quick ? ctx.repeats : (s.repeats ?? ctx.repeats)),
    async setup(ctx) {
      volumes(ctx);
      pool = await FilterSlabPool.start(threads(), readFiltersWasm(), s.backend ?? 'wasm');
      if (pool.backend !== (s.backend ?? 'wasm')) process.stderr.write(`bench: ${s.name}: no wasm kernels (dist/native/filters.wasm), TypeScript ones measured\n`);
      peak = 0;
    },
    async run(ctx) {
      const v = volumes(ctx);
      const params = parseFilterParams(s.op, s.params);
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
      const t = performance.now();
      try {
        // Four slabs per thread, handed out as threads come free.
        await pool!.run(s.op, params, v.input, v.output, 4 * threads());
      } finally {
        clearInterval(timer);
      }
      peak = Math.max(peak, process.memoryUsage.rss());
      return (performance.now() - t) / 1000;
    },
    async teardown() {
      await pool?.close();
      pool = null;
    },
    reference: s.scipy === null ? undefined : (ctx) => {
      if (!havePythonModule('numpy, scipy')) return null;
      const n = side(ctx);
      const setup = `import numpy as np, scipy.ndimage as ndi\nv = np.fromfile(args[0], dtype=np.float32).reshape(${n}, ${n}, ${n})`;
      const seconds = timePython(setup, s.scipy!, [volumes(ctx).file], ctx.quick ? ctx.repeats : (s.repeats ?? ctx.repeats));
      return seconds && { name: 'scipy.ndimage', seconds };
    },
    note(ctx) {
      if (ctx.quick || !shared) return null;
      const label = `${pool?.backend ?? s.backend ?? 'wasm'}, ${threads()} thread${threads() > 1 ? 's' : ''}`;
      return `${label}; peak RSS +${((peak - shared.baseline) / inputBytes(ctx)).toFixed(2)}x input`;
    },
  };
}

export function filterCases(): BenchCase[] {
  const specs: FilterSpec[] = [
    { name: 'filter gaussian sigma 2, float32 256^3', op: 'gaussian', params: { sigma: 2 }, scipy: 'ndi.gaussian_filter(v, 2)', target: '>= 2x scipy' },
    { name: 'filter median 3x3x3, float32 256^3', op: 'median', params: { size: 3 }, scipy: 'ndi.median_filter(v, 3)', target: '>= 3x scipy', repeats: 3 },
    { name: 'filter uniform 3, float32 256^3', op: 'uniform', params: { size: 3 }, scipy: 'ndi.uniform_filter(v, 3)', target: '>= 2x scipy' },
    { name: 'filter minimum 3, float32 256^3', op: 'minimum', params: { size: 3 }, scipy: 'ndi.minimum_filter(v, 3)', target: '>= 2x scipy' },
    { name: 'filter maximum 3, float32 256^3', op: 'maximum', params: { size: 3 }, scipy: 'ndi.maximum_filter(v, 3)', target: '>= 2x scipy' },
    { name: 'filter sobel z, float32 256^3', op: 'sobel', params: { axis: 'z' }, scipy: 'ndi.sobel(v, 0)', target: '>= 1.5x scipy' },
    {
      name: 'filter sobel magnitude, float32 256^3', op: 'sobel', params: { axis: 'magnitude' }, target: '>= 1.5x scipy',
      scipy: 'np.sqrt(ndi.sobel(v, 0) ** 2 + ndi.sobel(v, 1) ** 2 + ndi.sobel(v, 2) ** 2)',
    },
    { name: 'filter laplace, float32 256^3', op: 'laplace', params: {}, scipy: 'ndi.laplace(v)', target: '>= 1.5x scipy' },
    // The same kernels on one thread, and the TypeScript fallback, for comparison.
    { name: 'filter gaussian sigma 2, one thread', op: 'gaussian', params: { sigma: 2 }, scipy: null, threads: 1 },
    { name: 'filter median 3x3x3, one thread', op: 'median', params: { size: 3 }, scipy: null, threads: 1, repeats: 3 },
    { name: 'filter gaussian sigma 2, TypeScript kernels', op: 'gaussian', params: { sigma: 2 }, scipy: null, backend: 'ts', repeats: 3 },
  ];
  return specs.map(filterCase);
}
