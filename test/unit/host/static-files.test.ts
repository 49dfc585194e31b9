import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRendererFile } from '../../../main/services/static-files.js';
import { tempDir } from './host-kit.js';

/** The built renderer's files, and nothing else, whatever the URL path spells. */
let base = '';
let dir = '';
beforeAll(() => {
  base = tempDir('vs-static-');
  dir = join(base, 'renderer');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  writeFileSync(join(dir, 'main.js'), 'export {};');
  writeFileSync(join(base, 'secret.js'), 'secret');
  writeFileSync(join(base, 'secret.json'), '{}');
  symlinkSync(join(base, 'secret.js'), join(dir, 'linked.js'));
  symlinkSync(base, join(dir, 'sub', 'up'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('readRendererFile', () => {
  it('serves the renderer\'s files with their types; / is index.html', async () => {
    expect((await readRendererFile(dir, '/'))?.type).toBe('text/html; charset=utf-8');
    expect((await readRendererFile(dir, '/main.js'))?.body.toString()).toBe('export {};');
  });

  it('reads nothing outside its folder: dot-dot, encoded dots, NUL, malformed escapes', async () => {
    for (const p of ['/../secret.js', '/%2e%2e/secret.js', '/sub/..%2f..%2fsecret.js', '/main.js%00.png', '/%E0%A4%A', '/..\\secret.js']) {
      expect(await readRendererFile(dir, p), p).toBeNull();
    }
  });

  it('follows no link out of its folder', async () => {
    expect(await readRendererFile(dir, '/linked.js')).toBeNull();
    expect(await readRendererFile(dir, '/sub/up/secret.json')).toBeNull();
  });

  it('serves only the types it knows', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'x');
    expect(await readRendererFile(dir, '/notes.txt')).toBeNull();
  });
});
