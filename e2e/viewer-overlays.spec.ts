import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { settled, startHost, watchConsole, type Host } from './host';
import { levelBox, openFile, paneControl, setPaneCheck, writeHyperstack } from './viewer-helpers';

/*
 * What is drawn over and beside the views: the scale bar, the zoom indicator, the colorbar; and the
 * keyboard after a panel field, and the drop target.
 */
const X = 64, Y = 48;
/**
 * A bright band 20 voxels wide round the centre (x 22..41): at 0.5 µm per voxel exactly 10 µm, a ruler
 * for the scale bar that stays on screen when zooming about the centre.
 */
const band = (x: number): number => (x >= 22 && x < 42 ? 1000 : 100);
const LONG_NAME = 'Alexa Fluor 488 phalloidin - actin filaments of the lamellipodium';

let host: Host;
let root: string;
test.beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'vs-e2e-overlays-'));
  writeHyperstack(join(root, 'band.tif'), { x: X, y: Y, z: 5, c: 1, t: 1 }, { x: 0.5, y: 0.5, z: 2, t: 1 }, (x) => band(x));
  // Two bands with names (ENVI 'band names'), uint16 band-sequential: band 0 the ruler, band 1 flat.
  const voxels = new Uint16Array(2 * X * Y);
  for (let y = 0; y < Y; y++) for (let x = 0; x < X; x++) [voxels[y * X + x], voxels[X * Y + y * X + x]] = [band(x), 500];
  writeFileSync(join(root, 'named.img'), new Uint8Array(voxels.buffer));
  writeFileSync(join(root, 'named.hdr'), [
    'ENVI', `samples = ${X}`, `lines = ${Y}`, 'bands = 2', 'header offset = 0', 'file type = ENVI Standard',
    'data type = 12', 'interleave = bsq', 'byte order = 0', `band names = {${LONG_NAME}, DAPI}`, '',
  ].join('\n'));
  host = await startHost(root);
});
test.afterAll(async () => host?.stop());

/** On-screen width (CSS px) of the 10 µm band in the XY view. */
async function bandWidth(page: Page): Promise<number> {
  const b = (await levelBox(page, '#slice-canvas', 200, 255))!;
  return b.x1 - b.x0;
}

async function scaleBarOnScreen(page: Page): Promise<{ px: number; text: string }> {
  const bar = page.locator('[data-view="xy"] .scale-bar-line');
  await expect(bar).toBeVisible();
  return { px: (await bar.boundingBox())!.width, text: (await page.locator('[data-view="xy"] .scale-bar-label').textContent())! };
}

test('the scale bar is a round length that measures the image, and follows the zoom; B and the panel toggle it', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(host.url);
  await openFile(page, 'band.tif');
  for (const zoom of [null, '+', '+', '-', '-', '-']) {
    if (zoom) {
      await page.keyboard.press(zoom);
      await settled(page);
    }
    const tenMicrons = await bandWidth(page);
    const bar = await scaleBarOnScreen(page);
    const m = /^(\d+(?:\.\d+)?) µm$/.exec(bar.text);
    expect(m, bar.text).not.toBeNull();
    const length = Number(m![1]);
    expect([1, 2, 5, 10, 20, 50]).toContain(length);
    // The bar is as long on screen as that many micrometres of the image (±1 px of rounding).
    expect(Math.abs(bar.px - (tenMicrons * length) / 10), `${bar.text}: bar ${bar.px} px, 10 µm ${tenMicrons} px`).toBeLessThanOrEqual(1.5);
    // At most a fifth of the view, and no shorter than the next round length down would be.
    const viewWidth = (await page.locator('[data-view="xy"]').boundingBox())!.width;
    expect(bar.px).toBeLessThanOrEqual(viewWidth / 5 + 0.5);
    expect(bar.px).toBeGreaterThan(viewWidth / 5 / 2.5 - 0.5);
  }
  await page.screenshot({ path: 'test-results/screens/scale-bar.png' });
  await page.keyboard.press('b');
  await settled(page);
  await expect(page.locator('[data-view="xy"] .scale-bar')).toBeHidden();
  await expect(paneControl(page, 'navigation-panel', 'scale bar \\(B\\)')).not.toBeChecked();
  await setPaneCheck(page, 'navigation-panel', 'scale bar \\(B\\)', true);
  await expect(page.locator('[data-view="xy"] .scale-bar')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the zoom indicator states screen pixels per image pixel, after fit, keys and the wheel', async ({ page }) => {
  await page.goto(host.url);
  await openFile(page, 'band.tif');
  const zoom = page.locator('[data-view="xy"] .view-zoom');
  const check = async (): Promise<number> => {
    // 20 voxels of the band: its on-screen width / 20 is the zoom.
    const expected = (await bandWidth(page)) / 20;
    const text = (await zoom.textContent())!;
    const shown = Number(/^([\d.]+)%$/.exec(text)![1]) / 100;
    expect(Math.abs(shown - expected) / expected, `${text} for ${expected}`).toBeLessThan(0.01);
    return shown;
  };
  const fitted = await check();
  await page.keyboard.press('+');
  await settled(page);
  expect((await check()) / fitted).toBeCloseTo(1.25, 2);
  const box = (await page.locator('#slice-canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 300);
  await settled(page);
  expect(await check()).toBeLessThan(fitted * 1.25);
  await page.keyboard.press('0');
  await settled(page);
  expect(await check()).toBeCloseTo(fitted, 3);
});

test('after Enter or Escape in a panel field, the next key is a shortcut, not typed into the field', async ({ page }) => {
  await page.goto(host.url);
  await openFile(page, 'band.tif');
  const z = paneControl(page, 'navigation-panel', 'z');
  await z.click();
  await z.fill('4');
  await page.keyboard.press('Enter');
  await settled(page);
  await expect(page.locator('[data-view="xy"] .view-corner')).toContainText('z 4/5');
  await expect(z).not.toBeFocused();
  await expect(page.locator('[data-view="xy"]')).toBeFocused();
  await page.keyboard.press('O');
  await settled(page);
  await expect(page.locator('#views')).toHaveAttribute('data-layout', 'ortho');
  await expect(z).toHaveValue('4');
  // Escape leaves the field with its old value.
  await z.click();
  await z.fill('2');
  await page.keyboard.press('Escape');
  await settled(page);
  await expect(z).toHaveValue('4');
  await expect(page.locator('[data-view="xy"] .view-corner')).toContainText('z 4/5');
  await page.keyboard.press('o');
  await settled(page);
  await expect(page.locator('#views')).toHaveAttribute('data-layout', 'single-xy');
  // The same for the Display panel's number fields.
  const max = paneControl(page, 'display-panel', 'max');
  await max.click();
  await max.fill('900');
  await page.keyboard.press('Enter');
  await page.keyboard.press('2');
  await settled(page);
  await expect(page.locator('#views')).toHaveAttribute('data-layout', 'single-xz');
  await expect(max).toHaveValue('900');
  // Escape leaves a list too (it keeps its arrow keys while focused).
  const layout = paneControl(page, 'navigation-panel', 'layout');
  await layout.focus();
  await page.keyboard.press('Escape');
  await expect(layout).not.toBeFocused();
  await page.keyboard.press('1');
  await settled(page);
  await expect(page.locator('#views')).toHaveAttribute('data-layout', 'single-xy');
});

test('dragging files over the window shows a drop target until they are dropped, leave or Escape', async ({ page }) => {
  await page.goto(host.url);
  await settled(page);
  const overlay = page.getByTestId('drop-overlay');
  await expect(overlay).toBeHidden();
  const bytes = [...readFileSync(join(root, 'band.tif'))];
  const dt = await page.evaluateHandle((data) => {
    const t = new DataTransfer();
    t.items.add(new File([new Uint8Array(data)], 'dropped-band.tif'));
    return t;
  }, bytes);
  const fire = (type: string, selector: string) => page.dispatchEvent(selector, type, { dataTransfer: dt });
  await fire('dragenter', '#view');
  await expect(overlay).toBeVisible();
  await expect(overlay).toContainText('Drop files to open');
  await expect(overlay).toContainText('a .hdr with its .img together');
  await page.screenshot({ path: 'test-results/screens/drop-overlay.png' });
  // Moving onto a child enters it before leaving the parent: the target stays.
  await fire('dragenter', '#panel');
  await fire('dragleave', '#view');
  await expect(overlay).toBeVisible();
  await fire('dragleave', '#panel');
  await expect(overlay).toBeHidden();
  await fire('dragenter', '#view');
  await expect(overlay).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(overlay).toBeHidden();
  // A text drag (no files) shows nothing.
  const text = await page.evaluateHandle(() => {
    const t = new DataTransfer();
    t.setData('text/plain', 'hello');
    return t;
  });
  await page.dispatchEvent('#view', 'dragenter', { dataTransfer: text });
  await expect(overlay).toBeHidden();
  await fire('dragenter', '#view');
  await expect(overlay).toBeVisible();
  await fire('drop', '#view');
  await expect(overlay).toBeHidden();
  await expect(page.locator('#status-text')).toContainText('dropped-band.tif: 64x48x5 uint16 loaded');
});

test('the colorbar sits beside the views, never over an image; long names are cut, with the full name as a tooltip', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(host.url);
  await openFile(page, 'named.hdr');
  // Single-channel mode, so the bar shows the current channel with its name.
  await page.keyboard.press('c');
  await page.keyboard.press('o');
  await settled(page);
  const bar = page.locator('#colorbar');
  await expect(bar).toBeVisible();
  const b = (await bar.boundingBox())!;
  for (const v of ['xy', 'xz', 'yz']) {
    const cell = (await page.locator(`[data-view="${v}"]`).boundingBox())!;
    const overlap = Math.min(b.x + b.width, cell.x + cell.width) - Math.max(b.x, cell.x) > 0
      && Math.min(b.y + b.height, cell.y + cell.height) - Math.max(b.y, cell.y) > 0;
    expect(overlap, `colorbar ${JSON.stringify(b)} over the ${v} view ${JSON.stringify(cell)}`).toBe(false);
  }
  // The title drawn on the bar is cut to its width; the whole name is its tooltip.
  await expect(bar.locator('.vs-colorbar')).toHaveAttribute('title', LONG_NAME);
  // The corner names the channel; in the narrow YZ view the line is cut with an ellipsis and keeps its text as a tooltip.
  const line = page.locator('[data-view="yz"] .view-corner-line', { hasText: 'c 1/2' });
  await expect(line).toHaveAttribute('title', `c 1/2  ${LONG_NAME}`);
  const cut = await line.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, overflow: getComputedStyle(el).textOverflow }));
  expect(cut.scroll).toBeGreaterThan(cut.client);
  expect(cut.overflow).toBe('ellipsis');
  await page.screenshot({ path: 'test-results/screens/colorbar-beside.png' });
  expect(errors).toEqual([]);
});
