import { describe, expect, it } from 'vitest';
import { fileArguments, localPath, secondInstanceData, secondInstanceFiles } from '../../../main/electron/os-files.js';
import { outsideAsar } from '../../../main/electron/packaged-paths.js';

/** Files the OS hands the desktop app: command lines, desktop-entry URIs, a second instance. */
describe('fileArguments', () => {
  it('takes the positional arguments of a packaged app, without switches', () => {
    expect(fileArguments(['/opt/Voxelscope/voxelscope', '--no-sandbox', 'a.tif', '/data/b.nii', '--original-process-start-time=1'], false)).toEqual(['a.tif', '/data/b.nii']);
    expect(fileArguments(['C:\\Program Files\\Voxelscope\\Voxelscope.exe', 'C:\\data\\a.tif'], false)).toEqual(['C:\\data\\a.tif']);
  });

  it('drops the app folder of a development run, wherever the runner put its own switches', () => {
    expect(fileArguments(['/repo/node_modules/electron/dist/electron', '.', 'a.tif'], true)).toEqual(['a.tif']);
    expect(fileArguments(['/x/electron', '--inspect=0', '--remote-debugging-port=0', '/repo', '/data/a.tif'], true)).toEqual(['/data/a.tif']);
    expect(fileArguments(['/x/electron', '.'], true)).toEqual([]);
  });

  it('takes at most 64 files from one command line', () => {
    expect(fileArguments(['app', ...Array.from({ length: 100 }, (_, i) => `f${i}.tif`)], false)).toHaveLength(64);
  });
});

describe('localPath', () => {
  it('converts file:// URIs (the desktop entry passes %U) with their escapes', () => {
    expect(localPath('file:///home/ada/scans/scan%20(1).tif', '/tmp')).toEqual({ ok: true, path: '/home/ada/scans/scan (1).tif' });
    expect(localPath('FILE:///data/%C2%B5m.nii', '/tmp')).toEqual({ ok: true, path: '/data/µm.nii' });
  });

  it('resolves plain paths against the working directory', () => {
    expect(localPath('stacks/a.tif', '/home/ada')).toEqual({ ok: true, path: '/home/ada/stacks/a.tif' });
    expect(localPath('/data/a.tif', '/home/ada')).toEqual({ ok: true, path: '/data/a.tif' });
    // A name that merely contains a colon is a file, not an address.
    expect(localPath('run:2.tif', '/d')).toEqual({ ok: true, path: '/d/run:2.tif' });
  });

  it('refuses addresses of other schemes and of other hosts, naming them', () => {
    for (const uri of ['sftp://lab-server/data/a.tif', 'https://example.org/a.tif', 'smb://nas/share/a.tif']) {
      const r = localPath(uri, '/tmp');
      expect(r.ok, uri).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('invalid-request');
        expect(r.error.message).toContain(uri);
        expect(r.error.message).toMatch(/only local files/);
      }
    }
    const remote = localPath('file://lab-server/data/a.tif', '/tmp');
    expect(remote.ok).toBe(false);
    expect(!remote.ok && remote.error.message).toMatch(/not a local file address/);
  });

  it('refuses NUL and absurd lengths', () => {
    expect(localPath('a\0b.tif', '/tmp').ok).toBe(false);
    expect(localPath('a'.repeat(5000), '/tmp').ok).toBe(false);
  });
});

describe('second instance', () => {
  it('uses the arguments and folder the second instance sent, not the reordered argv', () => {
    const data = secondInstanceData(['/opt/Voxelscope/voxelscope', 'b.tif', 'file:///data/c.nii'], '/home/ada', false);
    expect(JSON.parse(JSON.stringify(data))).toEqual(data); // it crosses processes as JSON
    const files = secondInstanceFiles(data, ['/opt/Voxelscope/voxelscope', '--some-switch', 'file:///data/c.nii', 'b.tif'], '/elsewhere', false);
    expect(files).toEqual([{ ok: true, path: '/home/ada/b.tif' }, { ok: true, path: '/data/c.nii' }]);
  });

  it('falls back to argv and the working directory when the data is not what this app sends', () => {
    for (const data of [null, 'b.tif', { args: 'b.tif', cwd: '/x' }, { args: [1], cwd: '/x' }, { args: ['b.tif'], cwd: 'relative' }, { args: ['b.tif'] }]) {
      expect(secondInstanceFiles(data, ['/opt/Voxelscope/voxelscope', 'b.tif'], '/work', false)).toEqual([{ ok: true, path: '/work/b.tif' }]);
    }
  });
});

describe('outsideAsar', () => {
  it('points a file inside app.asar at its unpacked copy, and leaves other paths alone', () => {
    const inside = new URL('file:///opt/Voxelscope/resources/app.asar/dist/main/decode-worker.mjs');
    expect(outsideAsar(inside).href).toBe('file:///opt/Voxelscope/resources/app.asar.unpacked/dist/main/decode-worker.mjs');
    const win = new URL('file:///C:/Program%20Files/Voxelscope/resources/app.asar/dist/main/decode-worker.mjs');
    expect(outsideAsar(win).href).toBe('file:///C:/Program%20Files/Voxelscope/resources/app.asar.unpacked/dist/main/decode-worker.mjs');
    const dev = new URL('file:///repo/dist/main/decode-worker.mjs');
    expect(outsideAsar(dev).href).toBe(dev.href);
    expect(outsideAsar(outsideAsar(inside)).href).toBe(outsideAsar(inside).href);
  });
});
