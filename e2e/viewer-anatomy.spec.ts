import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { encodeNifti } from '../app/formats/nifti/write';
import type { VolumeMeta } from '../app/model/volume';
import { REPO, settled, startHost, watchConsole, type Host } from './host';
import { canvasDigest, choosePane, dragIn, levelBox, openFile, paneControl, planePixelCenter, writeHyperstack } from './viewer-helpers';

/*
 * World-referenced data shown the way NiiVue, Slicer, FSLeyes and ITK-SNAP show it. The synthetic head
 * (test/fixtures/brain/make_brain.py) has a block on the patient's right (grey 200), a nose in front
 * (150) and a crown on top (250) over an ellipsoid (100); the display range is the data's, 0..250.
 */
const BRAIN = ['brain_ras.nii.gz', 'brain_lps.nii.gz', 'brain_psl.nii.gz', 'brain_oblique.nii.gz'];
const level = (v: number): [number, number] => [Math.round((v / 250) * 255) - 8, Math.round((v / 250) * 255) + 8];
const HEAD = level(100), NOSE = level(150), RIGHT = level(200), CROWN = level(250);
const COLIN = resolve(REPO, '../shared/data/nifti/mricron_ch2_colin27.nii.gz');

let host: Host;
test.beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'vs-e2e-anatomy-'));
  for (const f of BRAIN) copyFileSync(join(REPO, 'test/fixtures/brain', f), join(root, f));
  // Microscopy: no affine, so storage order and the first slice, as in Fiji.
  writeHyperstack(join(root, 'stack.tif'), { x: 32, y: 24, z: 9, c: 1, t: 1 }, { x: 0.5, y: 0.5, z: 1, t: 1 }, (x, y, z) => 10 * z + (y < 4 ? 500 : 0));
  if (existsSync(COLIN)) copyFileSync(COLIN, join(root, 'colin27.nii.gz'));
  // A world-referenced .nii.gz cut off in transit before its centre slice: 20 planes of noise (so the
  // gzip stream is not much shorter than the voxels and a cut at 40% keeps about 8 planes).
  const [cx, cy, cz] = [32, 32, 20];
  const voxels = new Uint8Array(cx * cy * cz).map((_, i) => 50 + ((Math.imul(i + 1, 2654435761) >>> 24) % 150));
  const meta: VolumeMeta = {
    format: 'nifti1', dims: { x: cx, y: cy, z: cz, c: 1, t: 1 }, dtype: 'uint8', spacing: { x: 1, y: 1, z: 1, t: 1 }, unit: 'mm',
    timeUnit: 's', channels: [{ name: '', wavelength: null }], scaling: null, extra: {}, warnings: [],
    affine: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]],
  };
  const whole = gzipSync(Buffer.concat(encodeNifti(meta, voxels).map((c) => Buffer.from(c))));
  writeFileSync(join(root, 'cut-world.nii.gz'), whole.subarray(0, Math.floor(whole.length * 0.4)));
  host = await startHost(root);
});
test.afterAll(async () => host?.stop());

const canvasOf = (plane: string): string => `[data-plane="${plane}"] canvas:not(.view-overlay)`;

async function orthoView(page: Page, file: string): Promise<void> {
  await page.goto(host.url);
  await openFile(page, file);
  await page.keyboard.press('o');
  await settled(page);
}

/** Marker boxes in a view, each required to be there (a blank or missing view fails here). */
type Box = { x0: number; y0: number; x1: number; y1: number; cx: number; cy: number };
type Marker = 'nose' | 'right' | 'crown';
async function markers(page: Page, plane: string, names: Marker[]): Promise<{ head: Box; centre: { x: number; y: number } } & Record<Marker, Box>> {
  const sel = canvasOf(plane);
  const head = await levelBox(page, sel, HEAD[0], 255);
  expect(head, `${plane}: the head is drawn`).not.toBeNull();
  const out = {} as Record<Marker, Box>;
  for (const n of names) {
    const band = n === 'nose' ? NOSE : n === 'right' ? RIGHT : CROWN;
    const box = await levelBox(page, sel, band[0], band[1]);
    expect(box, `${plane}: the ${n} marker is drawn`).not.toBeNull();
    out[n] = box!;
  }
  return { head: head!, centre: { x: (head!.x0 + head!.x1) / 2, y: (head!.y0 + head!.y1) / 2 }, ...out };
}

test('a head is shown as neuro viewers show it: anterior up in axial, superior up in coronal and sagittal, radiological', async ({ page }) => {
  const errors = watchConsole(page);
  await orthoView(page, 'brain_ras.nii.gz');
  // The views keep their storage names and carry the anatomical one beside it.
  await expect(page.locator('[data-view="xy"]')).toHaveAttribute('data-plane', 'axial');
  await expect(page.locator('[data-view="xz"]')).toHaveAttribute('data-plane', 'coronal');
  await expect(page.locator('[data-view="yz"]')).toHaveAttribute('data-plane', 'sagittal');
  await expect(page.locator('[data-plane="axial"] .view-corner')).toContainText('Axial');
  await expect(page.locator('[data-plane="sagittal"] .view-corner')).toContainText('Sagittal');
  for (const p of ['axial', 'coronal', 'sagittal']) await expect(page.locator(`[data-plane="${p}"] .view-convention`)).toHaveText('radiological');
  await page.screenshot({ path: 'test-results/screens/anatomy-radiological.png' });

  const axial = await markers(page, 'axial', ['nose', 'right']);
  // The nose sticks out of the head: it is the head's top edge.
  expect(axial.nose.y0, 'axial: the nose points up').toBeLessThanOrEqual(axial.head.y0 + 1);
  expect(axial.right.cx, "axial: the patient's right is on the screen's left").toBeLessThan(axial.centre.x - 5);
  const coronal = await markers(page, 'coronal', ['crown', 'right']);
  expect(coronal.crown.cy, 'coronal: the crown is at the top').toBeLessThan(coronal.centre.y - 10);
  expect(coronal.right.cx).toBeLessThan(coronal.centre.x - 5);
  const sagittal = await markers(page, 'sagittal', ['crown', 'nose']);
  expect(sagittal.crown.cy, 'sagittal: the crown is at the top').toBeLessThan(sagittal.centre.y - 10);
  expect(sagittal.nose.x0, 'sagittal: anterior on the left (radiological, like Slicer and ITK-SNAP)').toBeLessThanOrEqual(sagittal.head.x0 + 1);
  // The letters agree with the pixels.
  await expect(page.locator('[data-plane="axial"] .orient-top')).toHaveText('A');
  await expect(page.locator('[data-plane="axial"] .orient-left')).toHaveText('R');
  await expect(page.locator('[data-plane="coronal"] .orient-top')).toHaveText('S');
  await expect(page.locator('[data-plane="sagittal"] .orient-left')).toHaveText('A');
  // Coronal top left, sagittal beside it (same rows), axial below it (same columns).
  const box = (p: string) => page.locator(`[data-plane="${p}"]`).boundingBox();
  const [c, s, a] = [(await box('coronal'))!, (await box('sagittal'))!, (await box('axial'))!];
  expect(s.x).toBeGreaterThan(c.x + c.width - 1);
  expect(s.y).toBeCloseTo(c.y, 0);
  expect(a.y).toBeGreaterThan(c.y + c.height - 1);
  expect(a.x).toBeCloseTo(c.x, 0);

  await choosePane(page, 'navigation-panel', 'left/right', "neurological (patient's R on the right)");
  await expect(page.locator('[data-plane="axial"] .view-convention')).toHaveText('neurological');
  const axialN = await markers(page, 'axial', ['nose', 'right']);
  expect(axialN.right.cx, "neurological: the patient's right on the right").toBeGreaterThan(axialN.centre.x + 5);
  expect(axialN.nose.y0).toBeLessThanOrEqual(axialN.head.y0 + 1);
  const sagittalN = await markers(page, 'sagittal', ['nose']);
  expect(sagittalN.nose.x1, 'neurological: anterior on the right (NiiVue)').toBeGreaterThanOrEqual(sagittalN.head.x1 - 1);
  await expect(page.locator('[data-plane="axial"] .orient-left')).toHaveText('L');
  await page.screenshot({ path: 'test-results/screens/anatomy-neurological.png' });
  // The choice is a habit: it stays for the next file and after a reload.
  await page.reload();
  await openFile(page, 'brain_lps.nii.gz');
  await expect(page.locator('[data-plane="axial"] .view-convention')).toHaveText('neurological');
  await choosePane(page, 'navigation-panel', 'left/right', "radiological (patient's R on the left)");
  expect(errors).toEqual([]);
});

test('LPS-stored, sagittally stored and tilted twins look exactly like the RAS-stored head', async ({ page }) => {
  await orthoView(page, 'brain_ras.nii.gz');
  const planes = ['axial', 'coronal', 'sagittal'];
  const reference = await Promise.all(planes.map((p) => canvasDigest(page, canvasOf(p))));
  for (const r of reference) expect(r.lit).toBeGreaterThan(1000);
  // The crosshair overlay too: the centre voxel is the same point of the head in every twin.
  const overlayOf = (p: string): string => `[data-plane="${p}"] .view-overlay`;
  const crosshairs = await Promise.all(planes.map((p) => canvasDigest(page, overlayOf(p))));
  const labels = async () => Promise.all(planes.map((p) => page.locator(`[data-plane="${p}"] .orient`).allTextContents()));
  const referenceLabels = await labels();
  for (const twin of ['brain_lps.nii.gz', 'brain_psl.nii.gz', 'brain_oblique.nii.gz']) {
    await openFile(page, twin);
    const got = await Promise.all(planes.map((p) => canvasDigest(page, canvasOf(p))));
    planes.forEach((p, i) => expect(got[i], `${twin}: ${p} pixels`).toEqual(reference[i]));
    const lines = await Promise.all(planes.map((p) => canvasDigest(page, overlayOf(p))));
    planes.forEach((p, i) => expect(lines[i], `${twin}: ${p} crosshair`).toEqual(crosshairs[i]));
    expect(await labels(), twin).toEqual(referenceLabels);
  }
  // The sagittally stored file's own xy plane is its sagittal view; the tilted one says it is tilted.
  await openFile(page, 'brain_psl.nii.gz');
  await expect(page.locator('[data-view="xy"]')).toHaveAttribute('data-plane', 'sagittal');
  await expect(page.locator('[data-view="xz"]')).toHaveAttribute('data-plane', 'axial');
  await expect(page.locator('.view-corner', { hasText: 'oblique' })).toHaveCount(0);
  await openFile(page, 'brain_oblique.nii.gz');
  await expect(page.locator('[data-plane="axial"] .view-corner')).toContainText('oblique: nearest plane shown');
  await page.screenshot({ path: 'test-results/screens/anatomy-oblique.png' });
});

test('a click, the crosshair and a line profile find the same anatomy in the LPS twin', async ({ page }) => {
  const sample = async (file: string) => {
    await orthoView(page, file);
    // A click on the nose in the axial view moves the sagittal view to the nose's side-to-side position.
    const axial = await markers(page, 'axial', ['nose', 'right']);
    const box = (await page.locator(canvasOf('axial')).boundingBox())!;
    await page.mouse.click(box.x + axial.right.cx, box.y + axial.right.cy);
    await settled(page);
    const readout = await page.locator('#readout').textContent();
    // Draw a line from the right marker to the nose: its profile goes 200 ... 100 ... 150.
    await page.keyboard.press('l');
    await dragIn(page, canvasOf('axial'), [axial.right.cx, axial.right.cy], [axial.nose.cx, axial.nose.cy]);
    await settled(page);
    await expect(page.getByTestId('profile-box')).toBeVisible();
    const download = page.waitForEvent('download');
    await page.getByTestId('profile-plot-csv').click();
    const csv = readFileSync(await (await download).path(), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(',').map(Number));
    const mm = readout!.match(/\(([-\d., ]+)\) mm/)![1];
    return { mm, csv, x: await paneControl(page, 'navigation-panel', 'x').inputValue() };
  };
  const ras = await sample('brain_ras.nii.gz');
  const lps = await sample('brain_lps.nii.gz');
  // The same world point under the click (the readout's mm), whatever the voxel index: x runs the other way.
  expect(lps.mm).toBe(ras.mm);
  expect(Number(lps.x)).toBe(42 - Number(ras.x));
  // The profile crosses the right marker, the head and the nose, and is the same line in both files.
  const values = ras.csv.map((r) => r[1]);
  expect(values[0]).toBe(200);
  expect(values).toContain(100);
  expect(values[values.length - 1]).toBe(150);
  expect(lps.csv).toEqual(ras.csv);
});

test('world data opens at its centre slice, microscopy at its first (as in Fiji); slice numbers count from 1', async ({ page }) => {
  await page.goto(host.url);
  await openFile(page, 'brain_ras.nii.gz');
  // 41 x 49 x 37: the centre voxel is (20, 24, 18), slice 19 of 37 counted from 1.
  await expect(paneControl(page, 'navigation-panel', 'z')).toHaveValue('19');
  await expect(paneControl(page, 'navigation-panel', 'y')).toHaveValue('25');
  await expect(page.locator('[data-view="xy"] .view-corner')).toContainText('Axial  z 19/37');
  await expect(page.locator('#readout')).toContainText('x 21 y 25 z 19');
  await openFile(page, 'stack.tif');
  await expect(paneControl(page, 'navigation-panel', 'z')).toHaveValue('1');
  await expect(page.locator('[data-view="xy"] .view-corner')).toContainText('XY  z 1/9');
  await expect(page.locator('[data-view="xy"]')).not.toHaveAttribute('data-plane', /./);
  await page.locator('#slice-canvas').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowUp');
  await settled(page);
  await expect(paneControl(page, 'navigation-panel', 'z')).toHaveValue('2');
  await expect(page.locator('[data-view="xy"] .view-corner')).toContainText('z 2/9');
  await expect(page.locator('#readout')).toContainText(/z 2\b/);
  // Microscopy keeps storage order: y = 0 (the bright rows 0..3) at the top of the image.
  const bright = (await levelBox(page, '#slice-canvas', 200, 255))!;
  const [, firstRow] = await planePixelCenter(page, '#slice-canvas', { w: 32, h: 24, px: 0.5, py: 0.5 }, 0, 0);
  const [, fifthRow] = await planePixelCenter(page, '#slice-canvas', { w: 32, h: 24, px: 0.5, py: 0.5 }, 0, 4);
  const half = (fifthRow - firstRow) / 8;
  expect(Math.abs(bright.y0 - (firstRow - half))).toBeLessThanOrEqual(1);
  expect(Math.abs(bright.y1 - (fifthRow - half))).toBeLessThanOrEqual(1);
});

test('a world-referenced load that stops before its centre slice shows the planes that did arrive', async ({ page }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open…' }).click();
  await page.getByRole('dialog', { name: 'Open a file' }).getByRole('button', { name: /^cut-world\.nii\.gz/ }).click();
  const show = page.getByRole('dialog', { name: 'Could not read the whole file' }).getByRole('button', { name: /^Show the \d+ of 20 planes/ });
  const n = Number(/the (\d+) of/.exec((await show.textContent())!)![1]);
  expect(n).toBeLessThan(11); // the centre slice (11 of 20) did not arrive
  await show.click();
  await settled(page);
  // The axial view is on the last slice that arrived, drawn, not a blank 'loading…'.
  await expect(page.locator('[data-plane="axial"] .view-corner')).toContainText(`Axial  z ${n}/20`);
  await expect(page.locator('[data-plane="axial"] .view-corner')).not.toContainText('loading');
  await expect(paneControl(page, 'navigation-panel', 'z')).toHaveValue(String(n));
  expect((await canvasDigest(page, canvasOf('axial'))).lit).toBeGreaterThan(1000);
});

/**
 * The real MNI-space T1 (colin27) beside nibabel's own reading of it, turned to the radiological axial
 * view (patient's right on the left, anterior up): the view's pixels correlate with that image and not
 * with it upside down or mirrored. Needs ../shared (skipped without it).
 */
test('a real MNI brain (colin27) is the right way up', async ({ page }) => {
  test.skip(!existsSync(COLIN), `needs ${COLIN} (the shared data)`);
  test.setTimeout(120_000);
  const script = `
import json, sys, numpy as np, nibabel as nib
img = nib.as_closest_canonical(nib.load(sys.argv[1]))
a = np.asarray(img.dataobj, dtype=float)
k = a.shape[2] // 2
print(json.dumps({'shape': list(a.shape), 'axial': a[::-1, ::-1, k].T[::4, ::4].tolist()}))`;
  const r = spawnSync('/usr/bin/python3', ['-c', script, COLIN], { encoding: 'utf8', maxBuffer: 1 << 26 });
  test.skip(r.status !== 0, `python3 with nibabel failed: ${r.stderr}`);
  const ref = JSON.parse(r.stdout) as { shape: number[]; axial: number[][] };
  await page.goto(host.url);
  await openFile(page, 'colin27.nii.gz');
  const box = (await page.locator('#slice-canvas').boundingBox())!;
  // The fitted view: the plane's physical size (1 mm voxels) at 95% of the tighter side, centred.
  const [W, H] = [ref.shape[0], ref.shape[1]];
  const s = Math.min(box.width / W, box.height / H) * 0.95;
  const left = (box.width - W * s) / 2, top = (box.height - H * s) / 2;
  const shown: number[][] = await page.evaluate(([w, h, sc, l, t]) => {
    const c = document.querySelector<HTMLCanvasElement>('#slice-canvas')!;
    const ctx = Object.assign(document.createElement('canvas'), { width: c.width, height: c.height }).getContext('2d')!;
    ctx.drawImage(c, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const rows: number[][] = [];
    for (let v = 0; v < h; v += 4) {
      const row: number[] = [];
      for (let u = 0; u < w; u += 4) row.push(d[4 * (Math.floor(l + (u + 0.5) * sc) + c.width * Math.floor(t + (v + 0.5) * sc))]);
      rows.push(row);
    }
    return rows;
  }, [W, H, s, left, top]);
  const corr = (a: number[][], b: number[][]): number => {
    const x = a.flat(), y = b.flat();
    const mx = x.reduce((p, q) => p + q, 0) / x.length, my = y.reduce((p, q) => p + q, 0) / y.length;
    let sxy = 0, sxx = 0, syy = 0;
    x.forEach((v, i) => { sxy += (v - mx) * (y[i] - my); sxx += (v - mx) ** 2; syy += (y[i] - my) ** 2; });
    return sxy / Math.sqrt(sxx * syy);
  };
  const upright = corr(shown, ref.axial);
  const upsideDown = corr(shown, [...ref.axial].reverse());
  const mirrored = corr(shown, ref.axial.map((row) => [...row].reverse()));
  console.log(`colin27 axial: correlation ${upright} upright, ${upsideDown} upside down, ${mirrored} mirrored`);
  // Seen here: 0.99999 upright, 0.81 upside down, 0.91 mirrored (a brain is nearly symmetric).
  expect(upright).toBeGreaterThan(0.999);
  expect(upsideDown).toBeLessThan(upright - 0.05);
  expect(mirrored).toBeLessThan(upright - 0.05);
  await page.keyboard.press('o');
  await settled(page);
  await page.screenshot({ path: 'test-results/screens/colin27-ortho.png' });
});
