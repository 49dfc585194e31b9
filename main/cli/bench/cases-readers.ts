import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { collectGarbage } from '../../services/collect-garbage.js';
import { loadWhole } from '../../services/load-whole.js';
import { openHeader } from '../../services/open-volume.js';
import type { HostVolume, VolumeStore } from '../../services/volume-store.js';
import type { BenchCase, BenchContext } from './harness.js';
import { canMake, inputNeeds, makeInput, type InputKind, type Size } from './inputs.js';
import { havePythonModule, timePython } from './python-ref.js';

/**
 * Reader benchmarks: whole files opened and decoded through the same path as the app (header, budget
 * check, worker pool into a SharedArrayBuffer), each against tifffile / nibabel measured in the same run.
 */

// 512^3 uint16 = 256 MiB: a typical confocal/light-sheet stack. --quick: tiny, so npm test stays fast.
const stack = (ctx: BenchContext): Size => (ctx.quick ? { x: 64, y: 64, z: 16 } : { x: 512, y: 512, z: 512 });
const brain = (ctx: BenchContext): Size => (ctx.quick ? { x: 32, y: 32, z: 16 } : { x: 256, y: 256, z: 256 });
// 512 x 512 x 128 uint16 = 64 MiB: the pure-JavaScript codecs are slower, a quarter of the stack will do.
const quarterStack = (ctx: BenchContext): Size => (ctx.quick ? { x: 64, y: 64, z: 16 } : { x: 512, y: 512, z: 128 });
const bytesOf = (s: Size, bpv: number): number => s.x * s.y * s.z * bpv;

/**
 * A main-thread GC before each measured run (untimed), so the main isolate's garbage from the previous
 * run is not collected inside the next one. Decode workers collect by themselves once idle.
 */
const gc = collectGarbage;


/** Runs `f` while sampling process RSS (main thread + workers + SharedArrayBuffers) every few ms. */
async function peakRss(f: () => Promise<void>): Promise<number> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  try {
    await f();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage.rss());
}

interface FileCaseSpec {
  name: string;
  kind: InputKind;
  file: string;
  size: (ctx: BenchContext) => Size;
  bpv: number;
  target: string;
  ref: { module: string; name: string; setup: string; body: string };
  /** Also report peak RSS above the idle process, over the data size. */
  memory?: boolean;
  /**
   * Each run opens the file into a new buffer, as the first open of a file does (the store's pool of
   * released buffers is emptied first). Otherwise every run after the first is a reopen, whose
   * buffer, the previous run's, is reused.
   */
  fresh?: boolean;
  /** Another case uses the same input after this one: do not delete it. */
  keepInput?: boolean;
}

/** A whole-file decode through the store, timed against a Python reader on the same file. */
function fileCase(store: VolumeStore, budget: number, s: FileCaseSpec): BenchCase {
  let path = '';
  // Measured from the idle process (before the first open), not from just before each run: a closed
  // volume's SharedArrayBuffer is freed only when every isolate that held it (main and decode workers)
  // has collected it, which can happen in the middle of the next run and would hide its growth.
  let idleRss = 0;
  const peaks: number[] = [];
  return {
    name: s.name,
    target: s.target,
    bytes: (ctx) => bytesOf(s.size(ctx), s.bpv),
    async setup(ctx) {
      path = join(ctx.workDir, s.file);
      if (!existsSync(path)) makeInput(s.kind, path, s.size(ctx));
      store.buffers.drain(); // idle = no voxels held, not even an earlier case's released buffer
      gc?.();
      idleRss = process.memoryUsage.rss();
    },
    async run() {
      if (s.fresh) store.buffers.drain();
      gc?.();
      // Open, decode through the store, close: what the app does on open.
      const opened: HostVolume[] = [];
      const t = performance.now();
      const peak = await peakRss(() => loadWhole(path, store, budget, (_o, v) => void opened.push(v)));
      const seconds = (performance.now() - t) / 1000;
      await opened[0].freed; // untimed: the buffer is back in the pool before the next run
      if (s.memory) peaks.push(peak - idleRss);
      return seconds;
    },
    reference(ctx) {
      if (!havePythonModule(`numpy, ${s.ref.module}`)) return null;
      const seconds = timePython(s.ref.setup, s.ref.body, [path], ctx.repeats);
      if (!s.keepInput) rmSync(path, { force: true }); // the stacks are large
      return seconds && { name: s.ref.name, seconds };
    },
    note(ctx) {
      // Tiny --quick inputs are dwarfed by the decode threads' own memory: no meaningful ratio.
      if (!peaks.length || ctx.quick) return null;
      const x = (b: number): string => `${(b / bytesOf(s.size(ctx), s.bpv)).toFixed(2)}x`;
      // peaks[0] is the harness's warm-up run: the first open of the file in this process.
      const later = peaks.slice(1);
      return `peak RSS over idle: first open ${x(peaks[0])} data, then up to ${x(Math.max(...later))} (${s.fresh ? 'new buffers' : 'reopens'})`;
    },
  };
}

/** Time from starting to open a file until its first plane is decoded (the first slice on screen). */
function firstSliceCase(store: VolumeStore, budget: number): BenchCase {
  let path = '';
  let runs = 0;
  return {
    name: 'TIFF uint16 256 MB: time to first slice',
    target: '< 300 ms',
    bytes: () => 0,
    async setup(ctx) {
      path = join(ctx.workDir, 'first-slice.tif');
      makeInput('tiff', path, stack(ctx));
      runs = 0;
    },
    async run(ctx) {
      gc?.();
      const t = performance.now();
      const v = store.load(await openHeader(path, budget), 'bench');
      await v.waitForPlane(0);
      const seconds = (performance.now() - t) / 1000;
      // Not timed: cancel the rest and let the workers drain, so the next run starts with an idle pool.
      store.close(v.id, 'bench');
      await v.whenLoaded().catch(() => undefined);
      if (++runs === ctx.repeats + 1) rmSync(path, { force: true }); // the harness's warm-up + repeats
      return seconds;
    },
  };
}

export function readerCases(store: VolumeStore, budget: number): BenchCase[] {
  const tiffRef = (name: string) => ({ module: 'tifffile', name, setup: 'import numpy as np, tifffile', body: 'tifffile.imread(args[0])' });
  const specs: FileCaseSpec[] = [
    {
      name: 'TIFF uint16 256 MB uncompressed: decode, first open', kind: 'tiff', file: 'raw.tif', size: stack, bpv: 2,
      target: '>= 0.5x tifffile', ref: tiffRef('tifffile.imread'), memory: true, fresh: true, keepInput: true,
    },
    {
      name: 'TIFF uint16 256 MB uncompressed: decode, reopen', kind: 'tiff', file: 'raw.tif', size: stack, bpv: 2,
      target: '>= 0.5x tifffile', ref: tiffRef('tifffile.imread'), memory: true,
    },
    {
      name: 'TIFF uint16 256 MB deflate: decode', kind: 'tiff-deflate', file: 'deflate.tif', size: stack, bpv: 2,
      target: '> 1x tifffile (2 cores)', ref: tiffRef('tifffile.imread (zlib)'),
    },
    {
      // tifffile reads zstd only through imagecodecs, which Debian does not package: usually no reference.
      name: 'TIFF uint16 64 MB zstd + predictor 2: decode', kind: 'tiff-zstd', file: 'zstd.tif', size: quarterStack, bpv: 2,
      target: 'none set', ref: { module: 'tifffile, imagecodecs', name: 'tifffile.imread (imagecodecs zstd)', setup: 'import numpy as np, tifffile', body: 'tifffile.imread(args[0])' },
    },
    {
      // nibabel's get_fdata converts to float; asanyarray(dataobj) is the raw decode we compare with.
      name: 'NIfTI .nii.gz int16 256^3: decode', kind: 'nifti-gz', file: 'brain.nii.gz', size: brain, bpv: 2,
      target: '>= 1x nibabel', ref: { module: 'nibabel', name: 'nibabel dataobj', setup: 'import numpy as np, nibabel as nib', body: 'np.asanyarray(nib.load(args[0]).dataobj)' },
    },
  ];
  const cases: BenchCase[] = [];
  for (const s of specs) {
    if (canMake(s.kind)) cases.push(fileCase(store, budget, s));
    else process.stderr.write(`bench: skipping '${s.name}': its input needs ${inputNeeds(s.kind)}\n`);
  }
  cases.push(firstSliceCase(store, budget));
  return cases;
}
