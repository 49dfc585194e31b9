import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { labelColor } from '../app/lut/overlay';
import { REPO, settled, startHost, watchConsole, type Host } from './host';
import { clickAt, openFile, pixelOf, planePixelCenter, writeHyperstack } from './viewer-helpers';

/**
 * The filters as a person uses them, in Chromium on the real browser host: tune a gaussian on a real
 * file and watch the preview (its values are `voxelscope filter`'s on that slice), split view, Apply
 * and Undo; threshold and label, with the object count, the object table, jumping to an object and its
 * CSV checked against the command line's own output of the same file.
 */
const DIMS = { x: 48, y: 40, z: 10, c: 1, t: 1 };
const SPACING = { x: 0.5, y: 0.5, z: 2, t: 1 };
/** Bright balls (centre x, y, z in voxels, radius in x voxels: a z voxel is 4 of them) on a textured background. */
const BALLS = [[10, 10, 2, 5], [30, 12, 5, 6], [14, 28, 7, 4], [36, 30, 3, 5], [24, 22, 8, 3]];
const VIEW = '[data-view="xy"] canvas:not(.view-overlay)';
const PLANE = { w: DIMS.x, h: DIMS.y, px: SPACING.x, py: SPACING.y };

let host: Host;
let root: string;
let out: string;

test.beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'vs-e2e-filters-ui-'));
  out = join(root, '..', `${root.split('/').pop()}-cli`);
  mkdirSync(out);
  writeHyperstack(join(root, 'balls.tif'), DIMS, SPACING, (x, y, z) => {
    const inside = BALLS.some(([cx, cy, cz, r]) => (x - cx) ** 2 + (y - cy) ** 2 + ((z - cz) * 4) ** 2 <= r * r);
    return (inside ? 1200 : 200) + ((x * 7 + y * 13 + z * 29) % 17) * 6;
  });
  // 137,500 single-voxel objects (every other voxel along x, y and z), for the object table's lazy rows;
  // 1.1M voxels, more than one job's worth (apply.ts), so Apply runs the threshold and the labeling in
  // rounds over slabs on the page's workers, the labels numbered across the slabs.
  writeHyperstack(join(root, 'dots.tif'), { x: 100, y: 100, z: 110, c: 1, t: 1 }, SPACING, (x, y, z) => (x % 2 || y % 2 || z % 2 ? 100 : 1000 + x));
  host = await startHost(root);
});
test.afterAll(async () => {
  await host?.stop();
});

/** `voxelscope filter` as a user runs it; its stdout (the label count) and the .npy it wrote. */
function cli(input: string, output: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/voxelscope.mjs'), 'filter', input, '-o', output, ...args], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** The command line on balls.tif: threshold, then label (printing the count); each object's voxels and centroid sums. */
function cliObjects(method: string, connectivity: string): { count: number; labels: Int32Array; stats: { n: number; x: number; y: number; z: number }[] } {
  const mask = join(out, `mask-${method}.npy`);
  const labelsNpy = join(out, `labels-${method}-${connectivity}.npy`);
  cli(join(root, 'balls.tif'), mask, '--op', 'threshold', '--method', method);
  const count = Number(cli(mask, labelsNpy, '--op', 'label', '--connectivity', connectivity).trim());
  const labels = readNpy(labelsNpy).data as Int32Array;
  const stats = Array.from({ length: count + 1 }, () => ({ n: 0, x: 0, y: 0, z: 0 }));
  for (let i = 0; i < labels.length; i++) {
    const s = stats[labels[i]];
    s.n++;
    s.x += i % DIMS.x;
    s.y += Math.floor(i / DIMS.x) % DIMS.y;
    s.z += Math.floor(i / (DIMS.x * DIMS.y));
  }
  return { count, labels, stats };
}

/** A .npy file's numbers (little-endian float32, int32 or uint8; C order, so z, y, x). */
function readNpy(path: string): { shape: number[]; data: Float32Array | Int32Array | Uint8Array } {
  const b = readFileSync(path);
  const major = b[6];
  const len = major === 1 ? b.readUInt16LE(8) : b.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = b.subarray(start, start + len).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)![1];
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)![1].split(',').filter((s) => s.trim()).map(Number);
  const body = b.subarray(start + len);
  const copy = new Uint8Array(body).buffer;
  const data = descr === '<f4' ? new Float32Array(copy) : descr === '<i4' ? new Int32Array(copy) : new Uint8Array(copy);
  return { shape, data };
}

type Hooks = {
  cursor(): { x: number; y: number; z: number };
  previewPlane(axis: string): { slice: number; values: number[] } | null;
  layers(): { name: string; kind: string; current: boolean }[];
};
const hooks = <T>(page: Page, f: (h: Hooks) => T): Promise<T> =>
  page.evaluate(`(${f.toString()})(window.__voxelscopeTest)`) as Promise<T>;

async function open(page: Page, file = 'balls.tif'): Promise<void> {
  // The test hooks exist only on a page asked for with ?voxelscope-test.
  await page.goto(`${host.url}&voxelscope-test`);
  await openFile(page, file);
  expect(await page.evaluate(() => typeof (window as unknown as { __voxelscopeTest?: unknown }).__voxelscopeTest)).toBe('object');
}

/** Every canvas pixel (RGBA) of the xy view, stored in the page under `name`, and how many are lit. */
function grab(page: Page, name: string): Promise<number> {
  return page.evaluate(([sel, n]) => {
    const c = document.querySelector<HTMLCanvasElement>(sel)!;
    const ctx = Object.assign(document.createElement('canvas'), { width: c.width, height: c.height }).getContext('2d')!;
    ctx.drawImage(c, 0, 0);
    const g = ((window as unknown as { grabs?: Record<string, ImageData> }).grabs ??= {});
    g[n] = ctx.getImageData(0, 0, c.width, c.height);
    let lit = 0;
    for (let i = 0; i < g[n].data.length; i += 4) if (g[n].data[i] > 40) lit++;
    return lit;
  }, [VIEW, name] as const);
}

/** Pixels (of columns [x0, x1) in canvas px) where grabs a and b differ. */
function differing(page: Page, a: string, b: string, x0 = 0, x1 = 1e9): Promise<number> {
  return page.evaluate(([a, b, x0, x1]) => {
    const g = (window as unknown as { grabs: Record<string, ImageData> }).grabs;
    const A = g[a as string], B = g[b as string];
    let n = 0;
    for (let y = 0; y < A.height; y++) for (let x = Math.max(0, x0 as number); x < Math.min(A.width, x1 as number); x++) {
      const i = 4 * (y * A.width + x);
      if (A.data[i] !== B.data[i] || A.data[i + 1] !== B.data[i + 1] || A.data[i + 2] !== B.data[i + 2]) n++;
    }
    return n;
  }, [a, b, x0, x1] as const);
}

async function previewValues(page: Page): Promise<{ slice: number; values: number[] }> {
  await settled(page);
  await expect.poll(() => hooks(page, (h) => h.previewPlane('xy') !== null)).toBe(true);
  return (await hooks(page, (h) => h.previewPlane('xy')))!;
}

const panel = '[data-testid="pipeline-panel"]';

test('tune a gaussian on the preview, as voxelscope filter computes it; split view; Apply and Undo', async ({ page }) => {
  const errors = watchConsole(page);
  await open(page);
  // Into the volume: click the view (the keyboard goes to it), then four slices up.
  const [cx, cy] = await planePixelCenter(page, VIEW, PLANE, 24, 20);
  await clickAt(page, VIEW, cx, cy);
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowUp');
  await settled(page);
  expect((await hooks(page, (h) => h.cursor())).z).toBe(4);
  expect(await grab(page, 'original')).toBeGreaterThan(1000);

  await page.locator('[data-testid="pipeline-add"]').selectOption('gaussian');
  const sigma = page.locator(`${panel} li[data-op="gaussian"] input[data-field="sigma"]`);
  await expect(sigma).toHaveValue('1');
  const first = await previewValues(page);
  await grab(page, 'sigma1');
  await sigma.fill('2');
  await sigma.press('Enter');
  const tuned = await previewValues(page);
  await grab(page, 'sigma2');
  await page.screenshot({ path: 'test-results/filters-ui-gaussian.png' });
  // The preview moved with the parameter, on screen and in its values.
  expect(await differing(page, 'original', 'sigma1')).toBeGreaterThan(500);
  expect(await differing(page, 'sigma1', 'sigma2')).toBeGreaterThan(500);
  expect(tuned.values).not.toEqual(first.values);
  // What the preview shows is what `voxelscope filter` writes for that slice.
  const npy = join(out, 'gaussian.npy');
  cli(join(root, 'balls.tif'), npy, '--op', 'gaussian', '--sigma', '2');
  const full = readNpy(npy);
  expect(full.shape).toEqual([DIMS.z, DIMS.y, DIMS.x]);
  expect(full.data).toBeInstanceOf(Float32Array);
  const n = DIMS.x * DIMS.y;
  const slice = Array.from(full.data.subarray(tuned.slice * n, (tuned.slice + 1) * n));
  expect(tuned.slice).toBe(4);
  expect(tuned.values.length).toBe(n);
  const worst = Math.max(...slice.map((v, i) => Math.abs(v - tuned.values[i])));
  expect(worst).toBeLessThanOrEqual(1e-3);
  // The kernels that ran the preview are the WebAssembly ones.
  await expect(page.locator(panel)).toHaveAttribute('data-kernels', 'wasm');

  // Split view (Shift+P): the original left of the divider, the filtered image right of it.
  await page.keyboard.press('Shift+P');
  await settled(page);
  await expect(page.getByTestId('preview-split')).toHaveClass(/active/);
  await expect(page.locator('[data-view="xy"] [data-testid="split-divider"]')).toBeVisible();
  await grab(page, 'split');
  await page.screenshot({ path: 'test-results/filters-ui-split.png' });
  const box = (await page.locator(VIEW).boundingBox())!;
  const div = (await page.locator('[data-view="xy"] [data-testid="split-divider"]').boundingBox())!;
  const scale = (await page.locator(VIEW).evaluate((c: HTMLCanvasElement) => c.width / c.clientWidth));
  const at = (div.x + div.width / 2 - box.x) * scale;
  const margin = 4 * scale;
  expect(await differing(page, 'split', 'original', 0, at - margin)).toBe(0);
  expect(await differing(page, 'split', 'sigma2', at + margin)).toBe(0);
  // ... and each side really is different from the other rendering there (the test is not vacuous).
  expect(await differing(page, 'sigma2', 'original', 0, at - margin)).toBeGreaterThan(200);
  expect(await differing(page, 'sigma2', 'original', at + margin)).toBeGreaterThan(200);
  await page.keyboard.press('Shift+P');
  await expect(page.getByTestId('preview-after')).toHaveClass(/active/);

  // Apply makes a new layer with the filtered image; Undo takes it away again.
  await page.getByTestId('pipeline-apply').click();
  await expect(page.locator('#status-text')).toContainText('done in');
  await settled(page);
  expect(await hooks(page, (h) => h.layers().map((l) => l.kind))).toEqual(['image', 'image']);
  await expect(page.locator('[data-testid="layer-list"] [data-layer]')).toHaveCount(2);
  await grab(page, 'applied');
  expect(await differing(page, 'applied', 'sigma2')).toBe(0);
  await page.getByTestId('pipeline-undo').click();
  await settled(page);
  expect(await hooks(page, (h) => h.layers().length)).toBe(1);
  await expect(page.locator('[data-testid="layer-list"]')).toBeHidden();
  await expect(page.locator('[data-testid="layer-list"] [data-layer]')).toHaveCount(0);
  await grab(page, 'undone');
  expect(await differing(page, 'undone', 'original')).toBe(0);
  expect(errors).toEqual([]);
});

test('threshold and label: the object count and table are the command line\'s; a row jumps to its object; CSV', async ({ page }) => {
  const errors = watchConsole(page);
  await open(page);
  await page.locator('[data-testid="pipeline-add"]').selectOption('threshold');
  await page.locator('[data-testid="pipeline-add"]').selectOption('label');
  // The form's default is the op schema's: scipy.ndimage.label's cross, connectivity 6.
  await expect(page.locator(`${panel} li[data-op="label"] select[data-field="connectivity"]`)).toHaveValue('6');
  await settled(page);
  await page.getByTestId('pipeline-apply').click();
  await expect(page.locator('#status-text')).toContainText('done in');
  await settled(page);
  expect(await hooks(page, (h) => h.layers().map((l) => `${l.kind}${l.current ? '*' : ''}`))).toEqual(['image', 'labels*']);

  const { count, labels, stats } = cliObjects('otsu', '6');
  expect(count).toBe(BALLS.length);

  const table = page.getByTestId('object-table');
  await expect(table).toBeVisible();
  await expect(table).toHaveAttribute('data-count', String(count));
  await expect(page.getByTestId('object-count')).toHaveText(`${count} objects`);
  await expect(table.locator('tr[data-label]')).toHaveCount(count);
  await page.screenshot({ path: 'test-results/filters-ui-labels.png' });

  // A row whose object lies on another slice than the one on screen: the crosshair jumps to its centroid.
  const here = (await hooks(page, (h) => h.cursor())).z;
  const target = stats.findIndex((s, l) => l > 0 && Math.round(s.z / s.n) !== here);
  expect(target).toBeGreaterThan(0);
  const want = { x: Math.round(stats[target].x / stats[target].n), y: Math.round(stats[target].y / stats[target].n), z: Math.round(stats[target].z / stats[target].n) };
  await table.locator(`tr[data-label="${target}"]`).click();
  await settled(page);
  const moved = await hooks(page, (h) => h.cursor());
  expect({ x: moved.x, y: moved.y, z: moved.z }).toEqual(want);
  await expect(table.locator(`tr[data-label="${target}"]`)).toHaveAttribute('aria-selected', 'true');
  // On screen the chosen object is drawn in its own label colour, opaque (the others are blended).
  const [px, py] = await planePixelCenter(page, VIEW, PLANE, want.x + 1, want.y);
  expect(labels[want.z * DIMS.x * DIMS.y + want.y * DIMS.x + want.x + 1]).toBe(target);
  expect((await pixelOf(page, VIEW, px, py)).slice(0, 3)).toEqual(labelColor(target));
  await page.screenshot({ path: 'test-results/filters-ui-jump.png' });

  // ↓ in the table: the next object, and the crosshair with it.
  await page.keyboard.press('ArrowDown');
  await settled(page);
  const next = target + 1 <= count ? target + 1 : target;
  await expect(table.locator(`tr[data-label="${next}"]`)).toHaveAttribute('aria-selected', 'true');
  expect((await hooks(page, (h) => h.cursor())).z).toBe(Math.round(stats[next].z / stats[next].n));

  // Sorting by voxels (largest first), by clicking the column's header.
  await table.locator('th[data-column="voxels"]').click();
  const biggest = stats.reduce((b, s, l) => (l > 0 && s.n > stats[b].n ? l : b), 1);
  await expect(table.locator('tr[data-label]').first()).toHaveAttribute('data-label', String(biggest));

  // CSV: every object once, with the voxels and centroids of the command line's labels.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('object-table-csv').click()]);
  const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
  expect(csv.length).toBe(count + 1);
  const head = csv[0].split(',');
  expect(head.slice(0, 6)).toEqual(['label', 'voxels', 'volume [µm³]', 'centroid x [voxel]', 'centroid y [voxel]', 'centroid z [voxel]']);
  expect(head).toContain('mean intensity');
  for (const line of csv.slice(1)) {
    const [l, n, vol, x, y, z] = line.split(',').map(Number);
    const s = stats[l];
    expect(n).toBe(s.n);
    expect(vol).toBeCloseTo(s.n * SPACING.x * SPACING.y * SPACING.z, 9);
    expect([x, y, z].map((v) => v.toFixed(9))).toEqual([s.x / s.n, s.y / s.n, s.z / s.n].map((v) => v.toFixed(9)));
  }
  // Undo takes the label layer away, and its table with it.
  await page.getByTestId('pipeline-undo').click();
  await settled(page);
  await expect(table).toBeHidden();
  expect(errors).toEqual([]);
});

test('a labels preview has its object table before Apply, follows the parameters, and a row jumps to its object', async ({ page }) => {
  const errors = watchConsole(page);
  await open(page);
  await page.locator('[data-testid="pipeline-add"]').selectOption('threshold');
  await page.locator('[data-testid="pipeline-add"]').selectOption('label');
  await settled(page);
  // Nothing applied: the only layer is the image, and the table is the preview's, said so.
  expect(await hooks(page, (h) => h.layers().map((l) => l.kind))).toEqual(['image']);
  const otsu = cliObjects('otsu', '6');
  const table = page.getByTestId('object-table');
  await expect(table).toHaveAttribute('data-count', String(otsu.count));
  await expect(page.getByTestId('object-count')).toHaveText(`Preview: ${otsu.count} objects`);
  await expect(table.locator('tr[data-label]')).toHaveCount(otsu.count);

  // A row: the crosshair jumps to the object's centroid, and the preview draws it in its own colour.
  const { stats, labels } = otsu;
  const here = (await hooks(page, (h) => h.cursor())).z;
  const target = stats.findIndex((s, l) => l > 0 && Math.round(s.z / s.n) !== here);
  const want = { x: Math.round(stats[target].x / stats[target].n), y: Math.round(stats[target].y / stats[target].n), z: Math.round(stats[target].z / stats[target].n) };
  await table.locator(`tr[data-label="${target}"]`).click();
  await settled(page);
  const moved = await hooks(page, (h) => h.cursor());
  expect({ x: moved.x, y: moved.y, z: moved.z }).toEqual(want);
  const [px, py] = await planePixelCenter(page, VIEW, PLANE, want.x + 1, want.y);
  expect(labels[want.z * DIMS.x * DIMS.y + want.y * DIMS.x + want.x + 1]).toBe(target);
  await expect.poll(async () => (await pixelOf(page, VIEW, px, py)).slice(0, 3)).toEqual(labelColor(target));
  await page.screenshot({ path: 'test-results/filters-ui-preview-objects.png' });

  // Another threshold method: the table is recomputed from the new preview, as the command line labels it.
  await page.locator(`${panel} li[data-op="threshold"] select[data-field="method"]`).selectOption('triangle');
  await settled(page);
  const triangle = cliObjects('triangle', '6');
  expect(triangle.count).not.toBe(otsu.count);
  await expect(table).toHaveAttribute('data-count', String(triangle.count));
  await expect(page.getByTestId('object-count')).toHaveText(`Preview: ${triangle.count} object${triangle.count === 1 ? '' : 's'}`);
  // Previewing the threshold step (a mask, no objects) takes the table away; the label step brings it back.
  await page.locator(`${panel} li[data-op="threshold"] input[type="radio"]`).check();
  await settled(page);
  await expect(table).toBeHidden();
  await page.locator(`${panel} li[data-op="label"] input[type="radio"]`).check();
  await expect(table).toHaveAttribute('data-count', String(triangle.count));
  // Preview off: no table; Apply makes it the label layer's.
  await page.getByTestId('preview-off').click();
  await expect(table).toBeHidden();
  await page.getByTestId('pipeline-apply').click();
  await expect(page.locator('#status-text')).toContainText('done in');
  await settled(page);
  await expect(page.getByTestId('object-count')).toHaveText(`${triangle.count} object${triangle.count === 1 ? '' : 's'}`);
  expect(errors).toEqual([]);
});

test('a sigma typed in µm on anisotropic voxels is per-axis voxels, as voxelscope filter takes them', async ({ page }) => {
  await open(page);
  await page.locator('[data-testid="pipeline-add"]').selectOption('gaussian');
  const step = page.locator(`${panel} li[data-op="gaussian"]`);
  await expect(step.locator('[data-testid="field-hint"]').first()).toHaveText('= 0.5, 0.5, 2 µm');
  await step.getByTestId('step-physical').check();
  const sigma = step.locator('input[data-field="sigma"]');
  // 1 voxel on 0.5 x 0.5 x 2 µm voxels, shown in µm.
  await expect(sigma).toHaveValue('0.5,0.5,2');
  await sigma.fill('1');
  await sigma.press('Enter');
  await expect(step.locator('[data-testid="field-hint"]').first()).toHaveText('= 2, 2, 0.5 voxels');
  const shown = await previewValues(page);
  const npy = join(out, 'gaussian-um.npy');
  cli(join(root, 'balls.tif'), npy, '--op', 'gaussian', '--sigma', '2,2,0.5');
  const full = readNpy(npy).data;
  const n = DIMS.x * DIMS.y;
  const worst = Math.max(...Array.from(full.subarray(shown.slice * n, (shown.slice + 1) * n), (v, i) => Math.abs(v - shown.values[i])));
  expect(worst).toBeLessThanOrEqual(1e-3);
  await page.screenshot({ path: 'test-results/filters-ui-units.png' });
});

test('137,500 objects (labeled in slabs): the table draws only the rows in view and still jumps, sorts and scrolls to the end', async ({ page }) => {
  await open(page, 'dots.tif');
  await page.locator('[data-testid="pipeline-add"]').selectOption('threshold');
  await page.locator('[data-testid="pipeline-add"]').selectOption('label');
  await page.getByTestId('pipeline-apply').click();
  await expect(page.locator('#status-text')).toContainText('done in');
  const table = page.getByTestId('object-table');
  await expect(table).toHaveAttribute('data-count', '137500', { timeout: 30_000 });
  await settled(page);
  const rows = table.locator('tr[data-label]');
  expect(await rows.count()).toBeLessThan(60);
  await expect(rows.first()).toHaveAttribute('data-label', '1');
  // End in the table: the last object, scrolled into view, and the crosshair on it (x 98, y 98, z 108).
  await rows.first().click();
  await page.keyboard.press('End');
  await settled(page);
  await expect(table.locator('tr[data-label="137500"]')).toHaveAttribute('aria-selected', 'true');
  await expect(table.locator('tr[data-label="137500"]')).toBeInViewport();
  expect(await rows.count()).toBeLessThan(60);
  expect(await hooks(page, (h) => h.cursor())).toMatchObject({ x: 98, y: 98, z: 108 });
  // Sorting by mean intensity (x + 1000: largest at x = 98), largest first.
  await table.locator('th[data-column="mean"]').click();
  await expect(table.locator('th[data-column="mean"]')).toHaveAttribute('data-sort', 'descending');
  // The chosen object stays chosen and in view (the rows around it are the other x = 98 objects) ...
  await expect(table.locator('tr[data-label="137500"]')).toBeInViewport();
  for (const l of await rows.evaluateAll((trs) => trs.map((tr) => Number((tr as HTMLElement).dataset.label)))) expect((l - 1) % 50).toBeGreaterThanOrEqual(48);
  // ... and Home goes to the top of the sorted table: the first x = 98 object, label 50 at (98, 0, 0).
  await page.keyboard.press('Home');
  await settled(page);
  await expect(rows.first()).toHaveAttribute('data-label', '50');
  await expect(table.locator('tr[data-label="50"]')).toHaveAttribute('aria-selected', 'true');
  expect(await hooks(page, (h) => h.cursor())).toMatchObject({ x: 98, y: 0, z: 0 });
  await page.screenshot({ path: 'test-results/filters-ui-100k.png' });
});
