import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { REPO, settled, startHost, watchConsole, type Host } from './host';
import { writeHyperstack } from './viewer-helpers';

/*
 * Recipes in the app, through the real pipeline panel in Chromium on the browser host: a pipeline built
 * in the panel saves as a recipe (the app's version and the input it was tuned on, with the SHA-256
 * `voxelscope info` gives), loads back after a reload with the same steps and the same preview on screen,
 * exports as Python, and a bad recipe is one error dialog naming the file, the step and the field.
 */

let host: Host;
let root = '';

test.beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'vs-e2e-recipe-'));
  writeHyperstack(join(root, 'cells.tif'), { x: 48, y: 40, z: 6, c: 1, t: 1 }, { x: 0.5, y: 0.5, z: 2, t: 1 }, (x, y, z) => ((x - 20) ** 2 + (y - 18) ** 2 < 90 ? 3000 : 200) + ((x * 7 + y * 13 + z * 5) % 50));
  host = await startHost(root);
});
test.afterAll(async () => {
  await host?.stop();
});

const xyView = (page: Page) => page.locator('[data-view="xy"] canvas').first();
const steps = (page: Page) => page.locator('[data-testid="pipeline-panel"] li.pipeline-step');

/** Opens the test file through the Open dialog (viewer-helpers' openFile, with room for a busy machine). */
async function openFile(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Open…' }).click();
  await page.getByRole('dialog', { name: 'Open a file' }).getByRole('button', { name: new RegExp(`^${name.replace(/[.+]/g, '\\$&')}`) }).click();
  await expect(page.locator('#status-text')).toContainText('loaded', { timeout: 30_000 });
  await settled(page);
}

async function addStep(page: Page, op: string): Promise<void> {
  await page.getByTestId('pipeline-add').selectOption(op);
  await settled(page);
}

async function loadRecipeFile(page: Page, file: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('recipe-load').click();
  await (await chooser).setFiles(file);
}

test('a pipeline saves as a recipe and loads back after a reload: the same steps, the same preview', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(host.url);
  await openFile(page, 'cells.tif');
  const original = await xyView(page).screenshot();

  await addStep(page, 'gaussian');
  const sigma = steps(page).nth(0).locator('[data-field="sigma"]');
  await sigma.fill('2,2,1');
  await sigma.press('Enter');
  await settled(page);
  await addStep(page, 'white_tophat');
  await steps(page).nth(1).locator('[data-field="footprint"]').selectOption('ball');
  await settled(page);
  const previewed = await xyView(page).screenshot();
  expect(previewed.equals(original)).toBe(false);

  const download = page.waitForEvent('download');
  await page.getByTestId('recipe-save').click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('cells.recipe.json');
  const recipeFile = join(root, 'saved.recipe.json');
  await saved.saveAs(recipeFile);
  const recipe = JSON.parse(readFileSync(recipeFile, 'utf8'));
  expect(recipe.format).toBe('voxelscope-recipe');
  expect(recipe.version).toBe(2);
  expect(recipe.steps.map((s: { op: string }) => s.op)).toEqual(['gaussian', 'white_tophat']);
  expect(recipe.steps[0].sigma).toEqual([2, 2, 1]);
  expect(recipe.steps[1].footprint).toBe('ball');
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
  expect(recipe.app).toMatchObject({ name: 'voxelscope', version: pkg.version });
  // The input as `voxelscope info` describes it: the SHA-256 of the voxels, the file's spacing and unit.
  const info = JSON.parse(spawnSync(process.execPath, [join(REPO, 'bin/voxelscope.mjs'), 'info', '--json', join(root, 'cells.tif')], { encoding: 'utf8' }).stdout);
  expect(recipe.input).toEqual({ name: 'cells.tif', dims: info.dims, spacing: { x: 0.5, y: 0.5, z: 2 }, unit: info.unit, dtype: 'uint16', sha256: info.sha256 });
  // The CLI reads what the app wrote.
  const check = spawnSync(process.execPath, [join(REPO, 'bin/voxelscope.mjs'), 'recipe', 'validate', recipeFile], { encoding: 'utf8' });
  expect(check.stdout, check.stderr).toContain('valid');

  const py = page.waitForEvent('download');
  await page.getByTestId('recipe-python').click();
  const script = await py;
  expect(script.suggestedFilename()).toBe('cells.py');
  await script.saveAs(join(root, 'cells.py'));
  expect(readFileSync(join(root, 'cells.py'), 'utf8')).toContain("v = white_tophat(v, size=(5, 5, 5), footprint='ball'");

  await page.reload();
  await openFile(page, 'cells.tif');
  await expect(steps(page)).toHaveCount(0);
  await loadRecipeFile(page, recipeFile);
  await expect(steps(page)).toHaveCount(2);
  await expect(steps(page).nth(0)).toHaveAttribute('data-op', 'gaussian');
  await expect(steps(page).nth(0).locator('[data-field="sigma"]')).toHaveValue('2,2,1');
  await expect(steps(page).nth(1).locator('[data-field="footprint"]')).toHaveValue('ball');
  await settled(page);
  expect((await xyView(page).screenshot()).equals(previewed)).toBe(true);
  expect(errors).toEqual([]);
});

test('a bad recipe is one clear error dialog, and the pipeline stays as it was', async ({ page }) => {
  await page.goto(host.url);
  await openFile(page, 'cells.tif');
  await addStep(page, 'median');
  const bad = join(root, 'bad.json');
  writeFileSync(bad, JSON.stringify({ format: 'voxelscope-recipe', version: 2, steps: [{ op: 'gaussian', sigma: 1 }, { op: 'blur' }] }));
  await loadRecipeFile(page, bad);
  const dialog = page.getByRole('dialog', { name: 'Could not load the recipe' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('recipe-error')).toHaveText(/^bad\.json: step 2: unknown op 'blur'/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(steps(page)).toHaveCount(1);
  await expect(steps(page).nth(0)).toHaveAttribute('data-op', 'median');

  const newer = join(root, 'newer.json');
  writeFileSync(newer, JSON.stringify({ format: 'voxelscope-recipe', version: 9, steps: [{ op: 'laplace' }] }));
  await loadRecipeFile(page, newer);
  await expect(page.getByRole('dialog', { name: 'Could not load the recipe' }).getByTestId('recipe-error')).toHaveText(/^newer\.json: recipe version 9 was written by a newer Voxelscope/);
});
