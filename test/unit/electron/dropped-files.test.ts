import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAllReaders } from '../../../app/formats/all-readers.js';
import { MAX_DROPPED_FILES } from '../../../app/ipc/names.js';
import { dropPaths, droppedFileToOpen } from '../../../main/electron/dropped-files.js';

/**
 * What the Electron host accepts as a drop. The preload sends paths only for a trusted drop, but a
 * compromised renderer could send any message: the host must bound what a forged one makes it read.
 */
registerAllReaders();
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vs-drop-'));
  for (const f of ['stack.tif', 'cube.hdr', 'cube.img', 'id_rsa', 'notes.txt', 'locked.nii']) writeFileSync(join(dir, f), 'x');
  chmodSync(join(dir, 'locked.nii'), 0o000);
  mkdirSync(join(dir, 'series'));
  symlinkSync('/dev/zero', join(dir, 'zero.tif'));
  spawnSync('mkfifo', [join(dir, 'pipe.npy')]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dropPaths', () => {
  it('accepts a list of absolute paths', () => {
    expect(dropPaths(['/data/a.tif', '/data/b.tif'])).toEqual(['/data/a.tif', '/data/b.tif']);
  });

  it.each([
    ['not a list', '/data/a.tif'],
    ['an empty list', []],
    ['a relative path', ['a.tif']],
    ['a non-string', ['/data/a.tif', 42]],
    ['an empty string', ['']],
    ['a NUL', ['/data/a.tif\0.png']],
    ['an overlong path', ['/' + 'a'.repeat(5000)]],
    ['too many paths', Array.from({ length: MAX_DROPPED_FILES + 1 }, (_, i) => `/d/${i}.tif`)],
  ])('refuses %s', (_why, payload) => {
    expect(dropPaths(payload)).toBeNull();
  });
});

describe('droppedFileToOpen', () => {
  it('opens a regular file with a volume extension, and the header of a header/data pair', async () => {
    expect(await droppedFileToOpen([join(dir, 'stack.tif')])).toEqual({ ok: true, path: join(dir, 'stack.tif') });
    expect(await droppedFileToOpen([join(dir, 'cube.img'), join(dir, 'cube.hdr')])).toEqual({ ok: true, path: join(dir, 'cube.hdr') });
  });

  it('opens a folder (an image sequence)', async () => {
    expect(await droppedFileToOpen([join(dir, 'series')])).toEqual({ ok: true, path: join(dir, 'series') });
  });

  it.each([
    ['a file of no volume type', 'id_rsa', /not a file type Voxelscope opens/],
    ['a text file', 'notes.txt', /not a file type Voxelscope opens/],
    ['a device behind a link with a volume name', 'zero.tif', /not a regular file/],
    ['a named pipe (would block a reader forever)', 'pipe.npy', /not a regular file/],
    ['a missing file', 'gone.tif', /no such file/],
  ])('refuses %s, naming it', async (_why, name, message) => {
    const r = await droppedFileToOpen([join(dir, name)]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.name).toBe(name);
      expect(r.error.message).toMatch(new RegExp(`^${name.replace('.', '\\.')}: `));
      expect(r.error.message).toMatch(message);
    }
  });

  it.skipIf(process.getuid?.() === 0)('refuses a file it may not read', async () => {
    const r = await droppedFileToOpen([join(dir, 'locked.nii')]);
    expect(!r.ok && r.error.message).toBe('locked.nii: permission denied');
  });
});
