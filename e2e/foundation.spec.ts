import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { malformedRequests } from '../app/ipc/malformed-fixtures';
import { methodNames } from '../app/ipc/contract';
import { pageRpc, pageSession, settled, startHost, watchConsole, type Host } from './host';

let host: Host;
test.beforeAll(async () => {
  host = await startHost(mkdtempSync(join(tmpdir(), 'vs-e2e-root-')));
});
test.afterAll(async () => host?.stop());

test('the app frame loads with no console errors and is cross-origin isolated', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(host.url);
  await settled(page);
  await expect(page.locator('#appbar .logo')).toHaveText('Voxelscope');
  await expect(page.locator('#panel .tp-rotv')).toBeVisible(); // tweakpane mounted
  await expect(page.locator('#slice-canvas')).toBeVisible();
  await expect(page.locator('#status-text')).toContainText('Ready');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
  await page.screenshot({ path: 'test-results/screens/frame.png' });
  expect(errors).toEqual([]);
});

test("the app's Web Worker reads the page's SharedArrayBuffer without a copy", async ({ page }) => {
  await page.goto(host.url);
  await settled(page);
  const result = await page.evaluate(async () => {
    const data = new SharedArrayBuffer(8);
    const view = new Uint16Array(data);
    view.set([7, 3, 900, 20]);
    // The job pool's worker, running a statistics job by the pool's own messages.
    const w = new Worker('/job.worker.js', { type: 'module' });
    let job = 0;
    const run = (): Promise<{ min: number; max: number }[]> => new Promise((ok, fail) => {
      w.onmessage = (e) => (e.data.type === 'result' ? ok(e.data.value) : fail(new Error(e.data.message)));
      w.onerror = (e) => fail(new Error(e.message));
      job++;
      const payload = { sab: data, dims: { x: 4, y: 1, z: 1, c: 1, t: 1 }, dtype: 'uint16', values: { scaling: null, complex: 'magnitude' }, bins: 16 };
      w.postMessage({ type: 'run', job, kind: 'channel-stats', payload, cancel: new SharedArrayBuffer(4), progress: false });
      w.postMessage({ type: 'input', job, payload: { finish: true } });
    });
    const first = await run();
    // Writing the shared memory in the page changes what the worker sees: the buffer is shared, not copied.
    view[2] = 1000;
    const second = await run();
    w.terminate();
    return [first[0].min, first[0].max, second[0].max];
  });
  expect(result).toEqual([3, 900, 1000]);
});

test('every request without the per-run token gets 403', async ({ playwright }) => {
  const bare = await playwright.request.newContext(); // no cookie jar from the page
  for (const path of ['/', '/index.html', '/main.js', '/events', '/volume/v0123456789abcdef/data']) {
    expect((await bare.get(host.origin + path)).status(), path).toBe(403);
  }
  expect((await bare.post(host.origin + '/rpc/appInfo', { data: {} })).status()).toBe(403);
  expect((await bare.get(`${host.origin}/?token=${'0'.repeat(48)}`)).status()).toBe(403);
  expect((await bare.get(`${host.origin}/?token=${host.token}`)).status()).toBe(200);
  // A page on another name (DNS rebinding) is refused even with the token.
  expect((await bare.get(`${host.origin}/?token=${host.token}`, { headers: { Host: 'attacker.example:80' } })).status()).toBe(403);
  await bare.dispose();
});

test('malformed contract messages are rejected by the host', async ({ page }) => {
  await page.goto(host.url);
  await settled(page);
  const session = await pageSession(page);
  for (const m of malformedRequests) {
    const r = await pageRpc(page, session, m.method, m.payload);
    expect(r.status, m.why).toBe(400);
    expect(r.body.ok, m.why).toBe(false);
  }
  // Every method of the contract is known to the host: a payload of the wrong shape is refused as such,
  // not as an unknown method; a well-formed call works, so the refusals above are about the payloads.
  for (const method of methodNames) {
    const r = await pageRpc(page, session, method, 'not an object');
    expect(r.body.error?.code, method).toBe('invalid-request');
  }
  expect((await pageRpc(page, session, 'noSuchMethod', {})).body.error?.code).toBe('unknown-method');
  const ok = await pageRpc(page, session, 'appInfo', {});
  expect(ok.body.ok).toBe(true);
  expect((ok.body.value as { host: string }).host).toBe('browser');
});

test('Ctrl+O opens the in-app file browser over --root, and About shows versions', async ({ page }) => {
  await page.goto(host.url);
  await settled(page);
  await page.keyboard.press('Control+o');
  await expect(page.getByRole('dialog', { name: 'Open a file' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'About' }).click();
  await expect(page.getByRole('dialog', { name: 'About Voxelscope' })).toContainText('cross-origin isolated: true');
});
