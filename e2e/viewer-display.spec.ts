import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { getColormap } from '../app/lut/colormaps';
import { settled, startHost, watchConsole, type Host } from './host';
import { choosePane, dragIn, openFile, paneChoice, setPaneCheck, paneControl, pixelOf, planePixelCenter, setPaneText, writeHyperstack } from './viewer-helpers';
import { roundHalfEven } from '../app/lut/value-to-unit';

/** Quadrants: v = 1000*(x >= 32) + 500*(y >= 24) + 10*z, so every quadrant centre has a known value. */
const X = 64, Y = 48;
const quad = (x: number, y: number, z: number): number => (x >= X / 2 ? 1000 : 0) + (y >= Y / 2 ? 500 : 0) + 10 * z;
const plane = { w: X, h: Y, px: 0.5, py: 0.5 };

let host: Host;
test.beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'vs-e2e-display-'));
  writeHyperstack(join(root, 'quadrants.tif'), { x: X, y: Y, z: 6, c: 1, t: 1 }, { x: 0.5, y: 0.5, z: 2, t: 1 }, (x, y, z) => quad(x, y, z));
  // Two channels, three time points: channel 0 bright on the left, channel 1 bright on the top; time adds 50.
  writeHyperstack(join(root, 'channels.tif'), { x: X, y: Y, z: 1, c: 2, t: 3 }, { x: 0.5, y: 0.5, z: 1, t: 1 },
    (x, y, _z, c, t) => (c === 0 ? (x < X / 2 ? 200 : 0) : (y < Y / 2 ? 200 : 0)) + 50 * t);
  // Channel colours and display ranges stored the way Fiji stores them (ImageJ LUTs and ranges).
  writeHyperstack(join(root, 'fiji-colours.tif'), { x: X, y: Y, z: 1, c: 2, t: 1 }, { x: 0.5, y: 0.5, z: 1, t: 1 }, () => 100, [
    { name: 'membrane', wavelength: null, color: 0xff00ff, range: [0, 100] },
    { name: 'nuclei', wavelength: null, color: 0x00ffff, range: [0, 200] },
  ]);
  // A gentle ramp (100 .. 210) with five hot pixels at 4000.
  const hot = new Set(['3,3', '60,3', '3,44', '30,20', '50,40']);
  writeHyperstack(join(root, 'hot-pixels.tif'), { x: X, y: Y, z: 1, c: 1, t: 1 }, { x: 0.5, y: 0.5, z: 1, t: 1 }, (x, y) => (hot.has(`${x},${y}`) ? 4000 : 100 + x + y));
  host = await startHost(root);
});
test.afterAll(async () => host?.stop());

test("a known voxel's colour for a chosen LUT and range", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(host.url);
  await openFile(page, 'quadrants.tif');
  await choosePane(page, 'display-panel', 'LUT', 'viridis (perceptual)');
  await setPaneText(page, 'display-panel', 'min', '0');
  await setPaneText(page, 'display-panel', 'max', '1600');
  const viridis = getColormap('viridis')!.table;
  for (const [x, y] of [[48, 36], [16, 36], [48, 12], [16, 12]]) {
    const [cx, cy] = await planePixelCenter(page, '#slice-canvas', plane, x, y);
    const i = Math.round((quad(x, y, 0) / 1600) * 255);
    const rgb = (await pixelOf(page, '#slice-canvas', cx, cy)).slice(0, 3);
    for (let k = 0; k < 3; k++) expect(Math.abs(rgb[k] - viridis[3 * i + k]), `voxel ${x},${y} channel ${k}`).toBeLessThanOrEqual(1);
  }
  // Invert and gamma change the same voxel as the mapping says: t = 1 - (1500/1600)^2.
  await setPaneCheck(page, 'display-panel', 'invert', true);
  await setPaneText(page, 'display-panel', 'gamma', '2');
  const [cx, cy] = await planePixelCenter(page, '#slice-canvas', plane, 48, 36);
  const i = Math.round((1 - Math.pow(1500 / 1600, 2)) * 255);
  const rgb = await pixelOf(page, '#slice-canvas', cx, cy);
  for (let k = 0; k < 3; k++) expect(Math.abs(rgb[k] - viridis[3 * i + k])).toBeLessThanOrEqual(1);
  await page.screenshot({ path: 'test-results/screens/lut-viridis.png' });
  expect(errors).toEqual([]);
});

test('window/level by right-drag widens the range, and reset brings back the data range', async ({ page }) => {
  await page.goto(host.url);
  await openFile(page, 'quadrants.tif');
  // After loading, the range is the data's: 0 .. 1550.
  await expect(paneControl(page, 'display-panel', 'min')).toHaveValue('0');
  await expect(paneControl(page, 'display-panel', 'max')).toHaveValue('1550');
  const box = (await page.locator('#slice-canvas').boundingBox())!;
  await dragIn(page, '#slice-canvas', [box.width / 2, box.height / 2], [box.width / 2 + 60, box.height / 2], 'right');
  await settled(page);
  const wider = Number(await paneControl(page, 'display-panel', 'max').inputValue()) - Number(await paneControl(page, 'display-panel', 'min').inputValue());
  expect(wider).toBeGreaterThan(1550 * 1.2);
  await page.getByRole('button', { name: 'Reset to data range' }).click();
  await settled(page);
  await expect(paneControl(page, 'display-panel', 'max')).toHaveValue('1550');
});

test('auto-contrast saturates a few hot pixels away, like Fiji\'s Enhance Contrast', async ({ page }) => {
  await page.goto(host.url);
  await openFile(page, 'hot-pixels.tif');
  await expect(paneControl(page, 'display-panel', 'max')).toHaveValue('4000');
  // 3072 voxels, 0.35% saturated: each tail may hold trunc(3072 * 0.35 / 200) = 5 voxels, exactly the
  // five hot ones. Bins of 16 from 100: the top of the ramp (210) falls in the bin starting at 196.
  await page.locator('#slice-canvas').click();
  await page.keyboard.press('a');
  await settled(page);
  await expect(paneControl(page, 'display-panel', 'min')).toHaveValue('100');
  await expect(paneControl(page, 'display-panel', 'max')).toHaveValue('196');
  // The ramp now spans the gray range: its brightest voxels are saturated white, not a dim 13 of 255.
  const [cx, cy] = await planePixelCenter(page, '#slice-canvas', plane, 62, 46);
  expect((await pixelOf(page, '#slice-canvas', cx, cy))[0]).toBe(255);
});

test('display settings are kept per dataset and come back on reopen', async ({ page }) => {
  await page.goto(host.url);
  await openFile(page, 'quadrants.tif');
  await choosePane(page, 'display-panel', 'LUT', 'magma (perceptual)');
  await setPaneText(page, 'display-panel', 'max', '1234');
  await openFile(page, 'channels.tif');
  await openFile(page, 'quadrants.tif');
  expect(await paneChoice(page, 'display-panel', 'LUT')).toBe('magma (perceptual)');
  await expect(paneControl(page, 'display-panel', 'max')).toHaveValue('1234');
});

test('channels are composited like Fiji, and time points step with the arrow keys', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(host.url);
  await openFile(page, 'channels.tif');
  // Composite with Fiji's default colours: channel 1 red, channel 2 green; full data range 0 .. 300.
  const at = async (x: number, y: number): Promise<number[]> => {
    const [cx, cy] = await planePixelCenter(page, '#slice-canvas', plane, x, y);
    return (await pixelOf(page, '#slice-canvas', cx, cy)).slice(0, 3);
  };
  // Channel ranges after loading: c0 0..300 (200 + 50*2), c1 0..300.
  // The display mapping rounds half to even, as numpy: 50 of 300 is entry 42.5 -> 42.
  const lv = (v: number): number => roundHalfEven((v / 300) * 255);
  expect(await at(10, 10)).toEqual([lv(200), lv(200), 0]); // left + top: yellow
  expect(await at(50, 10)).toEqual([0, lv(200), 0]); // top only: green
  expect(await at(10, 40)).toEqual([lv(200), 0, 0]); // left only: red
  expect(await at(50, 40)).toEqual([0, 0, 0]);
  await page.locator('#slice-canvas').click();
  await page.keyboard.press('ArrowRight');
  await settled(page);
  await expect(page.locator('[data-view="xy"] .view-corner')).toContainText('t 2/3');
  expect(await at(50, 40)).toEqual([lv(50), lv(50), 0]);
  expect(await at(10, 40)).toEqual([lv(250), lv(50), 0]);
  // Hide channel 2 (the green one): only red is left.
  await page.keyboard.press(']');
  await settled(page);
  await setPaneCheck(page, 'display-panel', 'shown', false);
  expect(await at(10, 10)).toEqual([lv(250), 0, 0]);
  await page.screenshot({ path: 'test-results/screens/composite.png' });
  expect(errors).toEqual([]);
});

test('time playback advances frames and stops at the end without loop', async ({ page }) => {
  await page.goto(`${host.url}&voxelscope-test`); // for __voxelscope, below
  await openFile(page, 'channels.tif');
  await setPaneCheck(page, 'navigation-panel', 'loop', false);
  await page.locator('#slice-canvas').click();
  await page.keyboard.press('Space');
  await expect(page.locator('[data-view="xy"] .view-corner')).toContainText('t 3/3', { timeout: 5000 });
  // Without loop, playback stops itself on the last frame: nothing is left to advance it.
  await expect.poll(() => page.evaluate(() => (window as unknown as { __voxelscope: { state: { playback: { playing: boolean } } } }).__voxelscope.state.playback.playing)).toBe(false);
  await settled(page);
  await expect(page.locator('[data-view="xy"] .view-corner')).toContainText('t 3/3');
});

test("a hyperstack opens with the file's own channel LUTs and display ranges, like Fiji", async ({ page }) => {
  await page.goto(host.url);
  await openFile(page, 'fiji-colours.tif');
  // 100 is the top of channel 1's range (full magenta) and the middle of channel 2's (half cyan).
  const [cx, cy] = await planePixelCenter(page, '#slice-canvas', plane, 20, 20);
  expect((await pixelOf(page, '#slice-canvas', cx, cy)).slice(0, 3)).toEqual([255, 128, 255]);
  await expect(paneControl(page, 'display-panel', 'max')).toHaveValue('100');
  // The channels' names went into the file as slice labels (as Fiji keeps them) and come back.
  await expect(page.locator('#readout')).toContainText('membrane: 100  nuclei: 100');
});

test('linear interpolation blends neighbouring voxels; nearest keeps them sharp', async ({ page }) => {
  await page.goto(host.url);
  await openFile(page, 'quadrants.tif');
  // Half a voxel left of the x = 32 edge (top half: 0 | 1000): nearest shows 0, linear a blend.
  const [ex, ey] = await planePixelCenter(page, '#slice-canvas', plane, 31, 10);
  const box = (await page.locator('#slice-canvas').boundingBox())!;
  const voxel = (Math.min(box.width / (X * 0.5), box.height / (Y * 0.5)) * 0.95) * 0.5;
  const x = ex + voxel * 0.4;
  expect((await pixelOf(page, '#slice-canvas', x, ey))[0]).toBe(0);
  await page.locator('#slice-canvas').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('i');
  await settled(page);
  const blended = (await pixelOf(page, '#slice-canvas', x, ey))[0];
  expect(blended).toBeGreaterThan(20);
  expect(blended).toBeLessThan(Math.round((1000 / 1550) * 255) - 20);
});
