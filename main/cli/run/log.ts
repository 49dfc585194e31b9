import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from '../../services/write-volume.js';
import * as buildInfo from '../build-info.js';

/** The run log beside the outputs (DESIGN.md's command-line contract). */
export const RUN_LOG_NAME = 'voxelscope-run.json';
/**
 * Items are appended here as they finish, one JSON line each, so a run that is killed leaves a record
 * `--resume` can trust; the finished run folds it into the log and removes it.
 */
export const JOURNAL_NAME = '.voxelscope-run.journal';

export interface ItemSeconds {
  read: number;
  filter: number;
  write: number;
  total: number;
}

/** One input of the run, as the log holds it: `input`..`output_sha256` are the contract's fields. */
export interface LogItem {
  input: string;
  status: 'ok' | 'error';
  output: string | null;
  /** One line naming the file and the problem (null when ok). */
  error: string | null;
  input_sha256: string | null;
  output_sha256: string | null;
  seconds: ItemSeconds | null;
  /** Voxels of the input (every channel and time point), for the rate a run reports. */
  voxels?: number;
  /** Set when `--resume` found this input already done by an earlier run (the entry is that run's). */
  resumed?: boolean;
}

/**
 * Where a `--dask` run ran: the scheduler's address (or `local`, a LocalCluster of its own), the
 * client's dask, distributed and Python versions, and the addresses of the workers that ran its items.
 */
export interface RunCluster {
  scheduler: string;
  dask: string;
  distributed: string;
  python: string;
  workers: string[];
}

export interface RunLog {
  format: 'voxelscope-run';
  /** The recipe as run (migrated to the current version). */
  recipe: unknown;
  recipe_file: string;
  version: string;
  commit?: string;
  started: string;
  finished: string;
  jobs: number;
  summary: { ok: number; failed: number; skipped: number; seconds: number };
  /** Only in a `--dask` run. */
  dask?: RunCluster;
  items: LogItem[];
}

/** The app version, and the git commit when the build knows it. */
const BUILD: { VERSION: string; COMMIT?: string | null } = buildInfo;

/** A finished run's log, as `voxelscope run` and the app's Run on files write it (one shape, one place). */
export function runLogOf(o: { recipe: unknown; recipeFile: string; started: Date; jobs: number; summary: RunLog['summary']; dask?: RunCluster; items: LogItem[] }): RunLog {
  return {
    format: 'voxelscope-run', recipe: o.recipe, recipe_file: o.recipeFile, version: BUILD.VERSION,
    ...(BUILD.COMMIT ? { commit: BUILD.COMMIT } : {}),
    started: o.started.toISOString(), finished: new Date().toISOString(), jobs: o.jobs, summary: o.summary,
    ...(o.dask ? { dask: o.dask } : {}),
    items: o.items,
  };
}

export function logPath(outDir: string): string {
  return join(outDir, RUN_LOG_NAME);
}

export function appendJournal(outDir: string, item: LogItem): void {
  appendFileSync(join(outDir, JOURNAL_NAME), `${JSON.stringify(item)}\n`);
}

export function writeRunLog(outDir: string, log: RunLog): void {
  writeAtomically(logPath(outDir), [Buffer.from(`${JSON.stringify(log, null, 2)}\n`)]);
  rmSync(join(outDir, JOURNAL_NAME), { force: true });
}

/**
 * What earlier runs into this folder recorded: the log's recipe and its items by input, overlaid with
 * any journal a killed run left (its lines are newer than the log). A torn last line (the process died
 * while appending) is ignored.
 */
export function readPrevious(outDir: string): { recipe: unknown; items: Map<string, LogItem> } | null {
  const items = new Map<string, LogItem>();
  let recipe: unknown = undefined;
  let found = false;
  const log = logPath(outDir);
  if (existsSync(log)) {
    try {
      const j = JSON.parse(readFileSync(log, 'utf8')) as Partial<RunLog>;
      recipe = j.recipe;
      for (const it of j.items ?? []) items.set(it.input, it);
      found = true;
    } catch {
      // An unreadable log vouches for nothing: every input runs again.
    }
  }
  const journal = join(outDir, JOURNAL_NAME);
  if (existsSync(journal)) {
    for (const line of readFileSync(journal, 'utf8').split('\n')) {
      try {
        const it = JSON.parse(line) as LogItem & { recipe?: unknown };
        if (it.recipe !== undefined) recipe = it.recipe; // the journal's first line names its run's recipe
        else if (typeof it.input === 'string') items.set(it.input, it);
        found = true;
      } catch {
        // torn or empty line
      }
    }
  }
  return found ? { recipe, items } : null;
}

/** The journal's first line: which recipe its items were made with. */
export function startJournal(outDir: string, recipe: unknown): void {
  rmSync(join(outDir, JOURNAL_NAME), { force: true });
  appendFileSync(join(outDir, JOURNAL_NAME), `${JSON.stringify({ recipe })}\n`);
}
