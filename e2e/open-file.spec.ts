import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { tiffWriter } from '../app/formats/tiff-writer/index';
import type { VolumeMeta } from '../app/model/volume';
import { canvasPixel, settled, startHost, watchConsole, type Host } from './host';

/**
 * A small anisotropic uint16 stack with four flat quadrants per plane, so the expected gray level at
 * each quadrant's centre is known exactly: v = 1000*(x >= X/2) + 500*(y >= Y/2) + 10*z.
 */
const X = 64, Y = 48, Z = 6;
const value = (x: number, y: number, z: number): number => (x >= X / 2 ? 1000 : 0) + (y >= Y / 2 ? 500 : 0) + 10 * z;

function writeStack(dir: string): void {
  const vox = new Uint16Array(X * Y * Z);
  for (let z = 0; z < Z; z++) for (let y = 0; y < Y; y++) for (let x = 0; x < X; x++) vox[x + X * (y + Y * z)] = value(x, y, z);
  const meta: VolumeMeta = {
    format: 'imagej-tiff', dims: { x: X, y: Y, z: Z, c: 1, t: 1 }, dtype: 'uint16',
    spacing: { x: 0.5, y: 0.5, z: 2, t: 1 }, unit: 'um', timeUnit: 's',
    channels: [{ name: '', wavelength: null }], scaling: null, affine: null, extra: {}, warnings: [],
  };
  const chunks = tiffWriter.encode(meta, new Uint8Array(vox.buffer));
  writeFileSync(join(dir, 'quadrants.tif'), Buffer.concat(chunks.map((c) => Buffer.from(c))));
  writeFileSync(join(dir, 'broken.tif'), Buffer.from('II*\0\xff\xff\xff\x7f', 'latin1'));
}

let host: Host;
let root: string;
test.beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'vs-e2e-open-'));
  writeStack(root);
  host = await startHost(root);
});
test.afterAll(async () => host?.stop());

async function openThroughBrowser(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Open…' }).click();
  await page.getByRole('dialog', { name: 'Open a file' }).getByRole('button', { name: new RegExp(`^${name}`) }).click();
}

/** CSS position of voxel (x, y) in the fitted slice (the view fits the physical plane at 95%, centred). */
async function voxelToCanvas(page: Page, x: number, y: number): Promise<[number, number]> {
  const box = (await page.locator('#slice-canvas').boundingBox())!;
  const pw = X * 0.5, ph = Y * 0.5;
  const s = Math.min(box.width / pw, box.height / ph) * 0.95;
  const left = (box.width - pw * s) / 2, top = (box.height - ph * s) / 2;
  return [left + (x + 0.5) * 0.5 * s, top + (y + 0.5) * 0.5 * s];
}

test('a real TIFF opened through the UI shows its metadata and the right pixels', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(host.url);
  await settled(page);
  await openThroughBrowser(page, 'quadrants.tif');
  await expect(page.locator('#status-text')).toContainText('64x48x6 uint16 loaded');
  await expect(page.locator('#empty-hint')).toBeHidden();
  await settled(page);
  const fields = await page.locator('#panel input').evaluateAll((els) => (els as HTMLInputElement[]).map((e) => e.value));
  expect(fields).toContain('quadrants.tif');
  expect(fields).toContain('64 x 48 x 6');
  expect(fields).toContain('0.5 x 0.5 x 2 µm');
  expect(fields).toContain('uint16');
  expect(fields).toContain('36.0 KiB'); // memory needed, shown with the header before the voxels
  // Display range after loading = the volume's min..max (0..1550): gray = round(255 * v / 1550).
  const max = value(X - 1, Y - 1, Z - 1);
  for (const [x, y] of [[16, 12], [48, 12], [16, 36], [48, 36]]) {
    const [cx, cy] = await voxelToCanvas(page, x, y);
    const [r, g, b] = await canvasPixel(page, cx, cy);
    const want = Math.round((255 * value(x, y, 0)) / max);
    expect(Math.abs(r - want), `voxel ${x},${y}`).toBeLessThanOrEqual(1);
    expect([g, b]).toEqual([r, r]);
  }
  // Outside the image is background, not data: the physical aspect (64x48 at 0.5 um) leaves margins.
  const box = (await page.locator('#slice-canvas').boundingBox())!;
  expect((await canvasPixel(page, 2, box.height / 2))[0]).toBeLessThan(30);
  // Next slice with the keyboard: every quadrant gains 10.
  await page.locator('#slice-canvas').click();
  await page.keyboard.press('ArrowUp');
  await settled(page);
  const [cx, cy] = await voxelToCanvas(page, 48, 36);
  expect(Math.abs((await canvasPixel(page, cx, cy))[0] - Math.round((255 * value(48, 36, 1)) / max))).toBeLessThanOrEqual(1);
  await page.screenshot({ path: 'test-results/screens/open-tiff.png' });
  expect(errors).toEqual([]);
});

test('a broken file gets a clear error naming it, and the app stays usable', async ({ page }) => {
  await page.goto(host.url);
  await settled(page);
  await openThroughBrowser(page, 'broken.tif');
  const dlg = page.getByRole('dialog', { name: 'Could not open the file' });
  await expect(dlg).toContainText('broken.tif');
  await dlg.getByRole('button', { name: 'Close' }).click();
  await openThroughBrowser(page, 'quadrants.tif');
  await expect(page.locator('#status-text')).toContainText('loaded');
});

test('a file dropped on the page is uploaded and opened', async ({ page }) => {
  await page.goto(host.url);
  await settled(page);
  const bytes = [...(await import('node:fs')).readFileSync(join(root, 'quadrants.tif'))];
  await page.evaluate((data) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], 'dropped.tif'));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, bytes);
  await expect(page.locator('#status-text')).toContainText('dropped.tif: 64x48x6 uint16 loaded');
});

test('a file over the memory budget is refused before allocating, and a reduced load is offered', async ({ page }) => {
  // 64x48x6 uint16 = 36,864 bytes; a 20,000-byte budget fits every 2nd plane (18,432 bytes).
  const small = await startHost(root, [], { VOXELSCOPE_MEMORY_BUDGET: '20000' });
  try {
    await page.goto(small.url);
    await settled(page);
    await openThroughBrowser(page, 'quadrants.tif');
    const dlg = page.getByRole('dialog', { name: 'Too large for the memory budget' });
    await expect(dlg).toContainText('quadrants.tif: needs 36.0 KiB but the memory budget is 19.5 KiB; open every 2nd plane');
    await dlg.getByRole('button', { name: 'Open every 2nd plane' }).click();
    await expect(page.locator('#status-text')).toContainText('quadrants.tif: 64x48x3 uint16 loaded');
    await settled(page);
    // Plane 1 of the reduced load is plane 2 of the file: every quadrant is 20 higher than in plane 0.
    // The range is the one the ImageJ file stores (0..1550, its writer's full-stack min..max).
    await page.locator('#slice-canvas').click();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowUp');
    await settled(page);
    const max = value(X - 1, Y - 1, Z - 1);
    for (const [x, y] of [[16, 12], [48, 36]]) {
      const [cx, cy] = await voxelToCanvas(page, x, y);
      const want = Math.round((255 * value(x, y, 2)) / max);
      expect(Math.abs((await canvasPixel(page, cx, cy))[0] - want), `voxel ${x},${y} of file plane 2`).toBeLessThanOrEqual(1);
    }
    const fields = await page.locator('#panel input').evaluateAll((els) => (els as HTMLInputElement[]).map((e) => e.value));
    expect(fields).toContain('0.5 x 0.5 x 4 µm'); // z spacing doubles with every 2nd plane
  } finally {
    await small.stop();
  }
});
