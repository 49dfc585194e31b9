import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileAccess } from '../../../main/services/file-access.js';
import { browseDir, resolveUnderRoot } from '../../../main/services/root-browser.js';
import { memoryBudget } from '../../../main/services/memory-budget.js';
import { RecentFiles } from '../../../main/services/recent-files.js';

describe('the browser host root', () => {
  const root = mkdtempSync(join(tmpdir(), 'vs-root-'));
  const outside = mkdtempSync(join(tmpdir(), 'vs-outside-'));
  mkdirSync(join(root, 'sub'));
  writeFileSync(join(root, 'sub', 'a.tif'), 'x');
  writeFileSync(join(outside, 'secret.tif'), 'y');
  symlinkSync(join(outside, 'secret.tif'), join(root, 'link.tif'));

  const access = FileAccess.under(root);
  writeFileSync(join(root, 'b.tif'), 'xyz');

  it('lists folders first, then files, with sizes; not a link that leads outside', async () => {
    const r = await browseDir(access, '');
    expect(r.entries.map((e) => e.name)).toEqual(['sub', 'b.tif']);
    expect((await browseDir(access, 'sub')).entries).toEqual([{ name: 'a.tif', kind: 'file', size: 1 }]);
  });

  it('refuses a symlink that leads outside the root', async () => {
    await expect(resolveUnderRoot(access, 'link.tif')).rejects.toThrow(/outside the served root/);
    await expect(resolveUnderRoot(access, 'sub/a.tif')).resolves.toBe(join(realpathSync(root), 'sub', 'a.tif'));
  });
});

describe('settings', () => {
  it('memory budget from the environment', () => {
    expect(memoryBudget({ VOXELSCOPE_MEMORY_BUDGET: '512M' })).toBe(512 * 2 ** 20);
    expect(memoryBudget({ VOXELSCOPE_MEMORY_BUDGET: '2G' })).toBe(2 * 2 ** 30);
    expect(memoryBudget({})).toBeGreaterThan(0);
  });

  it('recent files survive a restart, newest first, without duplicates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vs-config-'));
    const a = new RecentFiles(dir);
    a.add('/data/one.tif');
    a.add('/data/two.nii.gz');
    a.add('/data/one.tif');
    const b = new RecentFiles(dir);
    expect(b.list().map((e) => e.name)).toEqual(['one.tif', 'two.nii.gz']);
    expect(b.byId(b.list()[1].id)?.path).toBe('/data/two.nii.gz');
  });
});
