import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { OPS } from '../../app/filters/catalog.js';
import { checkRecipe, RecipeError, recipeSteps, type Recipe } from '../../app/recipe/recipe.js';
import type { EventPayload } from '../../app/ipc/contract.js';
import { expandInputs } from '../cli/run/inputs.js';
import type { ItemContext } from '../cli/run/item.js';
import { appendJournal, logPath, startJournal, writeRunLog, runLogOf, type LogItem } from '../cli/run/log.js';
import { MemoryGate } from '../cli/run/memory-gate.js';
import { planOutputs, type PlannedItem, type RunFormat } from '../cli/run/outputs.js';
import { RunProgress } from '../cli/run/progress.js';
import { inputsInFlight, runLocal } from '../cli/run/scheduler.js';
import { HostError } from './host-error.js';
import { HashPool, hashThreadsFor } from './hash-pool.js';
import { hostJobPool } from './job-pool.js';
import type { RunPlace } from './run-place.js';
import { VolumeStore } from './volume-store.js';

/** The worker scripts a batch run decodes and filters on (the same the command line uses). */
export interface BatchWorkers {
  decode: URL;
  job: URL;
  hash: URL;
}

export interface BatchRequest {
  recipe: unknown;
  format?: RunFormat;
  overwrite?: boolean;
}

interface Emit {
  progress(p: EventPayload<'runProgress'>): void;
  finished(p: EventPayload<'runFinished'>): void;
}

/**
 * *Run on files…* in the app: `voxelscope run`'s own pieces (expandInputs, planOutputs, runLocal,
 * runItem, the journal and the run log) over a RunPlace the host resolved (run-place.ts): under the
 * browser host's root, or what the user picked in the desktop app. Every read goes through the place's
 * FileAccess; an output that would land on one of the inputs, or outside the place's output bounds
 * through a link, is that item's error.
 */
export class BatchRuns {
  private readonly running = new Map<string, { owner: string; abort: AbortController }>();

  constructor(private readonly workers: BatchWorkers, private readonly budget: number) {}

  async start(owner: string, req: BatchRequest, place: RunPlace, emit: Emit): Promise<{ runId: string; total: number; log: string }> {
    let recipe: Recipe;
    try {
      recipe = checkRecipe(req.recipe, 'the recipe', OPS);
    } catch (e) {
      if (e instanceof RecipeError) throw new HostError('invalid-request', e.message);
      throw e;
    }
    const { outDir, display: rel } = place;
    const plans = planOutputs(expandInputs(place.inputs, outDir, [outDir]), outDir, req.format);
    const inputSet = new Set(await Promise.all(plans.map((p) => realpath(p.input).catch(() => p.input))));
    for (const p of plans) if (!p.error) p.error = await outputProblem(p, inputSet, place);
    mkdirSync(outDir, { recursive: true });

    const runId = `r${randomBytes(8).toString('hex')}`;
    const abort = new AbortController();
    this.running.set(runId, { owner, abort });
    const jobs = Math.max(1, availableParallelism());
    const log = rel(logPath(outDir));
    void this.run(runId, recipe, plans, place, jobs, abort, req.overwrite === true, emit).finally(() => this.running.delete(runId));
    return { runId, total: plans.length, log };
  }

  /** Stops a run `owner` started; false for any other id. */
  cancel(owner: string, runId: string): boolean {
    const r = this.running.get(runId);
    if (!r || r.owner !== owner) return false;
    r.abort.abort();
    return true;
  }

  /** The page went away: its runs stop. */
  cancelOwnedBy(owner: string): void {
    for (const r of this.running.values()) if (r.owner === owner) r.abort.abort();
  }

  private async run(
    runId: string, recipe: Recipe, plans: PlannedItem[], place: RunPlace, jobs: number, abort: AbortController, overwrite: boolean, emit: Emit,
  ): Promise<void> {
    const { outDir, display: rel } = place;
    const store = new VolumeStore(this.workers.decode, jobs);
    const pool = hostJobPool(this.workers.job, jobs);
    const hasher = new HashPool(this.workers.hash, hashThreadsFor(jobs));
    const ctx: ItemContext = { store, pool, gate: new MemoryGate(this.budget), steps: recipeSteps(recipe), overwrite, signal: abort.signal, access: place.read, hasher };
    const quiet = { write: () => true };
    const progress = new RunProgress(plans.length, false, quiet, quiet);
    const started = new Date();
    let items: LogItem[] = [];
    let done = 0;
    let failed = 0;
    try {
      startJournal(outDir, recipe);
      items = await runLocal(plans, ctx, {
        concurrency: inputsInFlight(jobs),
        record: (item) => appendJournal(outDir, item),
        onDone: (item) => {
          progress.itemDone(item);
          done++;
          if (item.status === 'error') failed++;
          emit.progress({ runId, done, total: plans.length, failed, current: rel(item.input) });
        },
      });
      const summary = progress.summary();
      writeRunLog(outDir, runLogOf({ recipe, recipeFile: '(the app)', started, jobs, summary, items }));
      const failures = items.filter((i) => i.status === 'error').map((i) => ({ input: rel(i.input), error: rel(i.error ?? 'failed') }));
      emit.finished({ runId, summary, cancelled: abort.signal.aborted, failures, log: rel(logPath(outDir)) });
    } catch (e) {
      const summary = progress.summary();
      emit.finished({ runId, summary, cancelled: abort.signal.aborted, failures: [{ input: '', error: rel((e as Error).message) }], log: rel(logPath(outDir)) });
    } finally {
      pool.terminate();
      await Promise.all([store.destroy(), hasher.destroy()]);
    }
  }
}

/** Why an output may not be written: it is one of the inputs, or a link in its way leads out of the output bounds. */
async function outputProblem(p: PlannedItem, inputs: Set<string>, place: RunPlace): Promise<string | null> {
  const out = p.output!;
  let existing = out;
  while (!existsSync(existing)) existing = dirname(existing);
  const real = await realpath(existing);
  if (!(await place.write.contains(real))) return `${place.display(out)}: resolves outside ${place.write.bounds}; not written`;
  if (existing === out && inputs.has(real)) return `${place.display(out)}: is one of the inputs; a run never writes over its sources`;
  return null;
}
