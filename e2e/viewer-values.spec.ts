import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { tiffWriter } from '../app/formats/tiff-writer/index';
import type { VolumeMeta } from '../app/model/volume';
import { REPO, settled, startHost, watchConsole, type Host } from './host';
import { choosePane, openFile, paneControl, pixelOf, planePixelCenter, setPaneText, writeHyperstack } from './viewer-helpers';

/** The committed synthetic CT (test/fixtures/values/make_fixtures.py): stripes of 8 columns, slice z adds 10 HU. */
const STRIPES = [-1000, -100, 0, 40, 700];
const hu = (x: number, z: number): number => STRIPES[Math.min(4, Math.floor(x / 8))] + 10 * z;

let host: Host;
test.beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'vs-e2e-values-'));
  for (const f of ['ct_hu_slope1.nii.gz', 'ct_hu_slope05.nii.gz', 'complex_c64.nii.gz']) copyFileSync(join(REPO, 'test/fixtures/values', f), join(root, f));
  copyFileSync(join(REPO, 'test/fixtures/real/dipy_aniso_vox.nii.gz'), join(root, 'dipy_aniso_vox.nii.gz'));
  // A uint16 file reaching 4000, then a uint8 one: the second must not show the first one's histogram.
  writeHyperstack(join(root, 'wide-uint16.tif'), { x: 32, y: 16, z: 1, c: 1, t: 1 }, { x: 1, y: 1, z: 1, t: 1 }, (x) => 125 * x);
  const vox = Uint8Array.from({ length: 32 * 16 }, (_, i) => (i % 32) * 4);
  const meta: VolumeMeta = {
    format: 'tiff', dims: { x: 32, y: 16, z: 1, c: 1, t: 1 }, dtype: 'uint8', spacing: { x: 1, y: 1, z: 1, t: 1 }, unit: '', timeUnit: '',
    channels: [{ name: '', wavelength: null }], scaling: null, affine: null, extra: {}, warnings: [],
  };
  writeFileSync(join(root, 'narrow-uint8.tif'), Buffer.concat(tiffWriter.encode(meta, vox).map((c) => Buffer.from(c))));
  host = await startHost(root);
});
test.afterAll(async () => host?.stop());

/**
 * Moves the mouse over a point of the slice view and returns the voxel the readout names there, with
 * the pixel drawn under it. Going through the readout keeps the test independent of how the view is
 * oriented (storage order, or anatomical).
 */
async function voxelUnder(page: Page, at: [number, number]): Promise<{ x: number; y: number; z: number; rgb: number[] }> {
  const box = (await page.locator('#slice-canvas').boundingBox())!;
  const [cx, cy] = at;
  await page.mouse.move(box.x + cx, box.y + cy);
  await settled(page);
  const r = page.locator('#readout');
  const [x, y, z] = await Promise.all(['data-x', 'data-y', 'data-z'].map(async (a) => Number(await r.getAttribute(a))));
  return { x, y, z, rgb: (await pixelOf(page, '#slice-canvas', cx, cy)).slice(0, 3) };
}

/** Screen points at the centres of plane pixels (col, 15) of the 40 x 30 CT plane: one in each stripe, whatever way x runs. */
const across = (page: Page): Promise<[number, number][]> =>
  Promise.all([4, 12, 20, 28, 36].map((col) => planePixelCenter(page, '#slice-canvas', { w: 40, h: 30, px: 0.5, py: 0.5 }, col, 15)));

const level = (v: number, min: number, max: number): number => Math.round(255 * Math.min(1, Math.max(0, (v - min) / (max - min))));

test('a scaled CT is windowed in Hounsfield units; the readout shows stored and HU; CT presets', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(host.url);
  await openFile(page, 'ct_hu_slope05.nii.gz');
  // The data range is in HU (-1000 .. 720 over three slices), not in stored units (48 .. 3488).
  await expect(paneControl(page, 'display-panel', 'min')).toHaveValue('-1000');
  await expect(paneControl(page, 'display-panel', 'max')).toHaveValue('720');
  await setPaneText(page, 'display-panel', 'min', '-160');
  await setPaneText(page, 'display-panel', 'max', '240');
  const seen = new Set<number>();
  for (const at of await across(page)) {
    const v = await voxelUnder(page, at);
    const want = level(hu(v.x, v.z), -160, 240);
    expect(v.rgb, `voxel x ${v.x} (${hu(v.x, v.z)} HU)`).toEqual([want, want, want]);
    seen.add(Math.floor(v.x / 8));
    // Stored 2 * (HU + 1024), then the calibrated value.
    await expect(page.locator('#readout')).toContainText(`${2 * (hu(v.x, v.z) + 1024)} → ${hu(v.x, v.z)}`);
  }
  expect(seen.size).toBe(5);
  // The histogram and the colorbar are on the same HU axis.
  await expect(page.getByTestId('histogram-range')).toHaveAttribute('data-min', '-160');
  await expect(page.locator('#colorbar .vs-colorbar')).toHaveAttribute('data-max', '240');
  await expect(page.getByTestId('histogram-range')).toHaveAttribute('data-histogram', /^-1000\.\./);
  await page.screenshot({ path: 'test-results/screens/ct-hu-window.png' });
  // Presets appear because the data looks like CT; Brain is W 100 L 50 (0 .. 100 HU).
  const presets = page.getByTestId('ct-presets');
  await expect(presets).toBeVisible();
  await presets.getByRole('button', { name: 'Brain' }).click();
  await settled(page);
  await expect(paneControl(page, 'display-panel', 'min')).toHaveValue('0');
  await expect(paneControl(page, 'display-panel', 'max')).toHaveValue('100');
  for (const at of await across(page)) {
    const v = await voxelUnder(page, at);
    const want = level(hu(v.x, v.z), 0, 100);
    expect(v.rgb, `brain window, voxel x ${v.x}`).toEqual([want, want, want]);
  }
  await page.screenshot({ path: 'test-results/screens/ct-brain-preset.png' });
  expect(errors).toEqual([]);
});

test('slope 1, inter -1024 reads the same HU; a window saved in stored units (version 1) is migrated, not reread as HU', async ({ page }) => {
  await page.goto(host.url);
  // What an older Voxelscope saved for this file: 0 .. 248 in stored units.
  await page.evaluate(() => localStorage.setItem('voxelscope.display.ct_hu_slope1.nii.gz|40x30x3x1x1|int16', JSON.stringify({
    v: 1, mode: 'single', rgbBands: [0, 0, 0], saturation: 0.35,
    channels: [{ visible: true, lut: 'gray', customTable: null, customName: null, mapping: { min: 0, max: 248, gamma: 1, log: false, invert: false } }],
  })));
  await openFile(page, 'ct_hu_slope1.nii.gz');
  await expect(paneControl(page, 'display-panel', 'min')).toHaveValue('-1024');
  await expect(paneControl(page, 'display-panel', 'max')).toHaveValue('-776');
  const air = await voxelUnder(page, (await across(page))[0]);
  const want = level(hu(air.x, air.z), -1024, -776);
  expect(air.rgb).toEqual([want, want, want]);
  await expect(page.locator('#readout')).toContainText(`${hu(air.x, air.z) + 1024} → ${hu(air.x, air.z)}`);
});

test('units: the panel and the readout say the unit the file declares, and nothing when it declares none', async ({ page }) => {
  await page.goto(host.url);
  await openFile(page, 'ct_hu_slope1.nii.gz');
  const voxel = paneControl(page, 'volume-panel', 'voxel');
  await expect(voxel).toHaveValue('0.5 x 0.5 x 2 mm');
  await expect(page.locator('#readout')).toContainText(/\) mm · /);
  await expect(paneControl(page, 'volume-panel', 'file')).toHaveAttribute('title', 'ct_hu_slope1.nii.gz');
  // dipy's aniso_vox has an affine but xyzt_units = 0: no "mm" anywhere.
  await openFile(page, 'dipy_aniso_vox.nii.gz');
  await expect(voxel).toHaveValue('4 x 4 x 5 (no unit)');
  await expect(page.locator('#readout')).not.toContainText('mm');
  await page.screenshot({ path: 'test-results/screens/units-no-unit.png' });
});

test('complex data: magnitude and phase are different pixels, and the readout shows the complex value', async ({ page }) => {
  await page.goto(host.url);
  await openFile(page, 'complex_c64.nii.gz');
  const panel = page.getByTestId('display-panel');
  await expect(paneControl(page, 'display-panel', 'complex')).toBeVisible();
  const probe = async (): Promise<{ v: Awaited<ReturnType<typeof voxelUnder>>; min: number; max: number }> => {
    const v = await voxelUnder(page, await planePixelCenter(page, '#slice-canvas', { w: 16, h: 12, px: 1, py: 1 }, 4, 3));
    return { v, min: Number(await paneControl(page, 'display-panel', 'min').inputValue()), max: Number(await paneControl(page, 'display-panel', 'max').inputValue()) };
  };
  const m = await probe();
  // re = x - 8, im = y - 6 + 10 z (make_fixtures.py); the magnitude's range is 0 .. 17.
  const re = m.v.x - 8, im = m.v.y - 6 + 10 * m.v.z;
  expect([m.min, m.max]).toEqual([0, 17]);
  const mag = level(Math.hypot(re, im), 0, 17);
  for (const c of m.v.rgb) expect(Math.abs(c - mag)).toBeLessThanOrEqual(1);
  await expect(page.locator('#readout')).toContainText(`${re} ${im < 0 ? '−' : '+'} ${Math.abs(im)}i → |z|`);
  await choosePane(page, 'display-panel', 'complex', 'phase');
  await expect(page.getByTestId('histogram-range')).toHaveAttribute('data-histogram', /\(\d+\)$/);
  const p = await probe();
  expect(p.min).toBeGreaterThanOrEqual(-Math.PI);
  expect(p.max).toBeLessThanOrEqual(Math.PI + 1e-6);
  const ph = level(Math.atan2(im, re), p.min, p.max);
  for (const c of p.v.rgb) expect(Math.abs(c - ph)).toBeLessThanOrEqual(1);
  expect(p.v.rgb).not.toEqual(m.v.rgb);
  await expect(page.locator('#readout')).toContainText('→ arg z');
  await expect(panel).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/complex-phase.png' });
});

test('the histogram is cleared for a new file and shows the new one when its statistics arrive', async ({ page }) => {
  await page.goto(host.url);
  await openFile(page, 'wide-uint16.tif');
  const hist = page.getByTestId('histogram-range');
  // 0 .. 3875 in bins of 16 integers (Fiji's 16-bit binning): the last bin ends at 3888.
  await expect(hist).toHaveAttribute('data-histogram', '0..3888 (512)');
  // Watch every histogram the widget shows from here on: the uint16 one must not come back.
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid="histogram-range"]')!;
    const seen: string[] = ((window as unknown as { histSeen: string[] }).histSeen = []);
    new MutationObserver(() => seen.push(el.getAttribute('data-histogram') ?? '')).observe(el, { attributes: true, attributeFilter: ['data-histogram'] });
  });
  await openFile(page, 'narrow-uint8.tif');
  await expect(hist).toHaveAttribute('data-histogram', '0..125 (512)');
  const seen = await page.evaluate(() => (window as unknown as { histSeen: string[] }).histSeen);
  expect(seen[0]).toBe('none');
  expect(seen.filter((s) => s.startsWith('0..3888'))).toEqual([]);
  await page.locator('[data-testid="display-panel"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/histogram-new-file.png' });
});
