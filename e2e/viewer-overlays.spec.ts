import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { settled, startHost, watchConsole, type Host } from './host';
import { levelBox, openFile, paneControl, setPaneCheck, writeHyperstack } from './viewer-helpers';

/* What is drawn over the views: the scale bar and the zoom indicator. */
const X = 64, Y = 48;
/**
 * A bright band 20 voxels wide round the centre (x 22..41): at 0.5 µm per voxel exactly 10 µm, a ruler
 * for the scale bar that stays on screen when zooming about the centre.
 */
const band = (x: number): number => (x >= 22 && x < 42 ? 1000 : 100);

let host: Host;
test.beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'vs-e2e-overlays-'));
  writeHyperstack(join(root, 'band.tif'), { x: X, y: Y, z: 5, c: 1, t: 1 }, { x: 0.5, y: 0.5, z: 2, t: 1 }, (x) => band(x));
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
