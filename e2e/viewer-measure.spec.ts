import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { REPO, settled, startHost, watchConsole, type Host } from './host';
import { choosePane, clickAt, dragIn, openFile, paneChoice, paneControl, planePixelCenter, writeHyperstack } from './viewer-helpers';

const X = 64, Y = 48;
const quad = (x: number, y: number, z: number): number => (x >= X / 2 ? 1000 : 0) + (y >= Y / 2 ? 500 : 0) + 10 * z;
const plane = { w: X, h: Y, px: 0.5, py: 0.5 };
const AVIRIS = 'aviris-ng_rdn_10x10x425_bil';

let host: Host;
let root: string;
test.beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'vs-e2e-measure-'));
  writeHyperstack(join(root, 'quadrants.tif'), { x: X, y: Y, z: 3, c: 1, t: 1 }, { x: 0.5, y: 0.5, z: 2, t: 1 }, (x, y, z) => quad(x, y, z));
  for (const f of [AVIRIS, `${AVIRIS}.hdr`]) copyFileSync(join(REPO, 'test/fixtures/real', f), join(root, f));
  host = await startHost(root);
});
test.afterAll(async () => host?.stop());

/** Downloads a plot's CSV through its CSV button and parses it. */
async function plotCsv(page: Page, testId: string): Promise<{ header: string[]; rows: number[][] }> {
  const download = page.waitForEvent('download');
  await page.getByTestId(`${testId}-csv`).click();
  const text = readFileSync(await (await download).path(), 'utf8').trim().split(/\r?\n/);
  return { header: text[0].split(','), rows: text.slice(1).map((l) => l.split(',').map(Number)) };
}

test("the spectrum at a pixel of a real AVIRIS-NG cube equals the file's values", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(host.url);
  await openFile(page, `${AVIRIS}.hdr`);
  await expect(page.getByTestId('spectrum-box')).toBeVisible();
  // The band slider is labelled with the wavelength.
  await expect(paneControl(page, 'navigation-panel', 'band')).toHaveValue(/376\.86/);
  const [cx, cy] = await planePixelCenter(page, '#slice-canvas', { w: 10, h: 10, px: 1, py: 1 }, 3, 4);
  await clickAt(page, '#slice-canvas', cx, cy);
  await settled(page);
  await expect(page.locator('#readout')).toHaveAttribute('data-x', '3');
  await expect(page.locator('#readout')).toHaveAttribute('data-y', '4');
  const csv = await plotCsv(page, 'spectrum-plot');
  expect(csv.header[0]).toContain('wavelength');
  expect(csv.rows).toHaveLength(425);
  // Read the BIL file directly (little-endian float32, line by line: band after band of 10 samples).
  const raw = readFileSync(join(root, AVIRIS));
  const samples = 10, bands = 425;
  for (let b = 0; b < bands; b++) {
    const expected = raw.readFloatLE(((4 * bands + b) * samples + 3) * 4);
    expect(csv.rows[b][1], `band ${b}`).toBeCloseTo(expected, 4);
  }
  expect(csv.rows[0][0]).toBeCloseTo(376.86, 2);
  expect(csv.rows[424][0]).toBeCloseTo(2500.54, 2);
  // A drawn rectangle adds its mean spectrum.
  await page.keyboard.press('r');
  const a = await planePixelCenter(page, '#slice-canvas', { w: 10, h: 10, px: 1, py: 1 }, 1, 1);
  const b = await planePixelCenter(page, '#slice-canvas', { w: 10, h: 10, px: 1, py: 1 }, 2, 2);
  await dragIn(page, '#slice-canvas', a, b);
  await settled(page);
  const withMean = await plotCsv(page, 'spectrum-plot');
  expect(withMean.header.some((h) => h.includes('mean'))).toBe(true);
  // RGB from three bands with the true-colour preset (bands nearest 640, 550, 460 nm).
  await choosePane(page, 'display-panel', 'mode', 'RGB from 3 bands');
  await page.getByRole('button', { name: /True colou?r/ }).click();
  await settled(page);
  const red = Number(await paneControl(page, 'display-panel', 'red').inputValue());
  expect(Math.abs(377 + red * 5.01 - 640)).toBeLessThan(5.1);
  await page.screenshot({ path: 'test-results/screens/hyperspectral.png' });
  expect(errors).toEqual([]);
});

test('rectangle statistics and a line profile in physical units, like Fiji', async ({ page }) => {
  await page.goto(host.url);
  await openFile(page, 'quadrants.tif');
  await page.keyboard.press('r');
  const from = await planePixelCenter(page, '#slice-canvas', plane, 36, 28);
  const to = await planePixelCenter(page, '#slice-canvas', plane, 60, 44);
  await dragIn(page, '#slice-canvas', from, to);
  await settled(page);
  const results = page.getByTestId('results-box');
  await expect(results).toBeVisible();
  const cells = await results.locator('tr').nth(1).locator('td').allTextContents();
  const [, area, count, mean, std, min, max] = cells.map(Number);
  expect(mean).toBe(1500);
  expect(std).toBe(0);
  expect([min, max]).toEqual([1500, 1500]);
  expect(count).toBeGreaterThan(330);
  expect(count).toBeLessThan(440);
  expect(area).toBeCloseTo(count * 0.25, 6);
  // Line across the x = 32 edge of the top half: 0 then 1000, over 24 voxels of 0.5 um.
  await page.keyboard.press('l');
  const l0 = await planePixelCenter(page, '#slice-canvas', plane, 20, 10);
  const l1 = await planePixelCenter(page, '#slice-canvas', plane, 44, 10);
  await dragIn(page, '#slice-canvas', l0, l1);
  await settled(page);
  await expect(page.getByTestId('profile-box')).toBeVisible();
  const csv = await plotCsv(page, 'profile-plot');
  expect(csv.header[0]).toBe('distance (µm)');
  const last = csv.rows[csv.rows.length - 1];
  expect(last[0]).toBeCloseTo(12, 0);
  expect(csv.rows[0][1]).toBe(0);
  expect(last[1]).toBe(1000);
  await page.screenshot({ path: 'test-results/screens/measure.png' });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('profile-box')).toBeHidden();
});

test('histogram handles set the range; a custom LUT is edited, saved and reloaded', async ({ page }) => {
  await page.goto(host.url);
  await openFile(page, 'quadrants.tif');
  const handle = page.getByTestId('histogram-range-max');
  const hb = (await handle.boundingBox())!;
  await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
  await page.mouse.down();
  await page.mouse.move(hb.x + hb.width / 2 - 80, hb.y + hb.height / 2, { steps: 4 });
  await page.mouse.up();
  await settled(page);
  const max = Number(await paneControl(page, 'display-panel', 'max').inputValue());
  expect(max).toBeLessThan(1500);
  expect(max).toBeGreaterThan(0);
  // The LUT editor: add a point, name and save it; the channel now uses it.
  await page.locator('.lut-editor-box summary').click();
  const canvas = page.getByTestId('lut-editor-canvas');
  const cb = (await canvas.boundingBox())!;
  await page.mouse.click(cb.x + cb.width / 2, cb.y + cb.height / 2);
  await page.getByTestId('lut-editor-color').fill('#ff0000');
  await page.getByTestId('lut-editor-name').fill('my red');
  await page.getByTestId('lut-editor-save').click();
  await settled(page);
  expect(await paneChoice(page, 'display-panel', 'LUT')).toBe('custom: my red');
  // Reload the page and the file: the channel's custom LUT comes back, and the saved LUT is listed.
  await page.reload();
  await settled(page);
  await openFile(page, 'quadrants.tif');
  expect(await paneChoice(page, 'display-panel', 'LUT')).toBe('custom: my red');
  await expect(page.getByTestId('lut-editor-saved')).toContainText('my red');
});
