import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { METHOD_NAMES } from '../app/ipc/names';
import { REPO, settled } from './host';
import { writeHyperstack } from './viewer-helpers';
// @ts-expect-error plain .mjs helper shared with scripts/start.mjs
import { electronBinary } from '../scripts/electron-binary.mjs';

const bin: string | null = electronBinary();

/** 64x48x6 uint16 = 36,864 bytes: a 20,000-byte budget fits every 2nd plane (18,432 bytes). */
let data = '';
let stack = '';
test.beforeAll(() => {
  data = mkdtempSync(join(tmpdir(), 'vs-electron-data-'));
  stack = join(data, 'quadrants.tif');
  writeHyperstack(stack, { x: 64, y: 48, z: 6, c: 1, t: 1 }, { x: 0.5, y: 0.5, z: 2, t: 1 }, (x, y, z) => (x >= 32 ? 1000 : 0) + (y >= 24 ? 500 : 0) + 10 * z);
});

/**
 * Starts the app as `npm start` does (Electron on the app folder) with its own settings folder, so
 * tests share no recent list and no single-instance lock with each other or with a running app.
 */
async function launch(files: string[] = [], env: Record<string, string> = {}): Promise<{ app: ElectronApplication; page: Page; config: string }> {
  const config = mkdtempSync(join(tmpdir(), 'vs-electron-config-'));
  const app = await electron.launch({ executablePath: bin!, args: [REPO, ...files], cwd: REPO, env: { ...process.env, VOXELSCOPE_CONFIG_DIR: config, ...env } as Record<string, string> });
  const page = await app.firstWindow();
  await settled(page);
  return { app, page, config };
}

/** The desktop app itself. Runs where an Electron binary exists; reported as skipped, with why, where not. */
test.describe('Electron app', () => {
  test.skip(!bin, 'no Electron binary on this machine (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1); the same renderer is tested through the browser host');

  test('the window is shown, sandboxed and cross-origin isolated, named Voxelscope, and the preload exposes exactly the contract', async () => {
    const { app, page, config } = await launch();
    try {
      expect(await (await app.browserWindow(page)).evaluate((w) => w.isVisible())).toBe(true);
      expect(await app.evaluate(({ app: a }) => [a.getName(), a.getPath('userData')])).toEqual(['Voxelscope', config]);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      const exposed = await page.evaluate(() => Object.keys((window as unknown as { voxelscope: { methods: object } }).voxelscope.methods).sort());
      expect(exposed).toEqual([...METHOD_NAMES].sort());
      // Context isolation: the page sees the exposed contract object but none of the preload's own scope.
      expect(await page.evaluate(() => typeof (globalThis as { ipcRenderer?: unknown }).ipcRenderer)).toBe('undefined');
      // A malformed message through the real preload is refused by the host.
      const r = await page.evaluate(() => (window as unknown as { voxelscope: { methods: Record<string, (p: unknown) => Promise<{ ok: boolean }>> } }).voxelscope.methods.openBrowsed({ path: '/etc/passwd' }));
      expect(r.ok).toBe(false);
      // Every permission check is refused.
      expect(await page.evaluate(async () => (await navigator.permissions.query({ name: 'geolocation' as PermissionName })).state)).not.toBe('granted');
      expect(await page.evaluate(() => Notification.permission)).not.toBe('granted');
    } finally {
      await app.close();
    }
  });

  test('a file named on the command line opens in the window', async () => {
    const { app, page } = await launch([stack]);
    try {
      await expect(page.locator('#status-text')).toContainText('quadrants.tif: 64x48x6 uint16 loaded');
      await expect(page.locator('#file-name')).toHaveText('quadrants.tif');
    } finally {
      await app.close();
    }
  });

  test('a real drop opens the file; a drop made up by page script opens nothing', async () => {
    const { app, page } = await launch();
    try {
      await page.evaluate(() => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(8)], 'forged.tif'));
        window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      });
      // A trusted drop with real files, as the OS delivers it (DevTools protocol input events).
      const cdp = await page.context().newCDPSession(page);
      const drag = { items: [], files: [stack], dragOperationsMask: 1 };
      for (const type of ['dragEnter', 'dragOver', 'drop'] as const) await cdp.send('Input.dispatchDragEvent', { type, x: 300, y: 300, data: drag });
      await expect(page.locator('#status-text')).toContainText('quadrants.tif: 64x48x6 uint16 loaded');
      await expect(page.locator('#status-text')).not.toContainText('forged');
    } finally {
      await app.close();
    }
  });

  test('a file over the memory budget, named on the command line, gets the reduced-load offer', async () => {
    const { app, page } = await launch([stack], { VOXELSCOPE_MEMORY_BUDGET: '20000' });
    try {
      const dlg = page.getByRole('dialog', { name: 'Too large for the memory budget' });
      await expect(dlg).toContainText('quadrants.tif: needs 36.0 KB');
      await dlg.getByRole('button', { name: 'Open every 2nd plane' }).click();
      await expect(page.locator('#status-text')).toContainText('quadrants.tif: 64x48x3 uint16 loaded');
    } finally {
      await app.close();
    }
  });

  test('a file that cannot be read gets the same error dialog as an open call', async () => {
    const { app, page } = await launch([join(data, 'missing.tif'), 'sftp://lab-server/a.tif']);
    try {
      const failed = page.getByRole('dialog', { name: 'Could not open the file' });
      await expect(failed.filter({ hasText: 'sftp://lab-server/a.tif: only local files can be opened' })).toBeVisible();
      await expect(failed.filter({ hasText: 'missing.tif: no such file' })).toBeVisible();
    } finally {
      await app.close();
    }
  });
});
