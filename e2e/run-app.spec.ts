import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { settled, startHost, watchConsole, type Host } from './host';
import { cli, writeVolume } from './run-kit';

/*
 * Run on files… in the app, through the real pipeline panel in Chromium on the browser host: the
 * pipeline built in the panel runs over a folder of three files (one corrupt) with the progress bar
 * filling and the failure in the summary, and its outputs are byte for byte those of `voxelscope run`
 * with the same recipe on the same inputs. An output folder that leads out of --root is refused.
 */

let host: Host;
let root = '';
let outside = '';

test.beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'vs-e2e-runapp-'));
  outside = mkdtempSync(join(tmpdir(), 'vs-e2e-runapp-outside-'));
  writeVolume(join(root, 'data/a.tif'), 1, { x: 16, y: 14, z: 6, c: 1, t: 1 });
  writeVolume(join(root, 'data/b.tif'), 2, { x: 16, y: 14, z: 6, c: 1, t: 1 });
  writeFileSync(join(root, 'data/c.tif'), Buffer.from('II*\0 this is not really a TIFF'));
  symlinkSync(outside, join(root, 'elsewhere'));
  mkdirSync(join(root, 'results/picked'), { recursive: true });
  host = await startHost(root);
});
test.afterAll(async () => {
  await host?.stop();
});

async function openFile(page: Page, path: string[]): Promise<void> {
  await page.getByRole('button', { name: 'Open…' }).click();
  const dlg = page.getByRole('dialog', { name: 'Open a file' });
  for (const dir of path.slice(0, -1)) await dlg.getByRole('button', { name: `${dir}/` }).click();
  await dlg.getByRole('button', { name: new RegExp(`^${path.at(-1)!.replace(/[.+]/g, '\\$&')}`) }).click();
  await expect(page.locator('#status-text')).toContainText('loaded', { timeout: 30_000 });
  await settled(page);
}

test('Run on files: a folder with one corrupt file, progress, the failure in the summary, outputs equal to voxelscope run', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  await page.goto(host.url);
  await openFile(page, ['data', 'a.tif']);
  await page.getByTestId('pipeline-add').selectOption('gaussian');
  await settled(page);
  await page.getByTestId('pipeline-add').selectOption('white_tophat');
  await settled(page);

  await page.getByTestId('run-on-files').click();
  const dlg = page.getByRole('dialog', { name: 'Run on files' });
  await expect(dlg).toContainText('2 steps: gaussian → white_tophat, on:');
  await dlg.getByRole('button', { name: 'Add file or folder…' }).click();
  const browse = page.getByRole('dialog', { name: 'Open a file' });
  await browse.getByRole('button', { name: 'data/' }).click();
  await expect(browse.locator('.file-where')).toHaveText('/data');
  await browse.getByRole('button', { name: 'Open folder as stack' }).click();
  await expect(page.getByTestId('run-inputs')).toHaveText('/data');
  await dlg.getByLabel('Output folder').fill('out');
  await dlg.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('run-status')).toContainText('2 done, 1 failed, 0 skipped', { timeout: 60_000 });
  await expect(dlg.getByLabel('Run progress')).toHaveJSProperty('value', 3);
  await expect(page.getByTestId('run-result')).toContainText('data/c.tif');
  await expect(page.getByTestId('run-result')).toContainText('Run log: /out/voxelscope-run.json');
  await dlg.screenshot({ path: test.info().outputPath('run-dialog.png') });

  // The same recipe, saved from the same panel, through the command line on the same inputs.
  const download = page.waitForEvent('download');
  await page.keyboard.press('Escape');
  await page.getByTestId('recipe-save').click();
  const recipeFile = join(outside, 'pipeline.recipe.json');
  await (await download).saveAs(recipeFile);
  const r = cli(['run', recipeFile, join(root, 'data'), '--out', join(outside, 'cli-out'), '--jobs', '1']);
  expect(r.status, r.stderr).toBe(1); // c.tif fails there too
  expect(readdirSync(join(root, 'out')).sort()).toEqual(['a.tif', 'b.tif', 'voxelscope-run.json']);
  for (const name of ['a.tif', 'b.tif']) {
    expect(readFileSync(join(root, 'out', name)).equals(readFileSync(join(outside, 'cli-out', name))), name).toBe(true);
  }
  const log = JSON.parse(readFileSync(join(root, 'out/voxelscope-run.json'), 'utf8'));
  expect(log.format).toBe('voxelscope-run');
  expect(log.items.map((i: { status: string }) => i.status)).toEqual(['ok', 'ok', 'error']);
  expect(errors).toEqual([]);
});

test('Run on files refuses an output folder that leads out of the root, and writes nothing there', async ({ page }) => {
  await page.goto(host.url);
  await openFile(page, ['data', 'a.tif']);
  await page.getByTestId('pipeline-add').selectOption('gaussian');
  await settled(page);
  await page.keyboard.press('Control+b');
  const dlg = page.getByRole('dialog', { name: 'Run on files' });
  await expect(dlg).toContainText('1 step: gaussian, on:');
  await dlg.getByRole('button', { name: 'Add file or folder…' }).click();
  const browse = page.getByRole('dialog', { name: 'Open a file' });
  await browse.getByRole('button', { name: 'data/' }).click();
  await browse.getByRole('button', { name: /^a\.tif/ }).click();
  await dlg.getByLabel('Output folder').fill('elsewhere/sub');
  await dlg.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('run-result')).toContainText('outside the served root');
  await dlg.getByLabel('Output folder').fill('../up');
  await dlg.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('run-result')).toContainText('inside the served root');
  // Into the inputs' own folder, in their own format, with overwrite: the output would be the input itself.
  const before = readFileSync(join(root, 'data/a.tif'));
  await dlg.getByLabel('Output folder').fill('data');
  await dlg.getByLabel('overwrite').check(); // even so
  await dlg.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('run-result')).toContainText('is one of the inputs; a run never writes over its sources', { timeout: 30_000 });
  expect(readFileSync(join(root, 'data/a.tif')).equals(before)).toBe(true);
  expect(existsSync(join(outside, 'sub'))).toBe(false);
  expect(existsSync(join(root, '..', 'up'))).toBe(false);
});

test('the output folder is picked in the folder browser (or typed); Escape there closes only the browser', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(host.url);
  await openFile(page, ['data', 'a.tif']);
  await page.getByTestId('pipeline-add').selectOption('gaussian');
  await settled(page);
  await page.getByTestId('run-on-files').click();
  const dlg = page.getByRole('dialog', { name: 'Run on files' });
  // Escape in a browser opened from the run dialog leaves the run dialog open.
  await dlg.getByRole('button', { name: 'Add file or folder…' }).click();
  const browse = page.getByRole('dialog', { name: 'Open a file' });
  await expect(browse).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(browse).toBeHidden();
  await expect(dlg).toBeVisible();
  await dlg.getByRole('button', { name: 'Add file or folder…' }).click();
  await browse.getByRole('button', { name: 'data/' }).click();
  await browse.getByRole('button', { name: /^a\.tif/ }).click();
  await expect(page.getByTestId('run-inputs')).toHaveText('/data/a.tif');

  // The folder browser lists folders only; the folder shown is the one chosen.
  await dlg.getByRole('button', { name: 'Choose…' }).click();
  const folders = page.getByRole('dialog', { name: 'Choose a folder' });
  await folders.getByRole('button', { name: 'data/' }).click();
  await expect(folders.locator('.file-where')).toHaveText('/data');
  await expect(folders.locator('.file-entry')).toHaveText(['..']); // a.tif, b.tif and c.tif are not offered
  await page.keyboard.press('Escape');
  await expect(folders).toBeHidden();
  await expect(dlg).toBeVisible();
  await expect(dlg.getByLabel('Output folder')).toHaveValue('voxelscope-out'); // unchanged by a cancelled pick
  await dlg.getByRole('button', { name: 'Choose…' }).click();
  await folders.getByRole('button', { name: 'results/' }).click();
  await folders.getByRole('button', { name: 'picked/' }).click();
  await folders.getByRole('button', { name: 'Choose this folder' }).click();
  await expect(folders).toBeHidden();
  await expect(dlg.getByLabel('Output folder')).toHaveValue('results/picked');
  await dlg.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('run-status')).toContainText('1 done, 0 failed', { timeout: 60_000 });
  await expect(page.getByTestId('run-result')).toContainText('Run log: /results/picked/voxelscope-run.json');
  expect(readdirSync(join(root, 'results/picked')).sort()).toEqual(['a.tif', 'voxelscope-run.json']);

  // A typed path still works, picked folder or not: here a new subfolder of the picked one.
  await dlg.getByLabel('Output folder').fill('results/picked/typed');
  await dlg.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('run-result')).toContainText('Run log: /results/picked/typed/voxelscope-run.json', { timeout: 60_000 });
  expect(readdirSync(join(root, 'results/picked/typed')).sort()).toEqual(['a.tif', 'voxelscope-run.json']);
  await page.keyboard.press('Escape');
  await expect(dlg).toBeHidden();
});
