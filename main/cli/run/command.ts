import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, resolve } from 'node:path';
import { OPS } from '../../../app/filters/catalog.js';
import { parseRecipe, RecipeError, recipeSteps, type Recipe } from '../../../app/recipe/recipe.js';
import { HashPool, hashThreadsFor, inlineHasher } from '../../services/hash-pool.js';
import { hostJobPool } from '../../services/job-pool.js';
import { VolumeStore } from '../../services/volume-store.js';
import { opt, UsageError, type ParsedCommand } from '../command-line.js';
import { expandInputs } from './inputs.js';
import { runItem } from './item.js';
import { appendJournal, logPath, readPrevious, runLogOf, startJournal, writeRunLog, type LogItem } from './log.js';
import { MemoryGate } from './memory-gate.js';
import { planOutputs, type RunFormat } from './outputs.js';
import { RunProgress } from './progress.js';
import { inputsInFlight, runLocal, stillDoneItems } from './scheduler.js';
import { startDask } from './dask.js';
import { commitTemp } from './temp-files.js';

export interface RunCommandContext {
  budget: number;
  decodeWorker: URL;
  jobWorker: URL;
  hashWorker: URL;
}

/** Exit statuses beyond DESIGN.md's 0/1/2: killed by a signal, as a shell reports it. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * `voxelscope run RECIPE INPUT... --out DIR`: the recipe on every input, in parallel, with the run log
 * beside the outputs; exit 0 when all succeeded, 1 when any failed, 2 for a usage error (nothing ran).
 * With --item-json it runs one input and prints its log item instead (the unit a remote scheduler runs).
 */
export async function runCommand(p: ParsedCommand, ctx: RunCommandContext): Promise<number> {
  const [recipeArg, ...inputArgs] = p.args;
  const outArg = opt<string>(p, 'out');
  if (!outArg) throw new UsageError('voxelscope run: needs --out DIR; see voxelscope run --help');
  if (inputArgs.length === 0) throw new UsageError('voxelscope run: needs RECIPE and at least one INPUT; see voxelscope run --help');
  const recipe = loadRecipe(recipeArg);
  const outDir = resolve(outArg);
  const jobs = opt<number>(p, 'jobs') ?? Math.max(1, availableParallelism());
  const format = opt<string>(p, 'format') as RunFormat | undefined;
  const overwrite = p.options.has('overwrite');
  const itemMode = p.options.has('item-json');
  if (itemMode && p.options.has('dask')) throw new UsageError('voxelscope run: --item-json runs here, not with --dask; see voxelscope run --help');
  if (!itemMode && (p.options.has('keep-temp') || p.options.has('item-output'))) {
    throw new UsageError('voxelscope run: --keep-temp and --item-output go with --item-json; see voxelscope run --help');
  }

  const plans = planOutputs(expandInputs(inputArgs, process.cwd(), [outDir]), outDir, format);
  if (itemMode) {
    if (plans.length !== 1) throw new UsageError(`voxelscope run: --item-json runs exactly one input (got ${plans.length})`);
    const itemOutput = opt<string>(p, 'item-output');
    if (itemOutput && plans[0].output) plans[0].output = resolve(outDir, itemOutput);
  }

  const aborter = new AbortController();
  let stoppedBy: keyof typeof SIGNAL_EXIT | null = null;
  const onSignal = (sig: keyof typeof SIGNAL_EXIT): void => {
    stoppedBy ??= sig;
    aborter.abort();
  };
  const handlers = { SIGINT: () => onSignal('SIGINT'), SIGTERM: () => onSignal('SIGTERM') };
  process.on('SIGINT', handlers.SIGINT);
  process.on('SIGTERM', handlers.SIGTERM);
  const store = new VolumeStore(ctx.decodeWorker, jobs);
  const pool = hostJobPool(ctx.jobWorker, jobs);
  // One input (a Dask worker's) hashes on this thread: starting a hashing thread would cost it more.
  const hashes = itemMode ? null : new HashPool(ctx.hashWorker, hashThreadsFor(jobs));
  const itemCtx = { store, pool, gate: new MemoryGate(ctx.budget), steps: recipeSteps(recipe), overwrite, signal: aborter.signal, hasher: hashes ?? inlineHasher };
  try {
    if (itemMode) {
      mkdirSync(outDir, { recursive: true });
      const { item, temp } = await runItem(plans[0], itemCtx);
      let result: LogItem & { temp?: string } = item;
      if (temp && p.options.has('keep-temp') && !stoppedBy) result = { ...item, temp };
      else if (temp && !stoppedBy) {
        try {
          commitTemp(temp, item.output!, overwrite);
        } catch (e) {
          result = { ...item, status: 'error', output_sha256: null, error: (e as Error).message };
        }
      } else if (temp) rmSync(temp, { force: true }); // interrupted: nothing stays
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return stoppedBy ? SIGNAL_EXIT[stoppedBy] : result.status === 'ok' ? 0 : 1;
    }

    const previous = p.options.has('resume') ? readPrevious(outDir) : null;
    if (previous && previous.recipe !== undefined && !sameSteps(previous.recipe, recipe)) {
      throw new UsageError(`voxelscope run: ${logPath(outDir)} was made with other recipe steps than ${basename(recipeArg)}; --resume continues the same recipe (use another --out)`);
    }
    // A --dask run checks what --resume skips first: with nothing left to run it contacts no cluster.
    const daskAsked = p.options.has('dask');
    const resumable = daskAsked && previous ? await stillDoneItems(plans, previous.items, itemCtx.hasher) : null;
    const nothingLeft = resumable !== null && plans.every((plan) => resumable.has(plan.input));
    if (nothingLeft) process.stderr.write('voxelscope run: every input is done already (--resume); the Dask cluster was not contacted\n');
    const dask = daskAsked && !nothingLeft
      ? await startDask({ address: opt<string>(p, 'dask')!, recipeFile: resolve(recipeArg), outDir, overwrite, jobs: opt<number>(p, 'jobs'), signal: aborter.signal })
      : null;
    // Only now, with the cluster there: a scheduler that cannot be reached or has no worker writes nothing.
    mkdirSync(outDir, { recursive: true });
    startJournal(outDir, recipe);
    const started = new Date();
    const progress = new RunProgress(plans.length, process.stderr.isTTY === true);
    const items = await runLocal(plans, itemCtx, {
      // With Dask about twice the cluster's threads are in flight, more as it grows; it decides where each runs.
      concurrency: dask ? dask.window : inputsInFlight(jobs),
      onGrow: dask?.onGrow,
      // Inputs known to be bad before running (no such file, a name taken) fail here, as locally.
      runItem: dask ? (plan) => (plan.error ? runItem(plan, itemCtx) : dask.runItem(plan)) : undefined,
      previous: resumable ?? previous?.items,
      previousChecked: resumable !== null,
      record: (item) => appendJournal(outDir, item),
      onDone: (item) => progress.itemDone(item),
    }).finally(() => dask?.close());
    const summary = progress.finish(logPath(outDir), stoppedBy !== null);
    writeRunLog(outDir, runLogOf({ recipe, recipeFile: resolve(recipeArg), started, jobs, summary, dask: dask?.cluster(), items }));
    if (stoppedBy) return SIGNAL_EXIT[stoppedBy];
    return summary.failed > 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', handlers.SIGINT);
    process.off('SIGTERM', handlers.SIGTERM);
    pool.terminate();
    await Promise.all([store.destroy(), hashes?.destroy()]);
  }
}

/** The recipe file, migrated and checked; any problem is a usage error (nothing has run). */
function loadRecipe(arg: string): Recipe {
  let text: string;
  try {
    text = readFileSync(arg, 'utf8');
  } catch (e) {
    throw new UsageError(`voxelscope run: ${arg}: cannot read the recipe (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return parseRecipe(text, basename(arg), OPS);
  } catch (e) {
    if (e instanceof RecipeError) throw new UsageError(`voxelscope run: ${e.message}`);
    throw e;
  }
}

/** Whether two recipes run the same steps (descriptions and other notes aside), keys in any order. */
function sameSteps(a: unknown, b: Recipe): boolean {
  const steps = (r: unknown): unknown => ((r as { steps?: unknown }).steps ?? null);
  return canonical(steps(a)) === canonical(b.steps);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}
