import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Outcome } from './outcome.js';
import type { RunnerPool } from './pool.js';

/** What `case.json` of a kept failure says (see failures.ts). */
interface KeptRecord { kind: 'reader' | 'contract'; target?: string; seed?: string; index?: number; found?: { seed: string } }

export interface Replayed { name: string; outcome: Outcome; message: string }

/** The kept cases under `dir`, by folder name, in name order. */
export function keptCases(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => existsSync(join(dir, n, 'case.json'))).sort();
}

/**
 * Runs every kept case under `dir` again, through the same runners (time limit, memory cap) as the
 * fuzzing that found it: a reader case opens its files as they were kept, a contract case is rebuilt
 * from its seed and index.
 */
export async function replayKept(pool: RunnerPool, dir: string): Promise<Replayed[]> {
  const out: Replayed[] = [];
  for (const name of keptCases(dir)) {
    const rec = JSON.parse(readFileSync(join(dir, name, 'case.json'), 'utf8')) as KeptRecord;
    let r;
    if (rec.kind === 'contract') r = await pool.runOne({ type: 'contract', index: rec.index!, seed: rec.seed! });
    else {
      const filesDir = join(dir, name, 'files');
      const files = readdirSync(filesDir).sort().map((n): [string, Uint8Array] => [n, new Uint8Array(readFileSync(join(filesDir, n)))]);
      r = await pool.runOne({ type: 'files', files, target: rec.target ?? '.' });
    }
    out.push({ name, outcome: r.outcome, message: r.message });
  }
  return out;
}
