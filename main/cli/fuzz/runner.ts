import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerAllReaders } from '../../../app/formats/all-readers.js';
import { VolumeStore } from '../../services/volume-store.js';
import { infoFor } from '../info.js';
import { buildCase, filesOf, type ReaderCase } from './case.js';
import { runContractCase } from './contract-runner.js';
import type { Files } from './ops.js';
import { classifyError, type Outcome } from './outcome.js';
import { peakBytes, resetPeak } from './peak-memory.js';
import type { FromRunner, ToRunner } from './protocol.js';
import type { ReaderFormat } from './seeds.js';

type Init = Extract<ToRunner, { type: 'init' }>;
export interface CaseResult { outcome: Outcome; message: string }

/**
 * A runner process: takes cases from the parent one at a time and runs each through the same entry as
 * `voxelscope info` (infoFor: sniff, header checks against the file size and the memory budget, decode
 * in the worker_threads pool, stats, SHA-256), with the files written to a scratch folder. The parent
 * enforces the time limit (it kills a runner that does not answer) and watches its memory.
 */
export function runnerMain(): void {
  const send = (m: FromRunner): void => void process.send!(m);
  let init: Init | null = null;
  let store: VolumeStore | null = null;
  let current: number | null = null;
  let chain = Promise.resolve();
  const fatal = (e: unknown): void => {
    // Where it came from: the first frames of the stack (kept with the failure).
    const where = e instanceof Error ? (e.stack ?? '').split('\n').slice(1, 4).map((l) => l.trim()).join(' ') : '';
    const message = e instanceof Error ? `${e.constructor.name}: ${e.message} ${where}` : String(e);
    if (current !== null) send({ type: 'result', id: current, outcome: 'uncaught', message, ms: 0, peakMb: 0 });
    else send({ type: 'stray', message });
    // The runner's state is unknown now: the parent starts a fresh one.
    setTimeout(() => process.exit(70), 50);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  process.on('disconnect', () => process.exit(0));

  process.on('message', (m: ToRunner) => {
    if (m.type === 'init') {
      init = m;
      registerAllReaders();
      store = new VolumeStore(new URL('./decode-worker.mjs', import.meta.url));
      send({ type: 'ready' });
      return;
    }
    chain = chain.then(async () => {
      const cfg = init!;
      current = m.id;
      const t0 = performance.now();
      resetPeak();
      const before = peakBytes();
      let r: CaseResult;
      if (m.type === 'contract') r = await runContractCase(cfg, store!, m.seed, m.index);
      else if (m.type === 'files') r = await runFiles(cfg, store!, new Map(m.files), m.target);
      else {
        const c = buildOrExplain(cfg, m.index, m.format);
        r = typeof c === 'string' ? { outcome: 'internal-error', message: c } : await runFiles(cfg, store!, filesOf(c), c.target);
      }
      const peak = Math.max(0, peakBytes() - before);
      if (peak > cfg.memLimit && r.outcome !== 'uncaught') {
        r = { outcome: 'memory', message: `peak memory grew by ${(peak / 2 ** 20).toFixed(0)} MB (${r.outcome}: ${r.message})` };
      }
      current = null;
      send({ type: 'result', id: m.id, ...r, ms: performance.now() - t0, peakMb: peak / 2 ** 20 });
    });
  });
}

/** The case, or why the fuzzer itself could not build it (its own bug, reported as a failure). */
function buildOrExplain(cfg: Init, index: number, format: ReaderFormat): ReaderCase | string {
  try {
    return buildCase(cfg.seeds, cfg.runSeed, index, format);
  } catch (e) {
    return `fuzzer bug: building the case failed: ${(e as Error).stack?.split('\n').slice(0, 3).join(' ')}`;
  }
}

/** Writes the case's files into a fresh scratch folder and opens `target` there ('.': the folder itself). */
async function runFiles(cfg: Init, store: VolumeStore, files: Files, target: string): Promise<CaseResult> {
  const dir = join(cfg.dir, 'case');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of files) writeFileSync(join(dir, name), bytes);
  return openCase(target === '.' ? dir : join(dir, target), [...files.keys(), 'case'], store, cfg.budget);
}

/** Opens one path as `voxelscope info` does and sorts what happened; the regression test uses it too. */
export async function openCase(path: string, names: readonly string[], store: VolumeStore, budget: number): Promise<CaseResult> {
  try {
    const { json } = await infoFor(path, store, budget);
    return { outcome: 'ok', message: `${json.format} ${json.dims.x}x${json.dims.y}x${json.dims.z}x${json.dims.c}x${json.dims.t} ${json.dtype}` };
  } catch (e) {
    return classifyError(e, names);
  }
}
