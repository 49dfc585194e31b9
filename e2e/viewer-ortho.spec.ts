import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO, settled, startHost, watchConsole, type Host } from './host';
import { brightBox, clickAt, openFile, paneControl, pixelOf, planePixelCenter, writeHyperstack } from './viewer-helpers';

/** A bright anisotropic block: 40 x 30 x 10 voxels of 0.5 x 0.5 x 2 um, value 1000 with a dark first column. */
const X = 40, Y = 30, Z = 10;
let host: Host;
test.beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'vs-e2e-ortho-'));
  writeHyperstack(join(root, 'block.tif'), { x: X, y: Y, z: Z, c: 1, t: 1 }, { x: 0.5, y: 0.5, z: 2, t: 1 }, (x) => (x === 0 ? 0 : 1000));
  copyFileSync(join(REPO, 'test/fixtures/real/dipy_aniso_vox.nii.gz'), join(root, 'dipy_aniso_vox.nii.gz'));
  host = await startHost(root);
});
test.afterAll(async () => host?.stop());

test('orthogonal views keep the physical aspect of an anisotropic volume', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(host.url);
  await openFile(page, 'block.tif');
  await page.locator('#slice-canvas').click();
  await page.keyboard.press('o');
  await settled(page);
  await expect(page.locator('#views')).toHaveAttribute('data-layout', 'ortho');
  // XZ: 40 x 0.5 um wide, 10 x 2 um high -> square. YZ: 10 x 2 um wide, 30 x 0.5 um high -> 4:3.
  // The dark first column (x = 0) is left out of the XZ box, so its width is 39 of 40 voxels.
  const xz = await brightBox(page, '#slice-canvas-xz');
  expect((xz.x1 - xz.x0) / (xz.y1 - xz.y0)).toBeCloseTo(39 / 40, 1);
  const yz = await brightBox(page, '#slice-canvas-yz');
  expect((yz.x1 - yz.x0) / (yz.y1 - yz.y0)).toBeCloseTo(20 / 15, 1);
  const xy = await brightBox(page, '#slice-canvas');
  expect((xy.x1 - xy.x0) / (xy.y1 - xy.y0)).toBeCloseTo(39 / 30, 1);
  await page.screenshot({ path: 'test-results/screens/ortho-anisotropic.png' });
  expect(errors).toEqual([]);
});

test('a click in one view moves the crosshair and the slices of the others', async ({ page }) => {
  await page.goto(host.url);
  await openFile(page, 'block.tif');
  await page.locator('#slice-canvas').click();
  await page.keyboard.press('o');
  await settled(page);
  const xyPlane = { w: X, h: Y, px: 0.5, py: 0.5 };
  const [cx, cy] = await planePixelCenter(page, '#slice-canvas', xyPlane, 12, 7);
  await clickAt(page, '#slice-canvas', cx, cy);
  await settled(page);
  // Voxel (12, 7) is the 13th column and 8th row: the panel counts from 1, like the corners.
  await expect(paneControl(page, 'navigation-panel', 'x')).toHaveValue('13');
  await expect(paneControl(page, 'navigation-panel', 'y')).toHaveValue('8');
  await expect(page.locator('[data-view="yz"] .view-corner')).toContainText('x 13/40');
  await expect(page.locator('[data-view="xz"] .view-corner')).toContainText('y 8/30');
  // In the XZ view the vertical crosshair line (the YZ plane, red) runs through column 12.
  const xzPlane = { w: X, h: Z, px: 0.5, py: 2 };
  const [lx, ly] = await planePixelCenter(page, '[data-view="xz"] .view-overlay', xzPlane, 12, 3);
  // The 1-px line sits on the rounded position: look at the pixels either side too.
  const near = await Promise.all([-1, 0, 1].map((d) => pixelOf(page, '[data-view="xz"] .view-overlay', lx + d, ly)));
  const line = near.reduce((a, b) => (b[3] > a[3] ? b : a));
  const off = await pixelOf(page, '[data-view="xz"] .view-overlay', lx + 8, ly + 3);
  expect(line[0]).toBeGreaterThan(200); // #ff6b6b
  expect(line[3]).toBeGreaterThan(0);
  expect(off[3]).toBe(0);
  // The readout names the voxel under the mouse.
  await expect(page.locator('#readout')).toHaveAttribute('data-x', '12');
});

test('NIfTI orientation labels come from the affine (LPS storage, oblique)', async ({ page }) => {
  await page.goto(host.url);
  await openFile(page, 'dipy_aniso_vox.nii.gz');
  const label = (side: string) => page.locator(`[data-view="xy"] .orient-${side}`);
  // Stored LPS and tilted 35°: the xy plane is the nearest axial, shown radiologically, anterior up.
  await expect(page.locator('[data-view="xy"]')).toHaveAttribute('data-plane', 'axial');
  await expect(label('left')).toHaveText('R');
  await expect(label('right')).toHaveText('L');
  await expect(label('top')).toHaveText('A');
  await expect(label('bottom')).toHaveText('P');
  await expect(page.locator('[data-view="xy"] .view-corner')).toContainText('oblique: nearest plane shown');
  await page.keyboard.press('o');
  await settled(page);
  // Coronal: superior up (z grows towards S, so z = 0 is at the bottom).
  await expect(page.locator('[data-view="xz"]')).toHaveAttribute('data-plane', 'coronal');
  await expect(page.locator('[data-view="xz"] .orient-top')).toHaveText('S');
  await expect(page.locator('[data-view="xz"] .orient-bottom')).toHaveText('I');
  await expect(page.locator('[data-view="yz"] .orient-left')).toHaveText('A');
  await page.screenshot({ path: 'test-results/screens/ortho-nifti-labels.png' });
});

test('zoom with the wheel keeps the point under the cursor; double click fits again', async ({ page }) => {
  await page.goto(host.url);
  await openFile(page, 'block.tif');
  const xyPlane = { w: X, h: Y, px: 0.5, py: 0.5 };
  const [cx, cy] = await planePixelCenter(page, '#slice-canvas', xyPlane, 0, 15);
  const box = (await page.locator('#slice-canvas').boundingBox())!;
  await page.mouse.move(box.x + cx, box.y + cy);
  await page.mouse.wheel(0, -400);
  await settled(page);
  // Still the dark column under the cursor, and the view is now zoomed: the block fills more of it.
  expect((await pixelOf(page, '#slice-canvas', cx, cy))[0]).toBeLessThan(40);
  const zoomed = await brightBox(page, '#slice-canvas');
  expect(zoomed.y1 - zoomed.y0).toBeGreaterThan(box.height * 0.96);
  await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
  await settled(page);
  const fitted = await brightBox(page, '#slice-canvas');
  expect(fitted.y1 - fitted.y0).toBeLessThan(box.height * 0.96);
});
