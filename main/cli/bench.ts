import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { VolumeStore } from '../services/volume-store.js';
import { opt, type ParsedCommand } from './command-line.js';
import { formatTable, runCase, type BenchCase, type BenchResult } from './bench/harness.js';
import { statsCase } from './bench/cases-core.js';
import { streamCase } from './bench/cases-stream.js';
import { readerCases } from './bench/cases-readers.js';
import { viewerCases } from './bench/cases-viewer.js';
import { loadCases } from './bench/cases-load.js';
import { filterCases } from './bench/cases-filters.js';
import { segmentationCases } from './bench/cases-segmentation.js';
import { batchCases } from './bench/cases-batch.js';
import { exportCases } from './bench/cases-export.js';
import { closeViewerSession } from './bench/viewer-session.js';

/** Every benchmark case; later features add theirs here. */
function allCases(ctx: BenchHost): BenchCase[] {
  return [statsCase, streamCase, ...readerCases(ctx.store, ctx.budget), ...viewerCases(ctx), ...loadCases(ctx), ...filterCases(), ...segmentationCases, ...exportCases, ...batchCases];
}

/** What the cases run against: the store (decoding, and the viewer's host), the budget, the built renderer. */
export interface BenchHost {
  store: VolumeStore;
  budget: number;
  rendererDir: string;
}

/**
 * `voxelscope bench [--quick] [--only NAME] [--out FILE]`: runs each case several times, quotes the
 * median, measures the Python reference in the same run where one is installed, prints a table and
 * writes JSON. `--quick` uses tiny sizes (npm test runs it that way to keep the harness working).
 */
export async function benchCommand(args: ParsedCommand, ctx: BenchHost): Promise<number> {
  const quick = args.options.has('quick');
  const only = opt<string>(args, 'only');
  const out = opt<string>(args, 'out') ?? (quick ? join(tmpdir(), 'voxelscope-bench-quick.json') : '.bench/results.json');
  const workDir = mkdtempSync(join(tmpdir(), 'voxelscope-bench-'));
  const results: BenchResult[] = [];
  try {
    for (const c of allCases(ctx)) {
      if (only !== undefined && !c.name.includes(only)) continue;
      process.stderr.write(`bench: ${c.name}...\n`);
      results.push(await runCase(c, { quick, repeats: quick ? 2 : 7, workDir }));
    }
  } finally {
    await closeViewerSession();
    rmSync(workDir, { recursive: true, force: true });
  }
  process.stdout.write(formatTable(results) + '\n');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), quick, results }, null, 1));
  process.stdout.write(`wrote ${out}\n`);
  return 0;
}
