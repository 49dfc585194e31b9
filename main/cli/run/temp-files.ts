import { closeSync, linkSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, write, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

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
 * Outputs larger than this are written on libuv's threads, while the calling thread goes on (hashing
 * the output, reading the next input): with --jobs 2 over 256^3 files the workers waited on the main
 * thread's writes of 64 MB outputs. Smaller ones are written with direct calls: a trip to the thread
 * pool costs more than writing them.
 */
const BACKGROUND_WRITE_BYTES = 4 << 20;

/**
 * Writes the chunks to a new temporary file beside `output` (creating its folder): the temporary path
 * at once, and `written`, which settles when the file is complete (and rejects, with the file removed,
 * when it could not be written). The chunks must stay as they are until then.
 */
export function writeTemp(output: string, chunks: readonly Uint8Array[]): { temp: string; written: Promise<void> } {
  mkdirSync(dirname(output), { recursive: true });
  const tmp = tempNameFor(output);
  const fd = openSync(tmp, 'wx');
  const background = chunks.reduce((n, c) => n + c.byteLength, 0) > BACKGROUND_WRITE_BYTES;
  const finish = (e?: unknown): void => {
    closeSync(fd);
    if (e === undefined) return;
    rmSync(tmp, { force: true });
    throw e;
  };
  if (!background) {
    try {
      for (const c of chunks) {
        let done = 0;
        while (done < c.byteLength) done += writeSync(fd, c, done, c.byteLength - done);
      }
    } catch (e) {
      finish(e);
    }
    finish();
    return { temp: tmp, written: Promise.resolve() };
  }
  const written = (async () => {
    for (const c of chunks) {
      let done = 0;
      while (done < c.byteLength) done += await writeOnPool(fd, c, done, c.byteLength - done);
    }
  })().then(() => finish(), finish);
  return { temp: tmp, written };
}

function writeOnPool(fd: number, c: Uint8Array, at: number, length: number): Promise<number> {
  return new Promise((done, fail) => write(fd, c, at, length, null, (e, n) => (e ? fail(e) : done(n))));
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
