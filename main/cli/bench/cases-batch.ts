import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { npyWriter } from '../../../app/formats/npy/writer.js';
import type { VolumeMeta } from '../../../app/model/volume.js';
import { formatBytes } from '../../services/memory-budget.js';
import type { BenchCase, BenchContext } from './harness.js';
import { havePythonModule } from './python-ref.js';

/*
 * Batch runs (`voxelscope run`): a three-step recipe (gaussian sigma 1 -> threshold otsu -> label 26) over
 * 200 volumes of 64^3 uint16 and over 8 of 256^3, with --jobs 1 and --jobs 2, against the same batch as a
 * Python loop over scipy.ndimage / scikit-image (np.load, gaussian_filter to float32, threshold_otsu,
 * ndimage.label, np.save) in the same run. Both are timed as the whole command a user types, start-up
 * included (node and its workers; python and its imports), and both read and write .npy. Peak resident
 * memory (VmHWM, worker threads included) is read from /proc while each command runs, and so is the
 * CPU time of the whole process and of its main thread: the main thread schedules every file, so no
 * run is shorter than its main thread's CPU, and --jobs 1's wall over that bounds what more workers can
 * gain on a machine with cores to spare. How --jobs scales is measured by scalingCase below.
 */

const PYTHON = process.env.VOXELSCOPE_REFERENCE_PYTHON ?? '/usr/bin/python3';
const RECIPE = {
  format: 'voxelscope-recipe', version: 2,
  steps: [{ op: 'gaussian', sigma: 1 }, { op: 'threshold', method: 'otsu' }, { op: 'label', connectivity: 26 }],
};
const PY_LOOP = `
import sys, os, numpy as np, scipy.ndimage as ndi
from skimage.filters import threshold_otsu
src, out = sys.argv[1], sys.argv[2]
s26 = np.ones((3, 3, 3), bool)
for name in sorted(os.listdir(src)):
    a = np.load(os.path.join(src, name))
    g = ndi.gaussian_filter(a, 1.0, output=np.float32, mode='reflect', truncate=4.0)
    labels, n = ndi.label(g > threshold_otsu(g), structure=s26)
    np.save(os.path.join(out, name), labels.astype(np.int32))
`;

interface Batch {
  files: number;
  side: number;
  label: string;
}

const batchOf = (b: 'small' | 'large', ctx: BenchContext): Batch =>
  b === 'small'
    ? ctx.quick ? { files: 6, side: 16, label: '6 x 16^3' } : { files: 200, side: 64, label: '200 x 64^3' }
    : ctx.quick ? { files: 2, side: 32, label: '2 x 32^3' } : { files: 8, side: 256, label: '8 x 256^3' };

/** Blobs (nuclei) over noise, different per file, so Otsu and the labelling have real work. */
function writeInput(path: string, seed: number, n: number): void {
  const v = new Uint16Array(n * n * n);
  let s = (seed * 2654435761 + 7) >>> 0;
  const rnd = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  for (let i = 0; i < v.length; i++) v[i] = 100 + Math.floor(rnd() * 400);
  const blobs = Math.max(4, Math.round((300 * n ** 3) / 256 ** 3));
  for (let k = 0; k < blobs; k++) {
    const cx = rnd() * n, cy = rnd() * n, cz = rnd() * n, r = 2 + rnd() * Math.max(2, n / 24);
    for (let z = Math.max(0, Math.floor(cz - r)); z <= Math.min(n - 1, cz + r); z++) {
      for (let y = Math.max(0, Math.floor(cy - r)); y <= Math.min(n - 1, cy + r); y++) {
        for (let x = Math.max(0, Math.floor(cx - r)); x <= Math.min(n - 1, cx + r); x++) {
          if ((x - cx) ** 2 + (y - cy) ** 2 + (z - cz) ** 2 <= r * r) v[(z * n + y) * n + x] += 1500;
        }
      }
    }
  }
  const meta: VolumeMeta = {
    format: 'npy', dims: { x: n, y: n, z: n, c: 1, t: 1 }, dtype: 'uint16', spacing: { x: 1, y: 1, z: 1, t: 1 }, unit: '', timeUnit: '',
    channels: [], scaling: null, affine: null, extra: {}, warnings: [],
  };
  writeFileSync(path, Buffer.concat(npyWriter.encode(meta, new Uint8Array(v.buffer))));
}

/** utime + stime in seconds from a /proc stat line (USER_HZ is 100 on Linux's ABI); fields after the name. */
function cpuSeconds(statFile: string): number {
  const s = readFileSync(statFile, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

interface Timed {
  seconds: number;
  peak: number;
  /** CPU seconds of the whole process and of its main thread, as last polled (the final milliseconds unseen). */
  cpu: number;
  mainCpu: number;
}

/** Runs a command to its end; its wall seconds, peak resident memory and CPU (polled from /proc). */
function timed(cmd: string, args: string[]): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    let peak = 0;
    let cpu = 0;
    let mainCpu = 0;
    const poll = (): void => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) * 1024);
        cpu = cpuSeconds(`/proc/${p.pid}/stat`);
        mainCpu = cpuSeconds(`/proc/${p.pid}/task/${p.pid}/stat`);
      } catch {
        // gone already
      }
    };
    const timer = setInterval(poll, 20);
    p.stderr.on('data', (b: Buffer) => (err += b.toString()));
    p.on('error', reject);
    p.on('exit', (code) => {
      clearInterval(timer);
      const seconds = (performance.now() - t) / 1000;
      if (code !== 0) reject(new Error(`${cmd} ${args.slice(0, 2).join(' ')}: exit ${code}: ${err.trim().split('\n').slice(-2).join(' ')}`));
      else resolve({ seconds, peak, cpu, mainCpu });
    });
  });
}

/** Inputs made once per batch size and shared by its cases (and the Python loop). */
const made = new Map<string, string>();
function inputs(b: Batch, ctx: BenchContext): string {
  const key = `${b.files}x${b.side}`;
  const dir = join(ctx.workDir, `batch-${key}`);
  if (made.get(key) !== dir || !existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < b.files; i++) writeInput(join(dir, `v${String(i).padStart(3, '0')}.npy`), i, b.side);
    writeFileSync(join(ctx.workDir, 'batch-recipe.json'), JSON.stringify(RECIPE));
    made.set(key, dir);
  }
  return dir;
}

/** The Python loop's timings per batch, measured once and quoted by both --jobs cases. */
const pythonRuns = new Map<string, { seconds: number[]; peak: number }>();
const ourRuns = new Map<string, Timed[]>();

/** Where taskset is (util-linux): it pins a run to one core. */
const TASKSET = '/usr/bin/taskset';
const CLI = fileURLToPath(new URL('./cli.mjs', import.meta.url));

/** The command line of a batch run over `inputs` into `out`. */
const runCommand = (ctx: BenchContext, inputs: string[], out: string, jobs: number): string[] =>
  [process.execPath, CLI, 'run', join(ctx.workDir, 'batch-recipe.json'), ...inputs, '--out', out, '--jobs', String(jobs)];

function batchCase(size: 'small' | 'large', jobs: number): BenchCase {
  let peak = 0;
  let batch: Batch | null = null;
  const slow = size === 'large';
  const runKey = (b: Batch, j: number): string => `${b.files}x${b.side}/${j}`;
  return {
    name: `batch run: gaussian 1 > otsu > label 26, ${size === 'small' ? '200 x 64^3' : '8 x 256^3'} uint16, --jobs ${jobs}`,
    target: '>= 2x Python loop',
    bytes: (ctx) => {
      const b = batchOf(size, ctx);
      return b.files * b.side ** 3 * 2;
    },
    repeats: (ctx) => (ctx.quick ? ctx.repeats : slow ? 3 : 5),
    async setup(ctx) {
      batch = batchOf(size, ctx);
      inputs(batch, ctx);
      peak = 0;
    },
    async run(ctx) {
      const b = batch!;
      const out = join(ctx.workDir, `batch-out-${jobs}`);
      rmSync(out, { recursive: true, force: true });
      const r = await timed(...split(runCommand(ctx, [inputs(b, ctx)], out, jobs)));
      peak = Math.max(peak, r.peak);
      const key = runKey(b, jobs);
      ourRuns.set(key, [...(ourRuns.get(key) ?? []), r]);
      return r.seconds;
    },
    async teardown(ctx) {
      const b = batchOf(size, ctx);
      ourRuns.get(runKey(b, jobs))?.shift(); // the warm-up
    },
    show: (med) => `${((batch?.files ?? 0) / med).toFixed(1)} files/s (${med.toFixed(2)} s)`,
    note(ctx) {
      const b = batchOf(size, ctx);
      const py = pythonRuns.get(`${b.files}x${b.side}`);
      const one = ourRuns.get(runKey(b, 1));
      const mine = ourRuns.get(runKey(b, jobs));
      const wall = (rs: Timed[]): number => median(rs.map((r) => r.seconds));
      const scaling = jobs > 1 && one?.length && mine?.length ? `; ${(wall(one) / wall(mine)).toFixed(2)}x --jobs 1` : '';
      // No run ends before its main thread's work: more workers make --jobs 1 at most wall / main faster.
      const bound = jobs === 1 && mine?.length ? ` (more workers: at most ${median(mine.map((r) => r.seconds / r.mainCpu)).toFixed(1)}x faster)` : '';
      const cpu = mine?.length ? `; CPU ${median(mine.map((r) => r.cpu)).toFixed(2)} s, main thread ${median(mine.map((r) => r.mainCpu)).toFixed(2)} s${bound}` : '';
      return `peak RSS ${formatBytes(peak)}${py ? ` (Python ${formatBytes(py.peak)})` : ''}${scaling}${cpu}`;
    },
    reference(ctx) {
      if (!havePythonModule('numpy, scipy, skimage')) return null;
      const b = batchOf(size, ctx);
      const key = `${b.files}x${b.side}`;
      const got = pythonRuns.get(key);
      if (got) return { name: 'Python loop: scipy.ndimage + skimage', seconds: got.seconds };
      return null; // measured by measurePython below, before the cases quote it
    },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Times the Python loop over a batch (once per batch size, shared by the --jobs 1 and 2 cases): one
 * warm-up, then `repeats` runs. A case of its own so it runs in the same bench run, between ours.
 */
function pythonCase(size: 'small' | 'large'): BenchCase {
  let batch: Batch | null = null;
  let peak = 0;
  return {
    name: `batch run: the same batch as a Python loop, ${size === 'small' ? '200 x 64^3' : '8 x 256^3'}`,
    bytes: (ctx) => {
      const b = batchOf(size, ctx);
      return b.files * b.side ** 3 * 2;
    },
    repeats: (ctx) => (ctx.quick ? ctx.repeats : size === 'large' ? 3 : 5),
    skip: async () => (havePythonModule('numpy, scipy, skimage') ? null : `no numpy/scipy/skimage for ${PYTHON}`),
    async setup(ctx) {
      batch = batchOf(size, ctx);
      inputs(batch, ctx);
      peak = 0;
    },
    async run(ctx) {
      const b = batch!;
      const out = join(ctx.workDir, 'batch-out-python');
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out);
      const r = await timed(PYTHON, ['-c', PY_LOOP, inputs(b, ctx), out]);
      peak = Math.max(peak, r.peak);
      const key = `${b.files}x${b.side}`;
      const prev = pythonRuns.get(key);
      pythonRuns.set(key, { seconds: [...(prev?.seconds ?? []), r.seconds], peak });
      return r.seconds;
    },
    async teardown(ctx) {
      // The warm-up's time is not a measurement.
      const b = batchOf(size, ctx);
      const got = pythonRuns.get(`${b.files}x${b.side}`);
      if (got) got.seconds.shift();
    },
    show: (med) => `${((batch?.files ?? 0) / med).toFixed(1)} files/s (${med.toFixed(2)} s)`,
    note: () => `peak RSS ${formatBytes(peak)}`,
  };
}

/**
 * How --jobs scales, three commands back to back in each repeat so that the machine's speed (which
 * drifts by a third here from minute to minute) is shared: --jobs 2 over the batch; the ideal split,
 * two --jobs 1 runs over its halves at once (two processes that share nothing: what two cores give this
 * work, start-up included); and --jobs 1 pinned to one core. --jobs 1 alone cannot be the baseline on a
 * machine of two cores: its reads, writes and hashing already run beside its worker on the second one.
 * Ratios are medians of each repeat's; the order of the three turns from repeat to repeat.
 */
function scalingCase(size: 'small' | 'large'): BenchCase {
  let batch: Batch | null = null;
  let files: string[] = [];
  let repeats: { jobs2: number; split: number; oneCore: number }[] = [];
  return {
    name: `batch run scaling: --jobs 2 against the ideal split, ${size === 'small' ? '200 x 64^3' : '8 x 256^3'}`,
    target: '~1x the ideal split (linear as far as the cores allow)',
    skip: async () => (existsSync(TASKSET) ? null : `no ${TASKSET} to pin a run to one core`),
    bytes: (ctx) => {
      const b = batchOf(size, ctx);
      return b.files * b.side ** 3 * 2;
    },
    repeats: (ctx) => (ctx.quick ? ctx.repeats : 6),
    async setup(ctx) {
      batch = batchOf(size, ctx);
      const dir = inputs(batch, ctx);
      files = readdirSync(dir).sort().map((f) => join(dir, f));
      repeats = [];
    },
    async run(ctx) {
      const out = (name: string): string => {
        const dir = join(ctx.workDir, `batch-scaling-${name}`);
        rmSync(dir, { recursive: true, force: true });
        return dir;
      };
      const half = files.length >> 1;
      const wallOf = async (commands: string[][]): Promise<number> => {
        const t = performance.now();
        await Promise.all(commands.map((c) => timed(...split(c))));
        return (performance.now() - t) / 1000;
      };
      const commands = {
        jobs2: [runCommand(ctx, files, out('jobs2'), 2)],
        split: [runCommand(ctx, files.slice(0, half), out('half1'), 1), runCommand(ctx, files.slice(half), out('half2'), 1)],
        // taskset execs the command: every thread of the run (main, workers, V8's) on core 0.
        oneCore: [[TASKSET, '-c', '0', ...runCommand(ctx, files, out('one-core'), 1)]],
      };
      // Each repeat starts with another of the three: the first after a pause finds the memory freed before
      // it returned to the hypervisor (slower to touch again), and this machine drifts.
      const order = (['jobs2', 'split', 'oneCore'] as const).map((_, i, all) => all[(i + repeats.length) % all.length]);
      const seconds = { jobs2: 0, split: 0, oneCore: 0 };
      for (const k of order) seconds[k] = await wallOf(commands[k]);
      repeats.push(seconds);
      return seconds.jobs2;
    },
    async teardown() {
      repeats.shift(); // the warm-up
    },
    show: (med) => `${((batch?.files ?? 0) / med).toFixed(1)} files/s (${med.toFixed(2)} s)`,
    reference: () => ({ name: 'the ideal split: two --jobs 1 runs over its halves at once', seconds: repeats.map((r) => r.split) }),
    note() {
      if (!repeats.length) return null;
      const ratio = (f: (r: (typeof repeats)[number]) => number): string => median(repeats.map(f)).toFixed(2);
      return `each repeat: --jobs 2 ${ratio((r) => r.split / r.jobs2)}x the ideal split, ${ratio((r) => r.oneCore / r.jobs2)}x --jobs 1 on one core; ` +
        `the ideal split ${ratio((r) => r.oneCore / r.split)}x one core (what the second core gives work that shares nothing)`;
    },
  };
}

/** [command, args] of a command line, for timed(). */
const split = (command: string[]): [string, string[]] => [command[0], command.slice(1)];

/** Python first, so both --jobs cases can quote it as their reference. */
export const batchCases: BenchCase[] = [
  pythonCase('small'), batchCase('small', 1), batchCase('small', 2), scalingCase('small'),
  pythonCase('large'), batchCase('large', 1), batchCase('large', 2), scalingCase('large'),
];
