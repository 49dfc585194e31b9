import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { settled, startHost, watchConsole, type Host } from './host';
import { listFiles, readLog, writeVolume } from './run-kit';
import { writeSlowTiff } from './slow-tiff';

/*
 * Cancel in *Run on files…*, for real, in Chromium on the browser host: two small files and four that
 * take seconds each to decode (16 x 16 deflate tiles, e2e/slow-tiff.ts). The test waits until the two
 * small ones are done and the slow ones are in flight, presses Cancel, and checks what a person would:
 * the summary says the run was cancelled, the inputs not finished are logged as interrupted with no
 * output, nothing partial is left in the out folder, and the app runs the next batch normally.
 */
const SLOW = { x: 2048, y: 2048, z: 16 };
const SLOW_NAMES = ['s1.tif', 's2.tif', 's3.tif', 's4.tif'];

let host: Host;
let root = '';

test.beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'vs-e2e-runcancel-'));
  writeVolume(join(root, 'data/a.tif'), 1, { x: 16, y: 14, z: 6, c: 1, t: 1 });
  writeVolume(join(root, 'data/b.tif'), 2, { x: 16, y: 14, z: 6, c: 1, t: 1 });
  for (const n of SLOW_NAMES) writeSlowTiff(join(root, 'data', n), SLOW.x, SLOW.y, SLOW.z);
  host = await startHost(root);
});
test.afterAll(async () => {
  await host?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

async function openSmall(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Open…' }).click();
  const dlg = page.getByRole('dialog', { name: 'Open a file' });
  await dlg.getByRole('button', { name: 'data/' }).click();
  await dlg.getByRole('button', { name: /^a\.tif/ }).click();
  await expect(page.locator('#status-text')).toContainText('loaded', { timeout: 30_000 });
  await settled(page);
}

async function addInput(page: Page, path: string[]): Promise<void> {
  await page.getByRole('dialog', { name: 'Run on files' }).getByRole('button', { name: 'Add file or folder…' }).click();
  const browse = page.getByRole('dialog', { name: 'Open a file' });
  for (const dir of path.slice(0, -1)) await browse.getByRole('button', { name: `${dir}/` }).click();
  const last = path.at(-1)!;
  if (last.endsWith('/')) {
    await browse.getByRole('button', { name: last }).click();
    await browse.getByRole('button', { name: 'Open folder as stack' }).click();
  } else {
    await browse.getByRole('button', { name: new RegExp(`^${last.replace(/[.+]/g, '\\$&')}`) }).click();
  }
}

test('Cancel stops a running batch: the rest is not run, nothing partial stays, and the next run works', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchConsole(page);
  await page.goto(host.url);
  await openSmall(page);
  await page.getByTestId('pipeline-add').selectOption('gaussian');
  await settled(page);

  await page.getByTestId('run-on-files').click();
  const dlg = page.getByRole('dialog', { name: 'Run on files' });
  await addInput(page, ['data/']);
  await expect(page.getByTestId('run-inputs')).toHaveText('/data');
  await dlg.getByLabel('Output folder').fill('out');
  await dlg.getByRole('button', { name: 'Run', exact: true }).click();
  // a.tif and b.tif are done in a moment; the slow files are then being decoded.
  await expect(page.getByTestId('run-status')).toContainText('2/6 files', { timeout: 60_000 });
  await expect(page.getByTestId('run-status')).toContainText(/^2\/6 files, about \d+ (s|min) left/);
  const cancelled = Date.now();
  await dlg.getByRole('button', { name: 'Cancel run' }).click();
  await expect(page.getByTestId('run-status')).toContainText('Cancelled: 2 done', { timeout: 30_000 });
  // The slow files in flight stop where they are: their decodes are cancelled, not waited for (that
  // took some 9 s here; the cancel itself a fraction of a second).
  expect(Date.now() - cancelled).toBeLessThan(4_000);
  await expect(dlg.getByRole('button', { name: 'Cancel run' })).toBeDisabled();
  await expect(dlg.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  await expect(page.getByTestId('run-result')).toContainText('interrupted');

  const out = join(root, 'out');
  // Only the finished outputs and the run log: no temporary file, no journal, nothing of the slow files.
  expect(listFiles(out)).toEqual(['a.tif', 'b.tif', 'voxelscope-run.json']);
  const log = readLog(out);
  expect(log.items.map((i) => [i.input.split('/').pop(), i.status])).toEqual([
    ['a.tif', 'ok'], ['b.tif', 'ok'], ...SLOW_NAMES.map((n) => [n, 'error']),
  ]);
  for (const item of log.items.slice(2)) {
    expect(item.error).toMatch(/interrupted/);
    expect(item.output_sha256).toBeNull();
  }
  const kept = readFileSync(join(out, 'a.tif'));

  // The app is still usable: a second run, from a fresh dialog, goes through to the end.
  await page.keyboard.press('Escape');
  await expect(dlg).toBeHidden();
  await page.keyboard.press('Control+b');
  await addInput(page, ['data', 'b.tif']);
  await dlg.getByLabel('Output folder').fill('out2');
  await dlg.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('run-status')).toContainText('1 done, 0 failed, 0 skipped', { timeout: 60_000 });
  await expect(page.getByTestId('run-status')).not.toContainText('Cancelled');
  expect(listFiles(join(root, 'out2'))).toEqual(['b.tif', 'voxelscope-run.json']);
  expect(readFileSync(join(root, 'out2/b.tif')).equals(readFileSync(join(out, 'b.tif')))).toBe(true);
  expect(readFileSync(join(out, 'a.tif')).equals(kept)).toBe(true);
  expect(errors).toEqual([]);
});
