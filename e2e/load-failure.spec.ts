import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { encodeNifti } from '../app/formats/nifti/write';
import type { VolumeMeta } from '../app/model/volume';
import { canvasPixel, settled, startHost, watchConsole, type Host } from './host';

/**
 * A file that breaks part way through (a .nii.gz cut off in transit): one clear dialog naming the file
 * and the problem, the same every time (first open, again, after a reload), and the planes that could
 * be read shown only when the user asks for them.
 */
const X = 64, Y = 64, Z = 20;
let host: Host;

test.beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'vs-e2e-cut-'));
  // Plane z is a ramp 10 * (z + 1) + floor(x / 8): 0..7 across, so its own range maps it to black..white.
  const voxels = new Uint8Array(X * Y * Z);
  for (let z = 0; z < Z; z++) for (let y = 0; y < Y; y++) for (let x = 0; x < X; x++) voxels[x + X * (y + Y * z)] = 10 * (z + 1) + (x >> 3);
  const meta: VolumeMeta = {
    format: 'nifti', dims: { x: X, y: Y, z: Z, c: 1, t: 1 }, dtype: 'uint8', spacing: { x: 1, y: 1, z: 1, t: 1 }, unit: 'mm',
    timeUnit: 's', channels: [{ name: '', wavelength: null }], scaling: null, affine: null, extra: {}, warnings: [],
  };
  const whole = gzipSync(Buffer.concat(encodeNifti(meta, voxels).map((c) => Buffer.from(c))));
  writeFileSync(join(root, 'cut.nii.gz'), whole.subarray(0, Math.floor(whole.length * 0.4)));
  host = await startHost(root);
});
test.afterAll(async () => host?.stop());

async function openCut(page: Page): Promise<{ text: string; planes: number }> {
  await page.getByRole('button', { name: 'Open…' }).click();
  await page.getByRole('dialog', { name: 'Open a file' }).getByRole('button', { name: /^cut\.nii\.gz/ }).click();
  const dlg = page.getByRole('dialog', { name: 'Could not read the whole file' });
  await expect(dlg).toBeVisible();
  const text = (await dlg.locator('p').textContent())!;
  const show = await dlg.getByRole('button', { name: /^Show the \d+ of 20 planes that could be read$/ }).textContent();
  return { text, planes: Number(/the (\d+) of/.exec(show!)![1]) };
}

test('a cut-off .nii.gz gets the same clear dialog every time, and its planes only on request', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(host.url);
  await settled(page);
  const first = await openCut(page);
  expect(first.text).toMatch(/^cut\.nii\.gz: gzip stream is truncated or corrupt after \d+ of 81920 voxel bytes/);
  expect(first.planes).toBeGreaterThan(0);
  expect(first.planes).toBeLessThan(Z);
  // Closing drops the partial volume: nothing is passed off as loaded.
  await page.getByRole('button', { name: 'Close the file' }).click();
  await expect(page.locator('#empty-hint')).toBeVisible();
  await expect(page.locator('#status-text')).toHaveText(first.text);

  expect(await openCut(page)).toEqual(first);
  await page.keyboard.press('Escape'); // dismissing is closing
  await expect(page.locator('#empty-hint')).toBeVisible();

  await page.reload();
  await settled(page);
  expect(await openCut(page)).toEqual(first);
  await page.getByRole('button', { name: /^Show the/ }).click();
  await expect(page.locator('#status-text')).toHaveText(`cut.nii.gz: showing the ${first.planes} of ${Z} planes that could be read`);
  await settled(page);
  // The first plane is there, in the range it set itself (10..17): its left edge black, its right white.
  const box = (await page.locator('#slice-canvas').boundingBox())!;
  const s = Math.min(box.width / X, box.height / Y) * 0.95;
  const left = (box.width - X * s) / 2, top = (box.height - Y * s) / 2;
  expect((await canvasPixel(page, left + 2 * s, top + 32 * s))[0]).toBe(0);
  expect((await canvasPixel(page, left + 61 * s, top + 32 * s))[0]).toBe(255);
  await page.screenshot({ path: 'test-results/screens/cut-nifti.png' });
  expect(errors).toEqual([]);
});
