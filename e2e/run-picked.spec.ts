import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { registerAllReaders } from '../app/formats/all-readers';
import { startServer, type RunningServer } from '../main/serve/server';
import { RecentFiles } from '../main/services/recent-files';
import { VolumeStore } from '../main/services/volume-store';
import { REPO, settled, watchConsole } from './host';
import { cli, writeVolume } from './run-kit';

/*
 * Run on files… as the desktop app offers it (native dialogs), in Chromium: there is no Electron binary
 * here, so the real renderer runs against the real host API over the browser host's HTTP transport, with
 * dialogs that return the paths a user chose (outside the served root, as a desktop user's files are).
 * The page holds only pick ids and names; the run is real and its outputs equal `voxelscope run`'s.
 */
const DIST = join(REPO, 'dist/main');
let server: RunningServer;
let store: VolumeStore;
let root = '';
let files = '';
/** What the next native dialog returns. */
let chosen: string[] = [];

test.beforeAll(async () => {
  registerAllReaders();
  root = mkdtempSync(join(tmpdir(), 'vs-e2e-picked-root-'));
  files = mkdtempSync(join(tmpdir(), 'vs-e2e-picked-files-'));
  writeVolume(join(root, 'view.tif'), 1, { x: 16, y: 14, z: 6, c: 1, t: 1 });
  writeVolume(join(files, 'scans/a.tif'), 2, { x: 16, y: 14, z: 6, c: 1, t: 1 });
  writeVolume(join(files, 'scans/b.nii.gz'), 3, { x: 12, y: 10, z: 5, c: 1, t: 1 });
  mkdirSync(join(files, 'results'));
  store = new VolumeStore(pathToFileURL(join(DIST, 'decode-worker.mjs')), 2);
  server = await startServer({
    port: 0, root, rendererDir: join(REPO, 'dist/renderer'), memoryBudget: 256 << 20, version: 'e2e', store,
    recent: new RecentFiles(mkdtempSync(join(tmpdir(), 'vs-e2e-picked-config-'))), log: () => undefined,
    batchWorkers: { decode: pathToFileURL(join(DIST, 'decode-worker.mjs')), job: pathToFileURL(join(DIST, 'job-worker.mjs')), hash: pathToFileURL(join(DIST, 'hash-worker.mjs')) },
    pickers: { pickRunInputs: async () => chosen, pickRunOutput: async () => chosen[0] ?? null },
  });
});
test.afterAll(async () => {
  await server?.close();
  await store?.destroy();
  for (const d of [root, files]) if (d) rmSync(d, { recursive: true, force: true });
});

test('Run on files with native dialogs: picked files into a picked folder; the page names no path', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  const sent: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/rpc/run') || r.url().includes('/rpc/pick')) sent.push(r.postData() ?? '');
  });
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Open…' }).click();
  await page.getByRole('dialog', { name: 'Open a file' }).getByRole('button', { name: /^view\.tif/ }).click();
  await expect(page.locator('#status-text')).toContainText('loaded', { timeout: 30_000 });
  await settled(page);
  await page.getByTestId('pipeline-add').selectOption('gaussian');
  await settled(page);

  await page.getByTestId('run-on-files').click();
  const dlg = page.getByRole('dialog', { name: 'Run on files' });
  const run = dlg.getByRole('button', { name: 'Run', exact: true });
  await expect(run).toBeDisabled();
  chosen = [join(files, 'scans/a.tif'), join(files, 'scans/b.nii.gz')];
  await dlg.getByRole('button', { name: 'Add files…' }).click();
  await expect(page.getByTestId('run-inputs')).toHaveText('a.tifb.nii.gz');
  await expect(run).toBeDisabled(); // no output folder yet
  await expect(dlg.getByLabel('Output folder')).toHaveJSProperty('readOnly', true);
  chosen = [];
  await dlg.getByRole('button', { name: 'Choose…' }).click(); // cancelled: still none
  await expect(run).toBeDisabled();
  chosen = [join(files, 'results')];
  await dlg.getByRole('button', { name: 'Choose…' }).click();
  await expect(dlg.getByLabel('Output folder')).toHaveValue('results');
  await run.click();
  await expect(page.getByTestId('run-status')).toContainText('2 done, 0 failed', { timeout: 60_000 });
  await expect(page.getByTestId('run-result')).toHaveText('Run log: results/voxelscope-run.json');

  // What crossed from the page: ids and the recipe, never a path of the user's files.
  expect(sent.some((b) => b.includes('"pick":"p'))).toBe(true);
  for (const b of sent) expect(b).not.toContain(files);

  // The same recipe through the command line on the same files gives the same bytes.
  const download = page.waitForEvent('download');
  await page.keyboard.press('Escape');
  await page.getByTestId('recipe-save').click();
  const recipe = join(files, 'pipeline.recipe.json');
  await (await download).saveAs(recipe);
  const r = cli(['run', recipe, join(files, 'scans/a.tif'), join(files, 'scans/b.nii.gz'), '--out', join(files, 'cli-out')]);
  expect(r.status, r.stderr).toBe(0);
  expect(readdirSync(join(files, 'results')).sort()).toEqual(['a.tif', 'b.nii.gz', 'voxelscope-run.json']);
  for (const n of ['a.tif', 'b.nii.gz']) expect(readFileSync(join(files, 'results', n)).equals(readFileSync(join(files, 'cli-out', n))), n).toBe(true);
  expect(errors).toEqual([]);
});
