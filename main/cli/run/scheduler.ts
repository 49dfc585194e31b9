import { existsSync, rmSync } from 'node:fs';
import { SMALL_VOLUME } from '../../../app/jobs/apply.js';
import type { Hasher } from '../../services/hash-pool.js';
import { runItem, type ItemContext, type ItemResult } from './item.js';
import type { LogItem } from './log.js';
import type { PlannedItem } from './outputs.js';
import { commitTemp, removeStalePartials } from './temp-files.js';

/**
 * Inputs in flight for `jobs` filter workers, given the input finished last: one more than the workers,
 * so that one file is read and its result written while the workers filter the others (with exactly
 * `jobs`, the workers waited on every read and write: a third of a batch of small files), and at least
 * three while the inputs are small (one job each, SMALL_VOLUME): reading, hashing and writing one then
 * takes this thread about as long as the filters take a worker, so with one worker two inputs are
 * prepared beside it (a batch of 64^3 files 7% faster; with two workers a fourth input only added
 * contention, 7% slower, on two cores). Large inputs keep one extra, as each holds its volume and
 * results. The memory gate still bounds what they hold together.
 */
export const inputsInFlight = (jobs: number) => (last: LogItem | undefined): number =>
  last?.voxels !== undefined && last.voxels <= SMALL_VOLUME ? Math.max(3, jobs + 1) : jobs + 1;

export interface LocalRunOptions {
  /**
   * Inputs in flight at once (inputsInFlight(--jobs)): with the job pool's size, what bounds the memory
   * in use. A function (of the input finished last; a cluster whose size changes, dask.ts) is asked again
   * after every input: lanes above it stop after their input, and more are opened when it has grown.
   */
  concurrency: number | ((last: LogItem | undefined) => number);
  /** Receives the function that opens lanes up to concurrency() at once (for a cluster that just grew). */
  onGrow?(open: () => void): void;
  /** What an earlier run recorded, by input (`--resume`): a still-valid ok entry is not run again. */
  previous?: Map<string, LogItem>;
  /** `previous` holds only entries stillDoneItems has found still valid: they are skipped without hashing again. */
  previousChecked?: boolean;
  /** Called with each finished item BEFORE its output is renamed into place (the journal). */
  record(item: LogItem): void;
  /** Called once per input, when it is finished (after the rename), for progress. */
  onDone?(item: LogItem, index: number): void;
  /**
   * Runs one input to its log item and temporary output (default: runItem here, on the job pool). A
   * remote scheduler (dask.ts) puts its own here and keeps the journal, resume and rename logic below.
   */
  runItem?(plan: PlannedItem): Promise<ItemResult>;
}

/**
 * The local scheduler: every planned input through runItem, `concurrency` at a time, results in input
 * order. A failed input is an error entry and never stops the others. The output of a finished item is
 * renamed into place only after `record` has logged it, so any output under its real name has a log
 * entry with its SHA-256 (what `--resume` trusts); after an interrupt, an item's temporary file is
 * removed instead.
 */
export async function runLocal(plans: readonly PlannedItem[], ctx: ItemContext, o: LocalRunOptions): Promise<LogItem[]> {
  const items: LogItem[] = new Array(plans.length);
  let next = 0;
  const one = async (i: number): Promise<LogItem> => {
    const plan = plans[i];
    const prev = o.previous?.get(plan.input);
    if (prev && (o.previousChecked || (await stillDone(prev, plan, ctx.hasher)))) {
      const item = { ...prev, resumed: true };
      o.record(item);
      return item;
    }
    if (ctx.signal?.aborted) return interrupted(plan);
    const { item, temp } = await (o.runItem ? o.runItem(plan) : runItem(plan, ctx));
    if (!temp) {
      o.record(item);
      return item;
    }
    if (ctx.signal?.aborted) {
      rmSync(temp, { force: true });
      return interrupted(plan, item.input_sha256);
    }
    o.record(item);
    try {
      commitTemp(temp, plan.output!, ctx.overwrite);
      return item;
    } catch (e) {
      const failed: LogItem = { ...item, status: 'error', output_sha256: null, error: (e as Error).message.split('\n')[0] };
      o.record(failed);
      return failed;
    }
  };
  removeStalePartials(plans.flatMap((p) => (p.output ? [p.output] : [])));
  let last: LogItem | undefined;
  const want = (): number => Math.max(1, Math.min(typeof o.concurrency === 'number' ? o.concurrency : o.concurrency(last), plans.length));
  // Lanes take the next input in order until none is left. `lanes` counts those running and is lowered
  // as a lane decides to end, so when want() shrank just enough of them end after their input.
  let lanes = 0;
  let done!: () => void;
  let fail!: (e: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => ((done = resolve), (fail = reject)));
  const lane = async (): Promise<void> => {
    for (;;) {
      if (next >= plans.length || lanes > want()) {
        lanes--;
        return;
      }
      const i = next++;
      items[i] = last = await one(i);
      o.onDone?.(items[i], i);
      open(); // the concurrency may have grown
    }
  };
  const open = (): void => {
    while (lanes < want() && next < plans.length) {
      lanes++;
      lane().then(() => lanes === 0 && done(), fail);
    }
  };
  open();
  o.onGrow?.(open);
  if (lanes === 0) done(); // no inputs
  await finished;
  return items;
}

/**
 * The entries of an earlier run that still hold for these plans, by input: what --resume skips. Checked
 * before a --dask run contacts its cluster, so that one with nothing left to run starts none.
 */
export async function stillDoneItems(plans: readonly PlannedItem[], previous: Map<string, LogItem>, hasher: Hasher): Promise<Map<string, LogItem>> {
  const held = await Promise.all(plans.map(async (plan) => {
    const prev = previous.get(plan.input);
    return prev && (await stillDone(prev, plan, hasher)) ? prev : null;
  }));
  return new Map(held.flatMap((item) => (item ? [[item.input, item] as const] : [])));
}

/** An earlier ok entry still holds: same output, the output file there with its logged hash, the input unchanged. */
async function stillDone(prev: LogItem, plan: PlannedItem, hasher: Hasher): Promise<boolean> {
  if (prev.status !== 'ok' || plan.error || !plan.output || prev.output !== plan.output || !prev.output_sha256 || !prev.input_sha256) return false;
  if (!existsSync(plan.output) || !existsSync(plan.input)) return false;
  try {
    const [outHash, inHash] = await Promise.all([hasher.file(plan.output), hasher.file(plan.input)]);
    return outHash === prev.output_sha256 && inHash === prev.input_sha256;
  } catch {
    return false;
  }
}

function interrupted(plan: PlannedItem, inputSha: string | null = null): LogItem {
  return { input: plan.input, status: 'error', output: plan.output, error: `${plan.input}: interrupted before it finished`, input_sha256: inputSha, output_sha256: null, seconds: null };
}
