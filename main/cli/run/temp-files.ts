import { linkSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { Hasher } from '../../services/hash-pool.js';

/**
 * Outputs are written under a temporary name beside their final one and renamed only when complete
 * (DESIGN.md), so no partial output ever carries an output's name. The temporary name is hidden and
 * recognisable, `.NAME.XXXXXXXX.partial`, so a later run can remove what a killed one left.
 */
const PARTIAL = /^\..+\.[0-9a-f]{8}\.partial$/;

export function tempNameFor(output: string): string {
  return join(dirname(output), `.${basename(output)}.${randomBytes(4).toString('hex')}.partial`);
}

/**
 * Writes the chunks to a new temporary file beside `output` (creating its folder), through `hasher`
 * (on a hashing thread in a batch run): the temporary path and the output's SHA-256. When it cannot be
 * written it rejects, with the file removed. The chunks must stay as they are until it settles.
 */
export async function writeTemp(output: string, chunks: readonly Uint8Array[], hasher: Hasher): Promise<{ temp: string; sha256: string }> {
  const temp = tempNameFor(output);
  return { temp, sha256: await hasher.write(temp, chunks) };
}

/**
 * Gives the finished temporary file its output's name. Without `overwrite` an existing output is an
 * error and is left alone (a link fails when the name exists, even if another process just made it).
 * The temporary file is gone afterwards either way.
 */
export function commitTemp(tmp: string, output: string, overwrite: boolean): void {
  try {
    if (overwrite) renameSync(tmp, output);
    else linkSync(tmp, output);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${output}: already exists (use --overwrite to replace it)`);
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Removes the temporary files a killed run (or a Dask worker killed mid-item) left for these outputs:
 * only names of the form above. One listing per folder, since a listing per output made a run over
 * many files quadratic.
 */
export function removeStalePartials(outputs: readonly string[]): void {
  const byDir = new Map<string, Set<string>>();
  for (const o of outputs) {
    const dir = dirname(o);
    if (!byDir.has(dir)) byDir.set(dir, new Set());
    byDir.get(dir)!.add(basename(o));
  }
  for (const [dir, names] of byDir) {
    let found: string[];
    try {
      found = readdirSync(dir);
    } catch {
      continue;
    }
    // `.NAME.XXXXXXXX.partial`: NAME is what is left without the dot and the 17 characters of the tail.
    for (const n of found) {
      if (PARTIAL.test(n) && names.has(n.slice(1, -17))) rmSync(join(dir, n), { force: true });
    }
  }
}
