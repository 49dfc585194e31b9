import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { tiffWriter } from '../app/formats/tiff-writer/index';
import type { VolumeMeta } from '../app/model/volume';
import { settled, startHost, type Host } from './host';

/**
 * The browser host as an attacker and a careless user would meet it, in the real browser: a page on
 * another local port, the token in the address bar, reloads that used to leave copies behind.
 */
let host: Host;
let root: string;
let evil: Server;
let evilOrigin = '';

test.beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'vs-e2e-sec-'));
  const meta: VolumeMeta = {
    format: 'tiff', dims: { x: 16, y: 16, z: 2, c: 1, t: 1 }, dtype: 'uint8', spacing: { x: 1, y: 1, z: 1, t: 1 }, unit: '',
    timeUnit: '', channels: [{ name: '', wavelength: null }], scaling: null, affine: null, extra: {}, warnings: [],
  };
  writeFileSync(join(root, 'target.tif'), Buffer.concat(tiffWriter.encode(meta, new Uint8Array(512).fill(7)).map((c) => Buffer.from(c))));
  host = await startHost(root);
  // Another local web server: same site as the host (127.0.0.1), another origin (its own port).
  evil = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>elsewhere</title>');
  });
  await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
  evilOrigin = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  await host?.stop();
  await new Promise((r) => evil?.close(r));
});

async function openTarget(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Open…' }).click();
  await page.getByRole('dialog', { name: 'Open a file' }).getByRole('button', { name: /^target\.tif/ }).click();
  await expect(page.locator('#status-text')).toContainText('target.tif: 16x16x2 uint8 loaded');
}

test('a page on another local port cannot drive the host, even with the host\'s cookie in the browser', async ({ page, context }) => {
  await page.goto(host.url); // the browser now holds the host's cookie
  await settled(page);
  const elsewhere = await context.newPage();
  await elsewhere.goto(evilOrigin);
  // What a page elsewhere can send without a CORS preflight: a text/plain POST, a beacon, a form-like body.
  await elsewhere.evaluate(async (target) => {
    const body = JSON.stringify({ path: 'target.tif' });
    await fetch(`${target}/rpc/openBrowsed`, { method: 'POST', body, credentials: 'include', mode: 'no-cors' }).catch(() => undefined);
    navigator.sendBeacon(`${target}/rpc/openBrowsed`, body);
    await fetch(`${target}/drop?name=x.tif`, { method: 'POST', body: 'II*', credentials: 'include', mode: 'no-cors' }).catch(() => undefined);
    await fetch(`${target}/events`, { credentials: 'include', mode: 'no-cors' }).catch(() => undefined);
  }, host.origin);
  await expect.poll(() => host.stderr()).toMatch(/refused POST \/rpc\/openBrowsed: request from another origin \(http:\/\/127\.0\.0\.1:\d+\)/);
  expect(host.stderr()).toMatch(/refused POST \/drop: request from another origin/);
  expect(host.stderr()).toMatch(/refused GET \/events: request from another origin|refused GET \/events: request from another site/);
  // Nothing was opened on the page's behalf: the recent list is still empty.
  await page.getByRole('button', { name: 'Recent' }).click();
  await expect(page.getByRole('dialog', { name: 'Open recent' })).toContainText('No recent files yet.');
});

test('the token leaves the address bar after the first load, and a reload still works', async ({ page }) => {
  await page.goto(host.url);
  await settled(page);
  expect(page.url()).toBe(`${host.origin}/`); // replaced in place: no history entry keeps the token either
  await page.reload();
  await settled(page);
  await expect(page.locator('#status-text')).toContainText('Ready');
  await openTarget(page);
});

test('a page not asked for with ?voxelscope-test has no test or bench hooks on window', async ({ page }) => {
  await page.goto(host.url);
  await settled(page);
  const hooks = (): Promise<string[]> => page.evaluate(() => ['__voxelscope', '__voxelscopeTest'].filter((k) => k in window));
  expect(await hooks()).toEqual([]);
  await page.goto(`${host.url}&voxelscope-test`);
  await settled(page);
  expect(await hooks()).toEqual(['__voxelscope', '__voxelscopeTest']);
});

test('a reload lets go of the previous page\'s volume; the new page has its own session', async ({ page }) => {
  await page.goto(host.url);
  await settled(page);
  const seen: { url: string; session: string }[] = [];
  page.on('request', (r) => {
    if (/\/volume\/v[0-9a-f]{16}\/data$/.test(r.url())) seen.push({ url: r.url(), session: r.headers()['x-voxelscope-session'] });
  });
  for (let i = 0; i < 3; i++) {
    await openTarget(page);
    await page.reload();
    await settled(page);
  }
  expect(seen).toHaveLength(3);
  expect(new Set(seen.map((s) => s.session)).size).toBe(3);
  // Every earlier page's volume is gone for good (its session ended a few seconds after its reload).
  for (const s of seen) {
    await expect.poll(async () => (await page.request.get(s.url, { headers: { 'X-Voxelscope-Session': s.session } })).status(), { timeout: 10_000 }).toBe(404);
  }
});
