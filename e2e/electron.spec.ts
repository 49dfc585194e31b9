import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { METHOD_NAMES } from '../app/ipc/names';
import { REPO } from './host';
// @ts-expect-error plain .mjs helper shared with scripts/start.mjs
import { electronBinary } from '../scripts/electron-binary.mjs';

const bin: string | null = electronBinary();

/** The desktop app itself. Runs where an Electron binary exists; reported as skipped, with why, where not. */
test.describe('Electron app', () => {
  test.skip(!bin, 'no Electron binary on this machine (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1); the same renderer is tested through the browser host');

  test('window is sandboxed and cross-origin isolated, and the preload exposes exactly the contract', async () => {
    const app = await electron.launch({ executablePath: bin!, args: [join(REPO, 'dist/main/electron-main.mjs')] });
    const page = await app.firstWindow();
    await expect(page.locator('html')).toHaveAttribute('data-render-state', 'settled', { timeout: 30_000 });
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    const exposed = await page.evaluate(() => Object.keys((window as unknown as { voxelscope: { methods: object } }).voxelscope.methods).sort());
    expect(exposed).toEqual([...METHOD_NAMES].sort());
    // Context isolation: the page sees the exposed contract object but none of the preload's own scope.
    expect(await page.evaluate(() => typeof (globalThis as { ipcRenderer?: unknown }).ipcRenderer)).toBe('undefined');
    // A malformed message through the real preload is refused by the host.
    const r = await page.evaluate(() => (window as unknown as { voxelscope: { methods: Record<string, (p: unknown) => Promise<{ ok: boolean }>> } }).voxelscope.methods.openBrowsed({ path: '/etc/passwd' }));
    expect(r.ok).toBe(false);
    await app.close();
  });
});
