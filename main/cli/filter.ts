import { basename, resolve } from 'node:path';
import { OPS } from '../../app/filters/catalog.js';
import type { PipelineStep } from '../../app/filters/pipeline.js';
import { writerForName, WRITABLE_EXTENSIONS } from '../../app/formats/writers.js';
import { applyPipeline } from '../../app/jobs/apply.js';
import { resolveSteps, StepError } from '../../app/jobs/pipeline-steps.js';
import { resultFileMeta } from '../../app/jobs/result-meta.js';
import type { JobPool } from '../../app/jobs/pool.js';
import { bytesPerVoxel } from '../../app/model/dtype.js';
import { voxelCount } from '../../app/model/volume.js';
import { loadWhole } from '../services/load-whole.js';
import type { VolumeStore } from '../services/volume-store.js';
import { sameFile, writeAtomically } from '../services/write-volume.js';
import { opt, UsageError, type ParsedCommand } from './command-line.js';
import { FILTER_PARAMS } from './commands.js';

/**
 * A command-line value as an op parameter: a number, a per-axis list "x,y,z" of numbers, or a word.
 * The op's schema then says whether it fits.
 */
export function paramValue(raw: string): unknown {
  const num = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
  const parts = raw.split(',');
  if (parts.every((p) => num.test(p.trim()))) return parts.length === 1 ? Number(parts[0]) : parts.map(Number);
  return raw;
}

/** The step the command line describes, e.g. { op: 'gaussian', sigma: [2, 2, 1], mode: 'reflect' }. */
export function stepFromOptions(p: ParsedCommand): PipelineStep {
  const op = opt<string>(p, 'op');
  if (!op) throw new UsageError(`voxelscope filter: needs --op (one of ${Object.keys(OPS).join(', ')}); see voxelscope filter --help`);
  const step: PipelineStep = { op };
  for (const [name] of FILTER_PARAMS) {
    const v = opt<string>(p, name);
    if (v !== undefined) step[name] = paramValue(v);
  }
  return step;
}

/** `voxelscope filter INPUT -o OUTPUT --op OP [--PARAM VALUE ...]`; returns the exit status. */
export async function filterCommand(p: ParsedCommand, ctx: { store: VolumeStore; budget: number; pool: () => JobPool }): Promise<number> {
  const input = resolve(p.args[0]);
  const output = opt<string>(p, 'output');
  if (!output) throw new UsageError('voxelscope filter: needs -o OUTPUT; see voxelscope filter --help');
  const writer = writerForName(output);
  if (!writer) throw new UsageError(`voxelscope filter: ${basename(output)}: the output's extension must be one of ${WRITABLE_EXTENSIONS.join(', ')}`);
  const step = stepFromOptions(p);
  // Every parameter is checked before the input is read (a typo costs nothing on a large file).
  try {
    resolveSteps([step], OPS);
  } catch (e) {
    if (e instanceof StepError) throw new UsageError(`voxelscope filter: ${e.message.replace(/^step 1: /, '')}`);
    throw e;
  }
  if (sameFile(input, resolve(output))) {
    throw new UsageError(`voxelscope filter: ${basename(output)}: the output is the input file; write the result to another file`);
  }
  return loadWhole(input, ctx.store, ctx.budget, async (opened, v) => {
    const meta = opened.meta;
    const run = applyPipeline(ctx.pool(), { sab: v.sab, dims: meta.dims, dtype: meta.dtype }, [step], OPS);
    const out = await run.result;
    const outMeta = resultFileMeta(meta, out.dtype);
    const bytes = new Uint8Array(out.sab, 0, voxelCount(meta.dims) * bytesPerVoxel(out.dtype));
    writeAtomically(resolve(output), writer.encode(outMeta, bytes));
    if (step.op === 'label') process.stdout.write(`${countLabels(new Int32Array(out.sab, 0, voxelCount(meta.dims)))}\n`);
    return 0;
  });
}

/** Both name one file (through links); an output that does not exist yet is no input. */

/** Labels are 1..n: the count is the largest. */
function countLabels(labels: Int32Array): number {
  let n = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] > n) n = labels[i];
  return n;
}
