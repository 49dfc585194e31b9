import { closeSync, linkSync, openSync, realpathSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes a file's chunks under a temporary name beside it and renames it into place once complete, so
 * a failure (or a killed process) never leaves a partial output under the real name. With
 * `overwrite` false, an existing file is an error and is left alone.
 */
export function writeAtomically(path: string, chunks: readonly Uint8Array[], overwrite = true): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.partial`);
  const fd = openSync(tmp, 'wx');
  try {
    for (const c of chunks) {
      let done = 0;
      while (done < c.byteLength) done += writeSync(fd, c, done, c.byteLength - done);
    }
    closeSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  try {
    // A link fails if the name exists, so "do not overwrite" holds even against another writer.
    if (overwrite) renameSync(tmp, path);
    else linkSync(tmp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${basename(path)}: already exists (use --overwrite to replace it)`);
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Whether two paths name the same file (links resolved), so that an output never replaces its input. */
export function sameFile(a: string, b: string): boolean {
  const real = (f: string): string | null => {
    try {
      return realpathSync(f);
    } catch {
      return null;
    }
  };
  const ra = real(a);
  return a === b || (ra !== null && ra === real(b));
}
