import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

/**
 * The race the identity check alone cannot see: a folder on the way to a file swapped for a link out
 * of the root just after the path was resolved. Simulated without timing: realpath answers as it would
 * have just before the swap, while the folder already is a link (so stat and open both land outside).
 */
const work = realpathSync(mkdtempSync(join(tmpdir(), 'vs-race-')));
const root = join(work, 'root');
const outside = join(work, 'outside');
mkdirSync(root);
mkdirSync(outside);
writeFileSync(join(outside, 'f.tif'), 'secret');
symlinkSync(outside, join(root, 'swapped'));
const beforeTheSwap = join(root, 'swapped', 'f.tif');

vi.mock('node:fs/promises', async (original) => {
  const fs = await original<typeof import('node:fs/promises')>();
  return { ...fs, realpath: (p: string) => (p === beforeTheSwap ? Promise.resolve(p) : fs.realpath(p)) };
});
const { FileAccess } = await import('../../../main/services/file-access.js');

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a folder swapped for a link between the check and the open', () => {
  it.skipIf(process.platform !== 'linux')('is caught by naming the open descriptor (Linux /proc/self/fd)', async () => {
    await expect(FileAccess.under(root).open(beforeTheSwap)).rejects.toThrow(/f\.tif: outside the served root/);
  });
});
