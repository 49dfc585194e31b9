import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { type Host, pageRpc, pageSession, startHost } from './host';

/**
 * The real browser host reads nothing outside --root: an ENVI header whose data file is a link out of
 * the root is refused (its bytes never reach the page), the file browser shows no link that leads out,
 * and Open Recent neither lists nor opens a file outside the root, even one from an earlier run.
 */
const header = 'ENVI\nsamples = 4\nlines = 4\nbands = 1\nheader offset = 0\ndata type = 1\ninterleave = bsq\nbyte order = 0\n';

let host: Host;
let work: string;
test.beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'vs-e2e-confine-'));
  const root = join(work, 'root');
  const outside = join(work, 'outside');
  const config = join(work, 'config');
  for (const d of [root, outside, config, join(root, 'data')]) mkdirSync(d);
  writeFileSync(join(outside, 'secret'), new Uint8Array(16).fill(0x5a));
  writeFileSync(join(root, 'cube.hdr'), header);
  symlinkSync(join(outside, 'secret'), join(root, 'cube'));
  symlinkSync(join(outside, 'secret'), join(root, 'leak.raw'));
  writeFileSync(join(root, 'inside.hdr'), header);
  writeFileSync(join(root, 'data', 'inside.raw'), new Uint8Array(16).map((_, i) => i * 10));
  symlinkSync(join(root, 'data', 'inside.raw'), join(root, 'inside'));
  // A recent list left by an earlier run (or by the desktop app) naming a file outside this root.
  writeFileSync(join(config, 'recent-files.json'), JSON.stringify([{ id: 'r000000000001', name: 'secret.hdr', path: join(outside, 'secret.hdr'), openedAt: new Date().toISOString() }]));
  writeFileSync(join(outside, 'secret.hdr'), header);
  host = await startHost(root, [], { VOXELSCOPE_CONFIG_DIR: config });
});
test.afterAll(async () => {
  await host?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function browserEntries(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: 'Open…' }).click();
  const dlg = page.getByRole('dialog', { name: 'Open a file' });
  await expect(dlg.getByRole('button', { name: /^inside\.hdr/ })).toBeVisible();
  return (await dlg.locator('.file-entry').allTextContents()).map((t) => t.trim());
}

test('an ENVI header whose data file is a link out of the root is refused; one linked inside opens', async ({ page }) => {
  await page.goto(host.url);
  await browserEntries(page);
  await page.getByRole('dialog', { name: 'Open a file' }).getByRole('button', { name: /^cube\.hdr/ }).click();
  const dlg = page.getByRole('dialog', { name: 'Could not open the file' });
  await expect(dlg).toContainText('cube: outside the served root');
  await dlg.getByRole('button', { name: 'Close' }).click();
  await browserEntries(page);
  await page.getByRole('dialog', { name: 'Open a file' }).getByRole('button', { name: /^inside\.hdr/ }).click();
  await expect(page.locator('#status-text')).toContainText('inside.hdr');
  await expect(page.locator('#status-text')).toContainText('loaded');
});

test('the file browser lists no link that leads out of the root', async ({ page }) => {
  await page.goto(host.url);
  const names = await browserEntries(page);
  expect(names.some((n) => n.startsWith('leak.raw'))).toBe(false);
  expect(names.some((n) => /^cube(?!\.hdr)/.test(n))).toBe(false);
  expect(names.some((n) => /^inside(?!\.hdr)/.test(n))).toBe(true);
});

test('Open Recent lists no file outside the root, and the host refuses to open one', async ({ page }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Recent' }).click();
  const dlg = page.getByRole('dialog', { name: 'Open recent' });
  await expect(dlg).toContainText(/No recent files yet\.|inside\.hdr/);
  await expect(dlg).not.toContainText('secret.hdr');
  // The page cannot name that entry by id either.
  const r = await pageRpc(page, await pageSession(page), 'openRecent', { id: 'r000000000001' });
  expect(r.body).toMatchObject({ ok: false, error: { code: 'not-found' } });
});
