import { existsSync, lstatSync } from 'node:fs';
import { basename } from 'node:path';
import { OPS } from '../../../app/filters/catalog.js';
import type { PipelineStep } from '../../../app/filters/pipeline.js';
import { writerForName } from '../../../app/formats/writers.js';
import { applyPipeline } from '../../../app/jobs/apply.js';
import { outputDtypeOf } from '../../../app/jobs/pipeline-run.js';
import { resultFileMeta } from '../../../app/jobs/result-meta.js';
import { resolveSteps } from '../../../app/jobs/pipeline-steps.js';
import type { JobPool } from '../../../app/jobs/pool.js';
import { bytesPerVoxel, type DType } from '../../../app/model/dtype.js';
import { voxelCount, type VolumeMeta } from '../../../app/model/volume.js';
import { statOrNull, type FileAccess } from '../../services/file-access.js';
import type { Hasher } from '../../services/hash-pool.js';
import { openHeader } from '../../services/open-volume.js';
import type { VolumeStore } from '../../services/volume-store.js';
import type { LogItem } from './log.js';
import type { MemoryGate } from './memory-gate.js';
import type { PlannedItem } from './outputs.js';
import { writeTemp } from './temp-files.js';

/** The command line's volumes have this owner in the store (no client session is involved). */
const OWNER = 'run';

export interface ItemContext {
  store: VolumeStore;
  pool: JobPool;
  gate: MemoryGate;
  /** The recipe's steps (disabled ones are skipped by the pipeline). */
  steps: readonly PipelineStep[];
  overwrite: boolean;
  /** Aborted on SIGINT/SIGTERM: the item stops and leaves nothing behind. */
  signal?: AbortSignal;
  /**
   * What the item may read (every file a reader opens for it); default anywhere, as the command line's
   * user named the inputs. The browser host passes FileAccess.under(--root).
   */
  access?: FileAccess;
  /** Where inputs are hashed and outputs written and hashed: hashing threads, or inlineHasher for one input. */
  hasher: Hasher;
}

/** A finished item: its log entry, and (when ok) its output under the temporary name, for the caller to rename. */
export interface ItemResult {
  item: LogItem;
  temp: string | null;
}

/**
 * Runs the recipe on ONE input: reads it through the app's own path (sniff, header checks, budget,
 * worker decode), applies the steps on the job pool exactly as `voxelscope filter` chains them, encodes
 * the output and writes it to a temporary file beside its final name. Never throws: any failure is the
 * item's one-line error. The caller renames the temporary file after recording the item (see
 * scheduler.ts), so an output under its real name always has its log entry; the Dask workers call this
 * through `voxelscope run --item-json`.
 */
export async function runItem(plan: PlannedItem, ctx: ItemContext): Promise<ItemResult> {
  const t0 = performance.now();
  const item: LogItem = { input: plan.input, status: 'error', output: plan.output, error: null, input_sha256: null, output_sha256: null, seconds: null };
  const isFile = statOrNull(plan.input)?.isFile() ?? false;
  const inputHash = isFile ? ctx.hasher.file(plan.input) : Promise.resolve(null);
  inputHash.catch(() => undefined);
  try {
    if (plan.error) throw new Error(plan.error);
    if (!isFile) throw new Error(`${plan.input}: ${notAFile(plan.input)}`);
    const output = plan.output!;
    if (!ctx.overwrite && existsSync(output)) throw new Error(`${output}: already exists (use --overwrite to replace it)`);
    const r = await compute(plan.input, output, ctx, t0);
    item.input_sha256 = await inputHash;
    Object.assign(item, { status: 'ok', output_sha256: r.sha256, voxels: r.voxels, seconds: { ...r.seconds, total: secondsSince(t0) } });
    return { item, temp: r.temp };
  } catch (e) {
    item.input_sha256 = await inputHash.catch(() => null);
    item.error = ctx.signal?.aborted ? `${plan.input}: interrupted` : errorLine(e, plan.input);
    item.seconds = { read: 0, filter: 0, write: 0, total: secondsSince(t0) };
    return { item, temp: null };
  }
}

async function compute(input: string, output: string, ctx: ItemContext, t0: number): Promise<{ temp: string; sha256: string; voxels: number; seconds: { read: number; filter: number; write: number } }> {
  const writer = writerForName(output)!;
  const opened = await openHeader(input, ctx.gate.budget, undefined, ctx.access);
  let release: (() => void) | null = null;
  let volume;
  try {
    release = await ctx.gate.acquire(workingBytes(opened.meta, ctx.steps), basename(input));
    volume = ctx.store.load(opened, OWNER); // takes over opened.files
  } catch (e) {
    release?.();
    await opened.files.close();
    throw e;
  }
  // A cancel stops the decode in flight too (its load ends 'cancelled', so whenLoaded rejects), rather
  // than waiting for a large file to finish loading only to throw it away.
  const stopLoad = (): void => void ctx.store.cancel(volume.id, OWNER);
  ctx.signal?.addEventListener('abort', stopLoad);
  try {
    throwIfAborted(ctx.signal);
    await volume.whenLoaded();
    ctx.signal?.removeEventListener('abort', stopLoad);
    const tRead = performance.now();
    throwIfAborted(ctx.signal);
    const meta = opened.meta;
    const run = applyPipeline(ctx.pool, { sab: volume.sab, dims: meta.dims, dtype: meta.dtype }, ctx.steps, OPS);
    const abort = (): void => run.cancel();
    ctx.signal?.addEventListener('abort', abort);
    let out;
    try {
      out = await run.result;
    } finally {
      ctx.signal?.removeEventListener('abort', abort);
    }
    const tFilter = performance.now();
    // As `voxelscope filter` and the app write a result (one function), so a recipe run equals its steps chained.
    const outMeta = resultFileMeta(meta, out.dtype);
    const chunks = writer.encode(outMeta, new Uint8Array(out.sab, 0, voxelCount(meta.dims) * bytesPerVoxel(out.dtype)));
    throwIfAborted(ctx.signal);
    const { temp, sha256 } = await writeTemp(output, chunks, ctx.hasher);
    // Written: the result (which the chunks may view) goes back to the pool for the next input's steps.
    if (out.sab !== volume.sab) ctx.pool.release(out.sab);
    const seconds = { read: (tRead - t0) / 1000, filter: (tFilter - tRead) / 1000, write: secondsSince(tFilter) };
    return { temp, sha256, voxels: voxelCount(meta.dims), seconds };
  } finally {
    ctx.signal?.removeEventListener('abort', stopLoad);
    ctx.store.close(volume.id, OWNER);
    release();
  }
}

/**
 * Bytes an item holds at most: its decoded voxels, every step's result (an upper bound: consecutive
 * neighbourhood steps share one result) and the encoded output.
 */
export function workingBytes(meta: VolumeMeta, steps: readonly PipelineStep[]): number {
  const n = voxelCount(meta.dims);
  let dtype: DType = meta.dtype;
  let bytes = n * bytesPerVoxel(dtype);
  for (const s of resolveSteps(steps.filter((s) => s.enabled !== false), OPS)) {
    dtype = outputDtypeOf([s], dtype);
    bytes += n * bytesPerVoxel(dtype);
  }
  return bytes + n * bytesPerVoxel(dtype);
}

/** One line naming the file and the problem. */
function errorLine(e: unknown, file: string): string {
  const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  return msg.includes(basename(file)) ? msg : `${file}: ${msg}`;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Error('interrupted');
}

function secondsSince(t: number): number {
  return Math.round(performance.now() - t) / 1000;
}

function notAFile(path: string): string {
  const st = statOrNull(path);
  if (st?.isDirectory()) return 'a folder, not a file';
  if (st) return 'not a regular file';
  try {
    if (lstatSync(path).isSymbolicLink()) return 'a broken link (what it points to does not exist)';
  } catch {
    // not there at all
  }
  return 'no such file';
}
