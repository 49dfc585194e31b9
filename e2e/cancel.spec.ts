import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { tiffWriter } from '../app/formats/tiff-writer/index';
import type { VolumeMeta } from '../app/model/volume';
import { canvasPixel, settled, startHost, watchConsole, type Host } from './host';
import { writeSlowTiff } from './slow-tiff';

/**
 * Cancel, for real: a 2048 x 2048 x 32 stack of 16 x 16 deflate tiles takes some 20 s to decode on two
 * cores (about a second per plane), so the test can watch planes arrive, press Cancel in the status
 * bar, and check that loading stops, that the host lets go of the volume, and that the app still opens
 * and shows the next file correctly.
 */
const SLOW = { x: 2048, y: 2048, z: 32 };
const SMALL = { x: 40, y: 30 };

let host: Host;
let root: string;
test.beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'vs-e2e-cancel-'));
  writeSlowTiff(join(root, 'slow.tif'), SLOW.x, SLOW.y, SLOW.z);
  writeSmall(join(root, 'small.tif'));
  host = await startHost(root);
});
test.afterAll(async () => {
  await host?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** 40 x 30 x 1 uint8: left half 10, right half 250 (gray 0 and 255 once the range is set to min..max). */
function writeSmall(path: string): void {
  const v = new Uint8Array(SMALL.x * SMALL.y);
  for (let y = 0; y < SMALL.y; y++) for (let x = 0; x < SMALL.x; x++) v[x + SMALL.x * y] = x < SMALL.x / 2 ? 10 : 250;
  const meta: VolumeMeta = {
    format: 'tiff', dims: { ...SMALL, z: 1, c: 1, t: 1 }, dtype: 'uint8', spacing: { x: 1, y: 1, z: 1, t: 1 }, unit: '',
    timeUnit: '', channels: [{ name: '', wavelength: null }], scaling: null, affine: null, extra: {}, warnings: [],
  };
  writeFileSync(path, Buffer.concat(tiffWriter.encode(meta, v).map((c) => Buffer.from(c))));
}

async function openThroughBrowser(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Open…' }).click();
  await page.getByRole('dialog', { name: 'Open a file' }).getByRole('button', { name: new RegExp(`^${name}`) }).click();
}

/** The host's CPU time so far in seconds (Linux /proc), or null elsewhere. */
function hostCpuSeconds(pid: number): number | null {
  if (!existsSync(`/proc/${pid}/stat`)) return null;
  // /proc/PID/stat: fields after the command name; utime and stime are the 12th and 13th of those.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * The host's anonymous memory mappings about `bytes` long (Linux /proc/PID/smaps): a volume's
 * SharedArrayBuffer is one such mapping, so this sees the volume's memory apart from everything else
 * (the decode threads' own heaps grow and shrink on their own). Huge-page advice splits a mapping into
 * adjacent pieces (unaligned head, huge-page middle, tail), so touching anonymous pieces are joined.
 * Start address -> resident bytes.
 */
function volumeMappings(pid: number, bytes: number): Map<string, number> | null {
  if (!existsSync(`/proc/${pid}/smaps`)) return null;
  const regions: { start: string; end: bigint; size: number; rss: number }[] = [];
  let current: { start: bigint; end: bigint; anon: boolean } | null = null;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      // Readable and writable, no file behind it (guard pages and heaps' reserves are not data).
      current = { start: BigInt(`0x${head[1]}`), end: BigInt(`0x${head[2]}`), anon: head[4] === '' && head[3].startsWith('rw') };
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (!rss || !current?.anon) continue;
    const last = regions[regions.length - 1];
    const size = Number(current.end - current.start);
    if (last && BigInt(`0x${last.start}`) + BigInt(last.size) === current.start) {
      last.size += size;
      last.rss += Number(rss[1]) * 1024;
    } else {
      regions.push({ start: current.start.toString(16), end: current.end, size, rss: Number(rss[1]) * 1024 });
    }
  }
  const out = new Map<string, number>();
  for (const r of regions) if (r.size >= bytes && r.size < bytes + (4 << 20)) out.set(r.start, r.rss);
  return out;
}

const planesShown = async (page: Page): Promise<number> =>
  Number(/: (\d+) of \d+ planes/.exec((await page.locator('#status-text').textContent()) ?? '')?.[1] ?? 0);

/** Opens the slow stack, waits for a few planes, presses Cancel and checks the status bar. */
async function cancelSlowLoad(page: Page): Promise<{ shown: number; volumeUrl: string; session: string }> {
  const dataRequest = page.waitForRequest(/\/volume\/v[0-9a-f]{16}\/data$/);
  await openThroughBrowser(page, 'slow.tif');
  const request = await dataRequest;
  // Planes arrive while the rest decodes: wait for a few (about a second each), then cancel.
  await expect(page.locator('#cancel')).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => planesShown(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(4);
  await page.locator('#cancel').click();
  const status = page.locator('#status-text');
  await expect(status).toContainText(/Loading slow\.tif cancelled; \d+ of 32 planes are shown/);
  const shown = Number(/(\d+) of 32/.exec((await status.textContent())!)![1]);
  expect(shown).toBeGreaterThanOrEqual(4);
  expect(shown).toBeLessThan(SLOW.z);
  await expect(page.locator('#progress')).toBeHidden();
  await expect(page.locator('#cancel')).toBeHidden();
  return { shown, volumeUrl: request.url(), session: request.headers()['x-voxelscope-session'] };
}

/** The app stays usable after a cancel: the next file opens and shows the right pixels. */
async function openSmallAndCheck(page: Page): Promise<void> {
  await openThroughBrowser(page, 'small.tif');
  await expect(page.locator('#status-text')).toContainText('small.tif: 40x30x1 uint8 loaded');
  await settled(page);
  const box = (await page.locator('#slice-canvas').boundingBox())!;
  const s = Math.min(box.width / SMALL.x, box.height / SMALL.y) * 0.95;
  const left = (box.width - SMALL.x * s) / 2, top = (box.height - SMALL.y * s) / 2;
  for (const [x, want] of [[5, 0], [34, 255]]) {
    const [r, g, b] = await canvasPixel(page, left + (x + 0.5) * s, top + 15.5 * s);
    expect(Math.abs(r - want), `voxel ${x},15`).toBeLessThanOrEqual(1);
    expect([g, b]).toEqual([r, r]);
  }
}

test('Cancel stops a slow load, the host drops the volume, and the next file opens correctly', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchConsole(page);
  await page.goto(host.url);
  await settled(page);
  const { volumeUrl, session } = await cancelSlowLoad(page);
  // The host dropped the cancelled volume: its data is gone for its own page, not merely no longer sent.
  expect(session).toMatch(/^s[0-9a-f]{32}$/);
  await expect.poll(async () => (await page.request.get(volumeUrl, { headers: { 'X-Voxelscope-Session': session } })).status()).toBe(404);
  await openSmallAndCheck(page);
  await page.screenshot({ path: 'test-results/screens/cancelled-then-small.png' });
  expect(errors).toEqual([]);
});

test('after Cancel the host stops decoding and gives the volume\'s memory back', async ({ page }) => {
  test.skip(process.platform !== 'linux', 'reads the host\'s CPU time and memory mappings from /proc (Linux only)');
  test.setTimeout(90_000);
  await page.goto(host.url);
  await settled(page);
  const pid = host.proc.pid!;
  const volumeBytes = SLOW.x * SLOW.y * SLOW.z;
  // The first test cancelled a volume of this very size. Its buffer may still be mapped: kept by the
  // host's buffer pool when its decoders finished after the next file's open had emptied the pool (under
  // load), or not yet unmapped by the garbage collector. This volume's buffer could then be that one,
  // or a new mapping joined to it, and not be told apart: wait until the host has given it back.
  await expect.poll(() => volumeMappings(pid, volumeBytes)!.size, { timeout: 40_000 }).toBe(0);
  const { shown } = await cancelSlowLoad(page);

  // No decoding goes on behind the page's back: the host (two busy decode threads until now) idles.
  const cpu0 = hostCpuSeconds(pid)!;
  await new Promise((r) => setTimeout(r, 1000)); // an observation window, not a wait for the app
  expect(hostCpuSeconds(pid)! - cpu0, 'host CPU seconds in the second after Cancel').toBeLessThan(0.3);
  // The cancelled volume's buffer: one mapping of its size (there was none before), holding the planes decoded so far.
  const mappedAtCancel = volumeMappings(pid, volumeBytes)!;
  const cancelled = [...mappedAtCancel.keys()];
  expect(cancelled).toHaveLength(1);
  expect(mappedAtCancel.get(cancelled[0])!, 'resident bytes of the cancelled volume').toBeGreaterThanOrEqual(shown * SLOW.x * SLOW.y);

  await openSmallAndCheck(page);
  // The host kept the released buffer for a moment in case a volume of its size came next; the small
  // file does not fit it, so it was given back to the system.
  expect(volumeMappings(pid, volumeBytes)!.has(cancelled[0]), 'the cancelled volume is still mapped').toBe(false);
});

test('while a stack streams in, the slice the user moves to comes next and is drawn long before the rest', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchConsole(page);
  await page.goto(host.url);
  await settled(page);
  await openThroughBrowser(page, 'slow.tif');
  await expect.poll(() => planesShown(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  await page.locator('#slice-canvas').click();
  await page.keyboard.press('End'); // the last slice: in order it would come last, some 20 s from now
  const corner = page.locator('[data-view="xy"] .view-corner');
  await expect(corner).toContainText(`z ${SLOW.z}/${SLOW.z}`);
  await expect(corner).not.toContainText('loading', { timeout: 15_000 });
  const shown = await planesShown(page);
  expect(shown, 'planes in when the last slice was drawn').toBeLessThan(SLOW.z - 4);
  // It is the last plane's pixels: tile (0, 0) of z = 31 holds (0 + 0 + 3 * 31) & 255 = 93, in the
  // range the first plane set (0 .. 254).
  const box = (await page.locator('#slice-canvas').boundingBox())!;
  const s = Math.min(box.width / SLOW.x, box.height / SLOW.y) * 0.95;
  const left = (box.width - SLOW.x * s) / 2, top = (box.height - SLOW.y * s) / 2;
  const [r] = await canvasPixel(page, left + 8 * s, top + 8 * s);
  expect(Math.abs(r - Math.round((255 * 93) / 254))).toBeLessThanOrEqual(1);
  // The orthogonal views fill in as planes arrive: the XZ view shows the rows of the z planes that are
  // in (the last one among them) while it still says it is loading.
  await page.keyboard.press('o');
  const xz = page.locator('[data-view="xz"] .view-corner');
  await expect(xz).toContainText('loading');
  await expect.poll(() => page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('#slice-canvas-xz')!;
    const ctx = Object.assign(document.createElement('canvas'), { width: c.width, height: c.height }).getContext('2d')!;
    ctx.drawImage(c, 0, 0);
    const px = ctx.getImageData(0, 0, c.width, c.height).data;
    let lit = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i] > 40) lit++;
    return lit;
  }), { timeout: 10_000 }).toBeGreaterThan(100);
  await expect(xz).toContainText('loading');
  await page.screenshot({ path: 'test-results/screens/ortho-filling-in.png' });
  await page.locator('#cancel').click();
  await expect(page.locator('#status-text')).toContainText('cancelled');
  expect(errors).toEqual([]);
});
