import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCase, filesOf, type ReaderCase } from './case.js';
import { applyOps, type Files } from './ops.js';
import { isFailure, type Outcome } from './outcome.js';
import type { RunnerPool, RunResult } from './pool.js';
import type { Seed } from './seeds.js';
import type { FuzzFormat } from './options.js';

export interface Failure { index: number; format: FuzzFormat; outcome: Outcome; message: string }

/** What makes two failures the same bug: the outcome and the message with numbers and file names blanked out. */
export function signature(f: Failure): string {
  return `${f.format} ${f.outcome} ${f.message.replace(/[\w.-]+\.(tiff?|nii|gz|hdr|img|npy|png|raw|bil|bsq|bip|dat)\b/gi, 'F').replace(/\d+/g, '#').slice(0, 160)}`;
}

/** Where a kept regression case is written: DIR/<format>-<hash of its files>/ with files/ and case.json. */
export interface KeptCase {
  /** The folder of the case. */
  dir: string;
  outcome: Outcome;
  message: string;
}

function hashFiles(files: Files): string {
  const h = createHash('sha256');
  for (const [name, bytes] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) h.update(name).update('\0').update(bytes);
  return h.digest('hex').slice(0, 12);
}

const asJob = (files: Files, target: string) => ({ type: 'files' as const, files: [...files], target });

/**
 * Replays a reader failure alone, then shrinks it by dropping edits while it still fails the same way
 * (at most `maxRuns` replays: shrinking is a convenience, the failure is kept either way).
 */
async function shrink(pool: RunnerPool, c: ReaderCase, outcome: Outcome, maxRuns = 24): Promise<{ c: ReaderCase; alone: RunResult }> {
  const alone = await pool.runOne(asJob(filesOf(c), c.target));
  if (!isFailure(alone.outcome)) return { c, alone };
  let ops = c.ops;
  let runs = 0;
  for (let i = ops.length - 1; i >= 0 && runs < maxRuns; i--) {
    const fewer = [...ops.slice(0, i), ...ops.slice(i + 1)];
    runs++;
    const r = await pool.runOne(asJob(applyOps(c.base, fewer), c.target));
    if (r.outcome === outcome) ops = fewer;
  }
  return { c: { ...c, ops }, alone };
}

/**
 * Confirms, shrinks and keeps one failure as a regression case (reader cases: their files; contract
 * cases: how to rebuild them). Returns what was kept, or null when nothing was written.
 */
export async function keepFailure(pool: RunnerPool, seeds: readonly Seed[], runSeed: string, f: Failure, keepDir: string | null): Promise<KeptCase | string> {
  if (f.format === 'contract') {
    if (!keepDir) return 'not kept (--keep none)';
    const dir = join(keepDir, `contract-${runSeed}-${f.index}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'case.json'), JSON.stringify({ kind: 'contract', seed: runSeed, index: f.index, outcome: f.outcome, message: f.message }, null, 1) + '\n');
    return { dir, outcome: f.outcome, message: f.message };
  }
  const { c, alone } = await shrink(pool, buildCase(seeds, runSeed, f.index, f.format), f.outcome);
  const note = isFailure(alone.outcome) ? '' : ` (alone it gave ${alone.outcome}: ${alone.message})`;
  if (!keepDir) return `not kept (--keep none)${note}`;
  const files = filesOf(c);
  const dir = join(keepDir, `${f.format}-${hashFiles(files)}`);
  mkdirSync(join(dir, 'files'), { recursive: true });
  for (const [name, bytes] of files) writeFileSync(join(dir, 'files', name), bytes);
  const record = {
    kind: 'reader', format: f.format, target: c.target, outcome: f.outcome, message: f.message,
    found: { seed: runSeed, index: f.index, from: c.seed }, edits: c.ops.map((o) => o.why), ...(note ? { note } : {}),
  };
  writeFileSync(join(dir, 'case.json'), JSON.stringify(record, null, 1) + '\n');
  return { dir, outcome: f.outcome, message: f.message + note };
}
