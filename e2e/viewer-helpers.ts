import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { tiffWriter } from '../app/formats/tiff-writer/index';
import type { Dims, Spacing, VolumeMeta } from '../app/model/volume';
import { settled } from './host';

/** Writes an ImageJ hyperstack (uint16) whose voxel values come from f(x, y, z, c, t). */
export function writeHyperstack(path: string, dims: Dims, spacing: Spacing, f: (x: number, y: number, z: number, c: number, t: number) => number, channels?: VolumeMeta['channels']): void {
  const { x: X, y: Y, z: Z, c: C, t: T } = dims;
  const vox = new Uint16Array(X * Y * Z * C * T);
  let i = 0;
  for (let t = 0; t < T; t++) for (let c = 0; c < C; c++) for (let z = 0; z < Z; z++) for (let y = 0; y < Y; y++) for (let x = 0; x < X; x++) vox[i++] = f(x, y, z, c, t);
  const meta: VolumeMeta = {
    format: 'imagej-tiff', dims, dtype: 'uint16', spacing, unit: 'um', timeUnit: 's',
    channels: channels ?? Array.from({ length: C }, () => ({ name: '', wavelength: null })), scaling: null, affine: null, extra: {}, warnings: [],
  };
  writeFileSync(path, Buffer.concat(tiffWriter.encode(meta, new Uint8Array(vox.buffer)).map((c) => Buffer.from(c))));
}

export function fixture(dir: string, name: string): string {
  return join(dir, name);
}

/** Opens a file from the served folder through the Open dialog and waits until it is loaded and drawn. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Open…' }).click();
  await page.getByRole('dialog', { name: 'Open a file' }).getByRole('button', { name: new RegExp(`^${name.replace(/[.+]/g, '\\$&')}`) }).click();
  await expect(page.locator('#status-text')).toContainText(`${name}: `);
  await expect(page.locator('#status-text')).toContainText('loaded');
  await settled(page);
}

/** The input of a tweakpane control, found by its panel and label. */
export function paneControl(page: Page, panel: string, label: string): Locator {
  return page.locator(`[data-testid="${panel}"] .tp-lblv`).filter({ has: page.locator('.tp-lblv_l', { hasText: new RegExp(`^${label}$`) }) }).locator('input, select').first();
}

export async function setPaneText(page: Page, panel: string, label: string, value: string): Promise<void> {
  const input = paneControl(page, panel, label);
  await input.fill(value);
  await input.press('Enter');
  await settled(page);
}

/** RGBA at CSS pixel (x, y) of a canvas (WebGL or 2D), read back from its drawing buffer. */
export function pixelOf(page: Page, selector: string, x: number, y: number): Promise<number[]> {
  return page.evaluate(
    ([sel, px, py]) => {
      const c = document.querySelector<HTMLCanvasElement>(sel as string)!;
      const ctx = Object.assign(document.createElement('canvas'), { width: c.width, height: c.height }).getContext('2d')!;
      ctx.drawImage(c, 0, 0);
      const r = c.width / c.clientWidth;
      return [...ctx.getImageData(Math.floor((px as number) * r), Math.floor((py as number) * r), 1, 1).data];
    },
    [selector, x, y] as const,
  );
}

/** Bounding box (CSS px) of the pixels of a canvas brighter than the background. */
export function brightBox(page: Page, selector: string): Promise<{ x0: number; y0: number; x1: number; y1: number }> {
  return page.evaluate((sel) => {
    const c = document.querySelector<HTMLCanvasElement>(sel)!;
    const ctx = Object.assign(document.createElement('canvas'), { width: c.width, height: c.height }).getContext('2d')!;
    ctx.drawImage(c, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
    for (let y = 0; y < c.height; y++) for (let x = 0; x < c.width; x++) {
      if (d[4 * (x + c.width * y)] > 128) {
        x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
      }
    }
    const r = c.width / c.clientWidth;
    return { x0: x0 / r, y0: y0 / r, x1: (x1 + 1) / r, y1: (y1 + 1) / r };
  }, selector);
}

/**
 * CSS position (relative to the canvas) of the centre of plane pixel (col, row) in a fitted view: the
 * view fits the plane's physical size at 95%, centred. Computed here independently of the app's code.
 */
export async function planePixelCenter(page: Page, selector: string, plane: { w: number; h: number; px: number; py: number }, col: number, row: number): Promise<[number, number]> {
  const box = (await page.locator(selector).boundingBox())!;
  const pw = plane.w * plane.px, ph = plane.h * plane.py;
  const s = Math.min(box.width / pw, box.height / ph) * 0.95;
  const left = (box.width - pw * s) / 2, top = (box.height - ph * s) / 2;
  return [left + (col + 0.5) * plane.px * s, top + (row + 0.5) * plane.py * s];
}

/** Clicks at a CSS position relative to an element. */
export async function clickAt(page: Page, selector: string, x: number, y: number, options: { button?: 'left' | 'right' | 'middle' } = {}): Promise<void> {
  const box = (await page.locator(selector).boundingBox())!;
  await page.mouse.click(box.x + x, box.y + y, options);
}

/** Drags from one CSS position to another, relative to an element. */
export async function dragIn(page: Page, selector: string, from: [number, number], to: [number, number], button: 'left' | 'right' = 'left'): Promise<void> {
  const box = (await page.locator(selector).boundingBox())!;
  await page.mouse.move(box.x + from[0], box.y + from[1]);
  await page.mouse.down({ button });
  await page.mouse.move(box.x + (from[0] + to[0]) / 2, box.y + (from[1] + to[1]) / 2, { steps: 3 });
  await page.mouse.move(box.x + to[0], box.y + to[1], { steps: 3 });
  await page.mouse.up({ button });
}

/** Chooses an option of a tweakpane list by its visible text. */
export async function choosePane(page: Page, panel: string, label: string, option: string): Promise<void> {
  await paneControl(page, panel, label).selectOption({ label: option });
  await settled(page);
}

/** The visible text of a tweakpane list's current option. */
export function paneChoice(page: Page, panel: string, label: string): Promise<string> {
  return paneControl(page, panel, label).evaluate((s) => (s as HTMLSelectElement).selectedOptions[0]?.text ?? '');
}

/** Sets a tweakpane checkbox (its input is visually hidden behind a styled box, so it is clicked directly). */
export async function setPaneCheck(page: Page, panel: string, label: string, on: boolean): Promise<void> {
  await paneControl(page, panel, label).evaluate((el, want) => {
    const input = el as HTMLInputElement;
    if (input.checked !== want) input.click();
  }, on);
  await settled(page);
}

/** Bounding box (CSS px) of the pixels of a canvas whose red channel lies in [lo, hi]; null when there are none. */
export function levelBox(page: Page, selector: string, lo: number, hi: number): Promise<{ x0: number; y0: number; x1: number; y1: number; cx: number; cy: number } | null> {
  return page.evaluate(([sel, a, b]) => {
    const c = document.querySelector<HTMLCanvasElement>(sel as string)!;
    const ctx = Object.assign(document.createElement('canvas'), { width: c.width, height: c.height }).getContext('2d')!;
    ctx.drawImage(c, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
    for (let y = 0; y < c.height; y++) for (let x = 0; x < c.width; x++) {
      const v = d[4 * (x + c.width * y)];
      if (v >= (a as number) && v <= (b as number)) {
        x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
      }
    }
    if (x1 < 0) return null;
    const r = c.width / c.clientWidth;
    return { x0: x0 / r, y0: y0 / r, x1: (x1 + 1) / r, y1: (y1 + 1) / r, cx: (x0 + x1 + 1) / 2 / r, cy: (y0 + y1 + 1) / 2 / r };
  }, [selector, lo, hi] as const);
}

/**
 * A digest of every pixel of a canvas (FNV-1a over the RGBA bytes) with its size, to compare two
 * renderings exactly, and the count of pixels brighter than the background so a blank canvas shows.
 */
export function canvasDigest(page: Page, selector: string): Promise<{ width: number; height: number; hash: number; lit: number }> {
  return page.evaluate((sel) => {
    const c = document.querySelector<HTMLCanvasElement>(sel)!;
    const ctx = Object.assign(document.createElement('canvas'), { width: c.width, height: c.height }).getContext('2d')!;
    ctx.drawImage(c, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let hash = 0x811c9dc5;
    let lit = 0;
    for (let i = 0; i < d.length; i++) {
      hash = Math.imul(hash ^ d[i], 0x01000193) >>> 0;
      if (i % 4 === 0 && d[i] > 40) lit++;
    }
    return { width: c.width, height: c.height, hash, lit };
  }, selector);
}
