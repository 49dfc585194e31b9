import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO } from './host';

/**
 * `npm run dist` as far as a machine without the Electron binary allows: electron-builder packages the
 * built dist/ for real (its --dir target, Linux layout) around a stand-in for the Electron binary, and
 * the archive it writes is checked: the app's own files only (no node_modules: every library is bundled),
 * and the files that must load from outside the archive unpacked beside it.
 */
const pkgRequire = createRequire(join(REPO, 'package.json'));
const builderRequire = createRequire(pkgRequire.resolve('electron-builder/package.json'));
const asar = createRequire(builderRequire.resolve('app-builder-lib/package.json'))('@electron/asar') as {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  extractFile(archive: string, file: string): Buffer;
};

let out = '';
let resources = '';
let log = '';
test.beforeAll(() => {
  test.setTimeout(120_000);
  out = mkdtempSync(join(tmpdir(), 'vs-dist-'));
  const electronDist = join(out, 'electron-standin');
  mkdirSync(electronDist);
  writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho stand-in\n');
  chmodSync(join(electronDist, 'electron'), 0o755);
  const r = spawnSync(process.execPath, [
    builderRequire.resolve('electron-builder/cli.js'), '--config', 'electron-builder.yml', '--linux', 'dir',
    `-c.electronDist=${electronDist}`, `-c.directories.output=${join(out, 'release')}`,
  ], { cwd: REPO, encoding: 'utf8', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
  log = `${r.stdout}\n${r.stderr}`;
  expect(r.status, log).toBe(0);
  resources = join(out, 'release', 'linux-unpacked', 'resources');
});
test.afterAll(() => rmSync(out, { recursive: true, force: true }));

test('the archive holds the built app and no node_modules', () => {
  const archive = join(resources, 'app.asar');
  const files = asar.listPackage(archive, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
  expect(files.filter((f) => f.includes('node_modules')), log).toEqual([]);
  for (const f of ['/package.json', '/dist/main/electron-main.mjs', '/dist/main/preload.cjs', '/dist/main/decode-worker.mjs', '/dist/renderer/index.html', '/dist/renderer/main.js'])
    expect(files).toContain(f);
  expect(files.filter((f) => f.endsWith('.map') || f.endsWith('/cli.mjs'))).toEqual([]);
  const inner = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as Record<string, unknown>;
  expect(inner.main).toBe('dist/main/electron-main.mjs');
  expect(inner.productName).toBe('Voxelscope');
  expect(inner.dependencies ?? {}).toEqual({});
  // Was ~41 MB with three, vtk.js and zod copied in beside the bundles that already contain them.
  const mb = statSync(archive).size / 2 ** 20;
  test.info().annotations.push({ type: 'app.asar', description: `${mb.toFixed(1)} MB` });
  expect(mb).toBeLessThan(8);
});

test('the decode worker and the native addon are unpacked beside the archive', () => {
  const unpacked = join(resources, 'app.asar.unpacked');
  // main/electron/packaged-paths.ts starts the worker from this path.
  expect(readFileSync(join(unpacked, 'dist/main/decode-worker.mjs'))).toEqual(readFileSync(join(REPO, 'dist/main/decode-worker.mjs')));
  if (existsSync(join(REPO, 'dist/native/huge-pages.node'))) expect(existsSync(join(unpacked, 'dist/native/huge-pages.node'))).toBe(true);
  expect(existsSync(join(out, 'release', 'linux-unpacked', 'voxelscope'))).toBe(true);
});
