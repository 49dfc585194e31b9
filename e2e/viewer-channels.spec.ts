import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { REPO, settled, startHost, watchConsole, type Host } from './host';
import { choosePane, dragIn, openFile, paneControl, pixelOf, planePixelCenter, writeHyperstack } from './viewer-helpers';

const X = 64, Y = 48;
const plane = { w: X, h: Y, px: 0.5, py: 0.5 };
const FIXTURES = ['envi_bandnames.hdr', 'envi_bandnames.img', 'envi_nowl.hdr', 'envi_nowl.img', 'ome_flim.ome.tif', 'ome_dark_colors.ome.tif'];

let host: Host;
test.beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'vs-e2e-channels-'));
  for (const f of FIXTURES) copyFileSync(join(REPO, 'test/fixtures/values', f), join(root, f));
  // Two channels: channel 1 bright on the left, channel 2 bright on the top.
  writeHyperstack(join(root, 'two-channels.tif'), { x: X, y: Y, z: 1, c: 2, t: 1 }, { x: 0.5, y: 0.5, z: 1, t: 1 },
    (x, y, _z, c) => (c === 0 ? (x < X / 2 ? 200 : 0) : (y < Y / 2 ? 200 : 0)));
  // Quadrants: v = 1000 (x >= 32) + 500 (y >= 24).
  writeHyperstack(join(root, 'quadrants.tif'), { x: X, y: Y, z: 3, c: 1, t: 1 }, { x: 0.5, y: 0.5, z: 2, t: 1 }, (x, y) => (x >= X / 2 ? 1000 : 0) + (y >= Y / 2 ? 500 : 0));
  host = await startHost(root);
});
test.afterAll(async () => host?.stop());

const rgbAt = async (page: Page, geom: { w: number; h: number; px: number; py: number }, x: number, y: number): Promise<number[]> => {
  const [cx, cy] = await planePixelCenter(page, '#slice-canvas', geom, x, y);
  return (await pixelOf(page, '#slice-canvas', cx, cy)).slice(0, 3);
};

/** Downloads through a button and returns the file's text. */
async function download(page: Page, testId: string): Promise<string> {
  const d = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  return readFileSync(await (await d).path(), 'utf8');
}

test('ENVI wavelengths from band names: the band field, the spectrum axis, true colour and map-info spacing', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(host.url);
  await openFile(page, 'envi_bandnames.hdr');
  await expect(paneControl(page, 'navigation-panel', 'band')).toHaveValue('376.44 Nanometers');
  await page.locator('#slice-canvas').click();
  await page.keyboard.press(']');
  await settled(page);
  await expect(paneControl(page, 'navigation-panel', 'band')).toHaveValue('396.44 Nanometers');
  await expect(paneControl(page, 'volume-panel', 'voxel')).toHaveValue('30 x 30 m');
  const csv = await download(page, 'spectrum-plot-csv');
  expect(csv.split('\n')[0].split(',')[0]).toBe('wavelength (nm)');
  expect(Number(csv.split('\n')[1].split(',')[0])).toBeCloseTo(376.44, 2);
  await choosePane(page, 'display-panel', 'mode', 'RGB from 3 bands');
  // Opened in true colour: the bands nearest 640, 550, 460 nm (636.44, 556.44, 456.44).
  await expect(paneControl(page, 'display-panel', 'red')).toHaveValue('13');
  await expect(paneControl(page, 'display-panel', 'green')).toHaveValue('9');
  await expect(paneControl(page, 'display-panel', 'blue')).toHaveValue('4');
  await expect(page.getByTestId('true-colour').locator('button')).toBeEnabled();
  await page.screenshot({ path: 'test-results/screens/envi-band-names.png' });
  expect(errors).toEqual([]);
});

test('no wavelengths: true colour is disabled with its reason, RGB takes spread-out bands, the spectrum counts bands', async ({ page }) => {
  await page.goto(host.url);
  await openFile(page, 'envi_nowl.hdr');
  await choosePane(page, 'display-panel', 'mode', 'RGB from 3 bands');
  // 12 bands: red at 5/6, green at 1/2, blue at 1/6 of 0..11, not bands 2/1/0.
  await expect(paneControl(page, 'display-panel', 'red')).toHaveValue('9');
  await expect(paneControl(page, 'display-panel', 'green')).toHaveValue('6');
  await expect(paneControl(page, 'display-panel', 'blue')).toHaveValue('2');
  const button = page.getByTestId('true-colour').locator('button');
  await expect(button).toBeDisabled();
  await expect(page.getByTestId('true-colour-reason')).toHaveText('No true colour: the file gives no band wavelengths.');
  await expect(page.getByTestId('true-colour')).toHaveAttribute('title', 'No true colour: the file gives no band wavelengths.');
  const csv = await download(page, 'spectrum-plot-csv');
  expect(csv.split('\n')[0].split(',')[0]).toBe('band');
  await page.screenshot({ path: 'test-results/screens/true-colour-reason.png' });
});

test('the channel list: every channel with its swatch; toggling one off takes its colour out of the composite; a click makes it current', async ({ page }) => {
  await page.goto(host.url);
  await openFile(page, 'two-channels.tif');
  const list = page.getByTestId('channel-list');
  await expect(list).toBeVisible();
  const rows = list.locator('.channel-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveText('channel 10 – 200');
  await expect(rows.nth(1)).toHaveText('channel 20 – 200');
  // The swatch is the channel's LUT: Fiji's red, then green.
  await expect(rows.nth(0).locator('.channel-swatch')).toHaveAttribute('style', /rgb\(255, 0, 0\)/);
  await expect(rows.nth(1).locator('.channel-swatch')).toHaveAttribute('style', /rgb\(0, 255, 0\)/);
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
  // Composite, Fiji's default colours: red + green where both are bright.
  const lv = Math.round((200 / 200) * 255);
  expect(await rgbAt(page, plane, 10, 10)).toEqual([lv, lv, 0]);
  await rows.nth(1).getByRole('checkbox').uncheck();
  await settled(page);
  expect(await rgbAt(page, plane, 10, 10)).toEqual([lv, 0, 0]);
  expect(await rgbAt(page, plane, 50, 10)).toEqual([0, 0, 0]);
  await rows.nth(1).click();
  await settled(page);
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('display-panel')).toContainText('Display · channel 2');
  // The display panel writes the same state: its "shown" box follows the list.
  await expect(paneControl(page, 'display-panel', 'shown')).not.toBeChecked();
  await page.screenshot({ path: 'test-results/screens/channel-list.png' });
});

test('OME colours that are both 0x80000000 fall back to distinct defaults, with a warning', async ({ page }) => {
  await page.goto(host.url);
  await openFile(page, 'ome_dark_colors.ome.tif');
  const geom = { w: 32, h: 24, px: 0.2, py: 0.2 };
  // Channel 1 on the left half, channel 2 on the top half: red, green, both yellow.
  expect(await rgbAt(page, geom, 5, 5)).toEqual([255, 255, 0]);
  expect(await rgbAt(page, geom, 25, 5)).toEqual([0, 255, 0]);
  expect(await rgbAt(page, geom, 5, 20)).toEqual([255, 0, 0]);
  await expect(page.getByTestId('volume-warnings')).toContainText("OME channel colours are too alike to tell channels apart (#800000, #800000); using Fiji's default channel colours instead");
});

test('an OME ModuloAlongC axis is named as lifetime bins, with its decay plotted over lifetime', async ({ page }) => {
  await page.goto(host.url);
  await openFile(page, 'ome_flim.ome.tif');
  await expect(paneControl(page, 'navigation-panel', 'lifetime bin')).toHaveValue('1'); // counted from 1, as every number shown
  await expect(paneControl(page, 'navigation-panel', 'lifetime')).toHaveValue('lifetime bin 1 · 0 ps');
  await expect(page.locator('[data-testid="navigation-panel"]')).not.toContainText('band');
  await page.locator('#slice-canvas').click();
  await page.keyboard.press(']');
  await page.keyboard.press(']');
  await settled(page);
  await expect(paneControl(page, 'navigation-panel', 'lifetime')).toHaveValue('lifetime bin 3 · 1000 ps');
  await expect(page.getByTestId('spectrum-box')).toContainText('Decay');
  const csv = (await download(page, 'spectrum-plot-csv')).trim().split('\n');
  expect(csv[0].split(',')[0]).toBe('lifetime (ps)');
  expect(csv.slice(1).map((l) => l.split(',').map(Number))).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((k) => [500 * k, Math.round(1000 * Math.exp(-k / 3))]));
});

test('the results table: each measurement adds a row; copy, CSV, delete and clear; rows stay across files', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(host.url);
  await openFile(page, 'quadrants.tif');
  await expect(page.getByTestId('results-table')).toBeHidden();
  await page.keyboard.press('r');
  await dragIn(page, '#slice-canvas', await planePixelCenter(page, '#slice-canvas', plane, 40, 30), await planePixelCenter(page, '#slice-canvas', plane, 60, 44));
  await settled(page);
  await page.keyboard.press('m');
  const table = page.getByTestId('results-table');
  await expect(table.locator('tr')).toHaveCount(2);
  await dragIn(page, '#slice-canvas', await planePixelCenter(page, '#slice-canvas', plane, 4, 4), await planePixelCenter(page, '#slice-canvas', plane, 20, 20));
  await settled(page);
  await page.getByTestId('results-measure').click();
  await expect(table.locator('tr')).toHaveCount(3);
  const cells = async (r: number): Promise<string[]> => table.locator('tr').nth(r).locator('td').allTextContents();
  const header = await table.locator('tr').first().locator('th').allTextContents();
  const col = (name: string): number => header.indexOf(name);
  expect((await cells(1))[col('mean')]).toBe('1500');
  expect((await cells(2))[col('mean')]).toBe('0');
  expect((await cells(1))[col('slice')]).toBe('1');
  expect((await cells(1))[col('unit')]).toBe('µm');
  const area = Number((await cells(1))[col('area')]);
  expect(area).toBeCloseTo(Number((await cells(1))[col('pixels')]) * 0.25, 6);
  const csv = (await download(page, 'results-csv')).trim().split('\n');
  expect(csv).toHaveLength(3);
  const head = csv[0].split(',');
  expect(head).toEqual(['n', 'file', 'plane', 'slice', 'frame', 'channel', 'shape', 'area', 'length', 'unit', 'count', 'mean', 'std', 'min', 'max']);
  const row = (i: number): Record<string, string> => Object.fromEntries(csv[i].split(',').map((v, k) => [head[k], v]));
  expect(row(1)).toMatchObject({ n: '1', file: 'quadrants.tif', plane: 'xy', slice: '1', shape: 'rect', mean: '1500', std: '0', min: '1500', max: '1500' });
  expect(row(2)).toMatchObject({ n: '2', mean: '0' });
  // Rows stay when another file is opened.
  await openFile(page, 'two-channels.tif');
  await expect(table.locator('tr')).toHaveCount(3);
  await page.screenshot({ path: 'test-results/screens/results-table.png' });
  await table.locator('tr').nth(1).getByTestId('results-delete').click();
  await expect(table.locator('tr')).toHaveCount(2);
  expect((await cells(1))[col('mean')]).toBe('0');
  await page.getByTestId('results-clear').click();
  await expect(table).toBeHidden();
  expect(errors).toEqual([]);
});
