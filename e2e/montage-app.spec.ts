import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { settled, startHost, watchConsole, type Host } from './host';
import { cli, writeVolume } from './run-kit';

/*
 * *Montage…* in the app, through the real UI in Chromium on the browser host: the PNG it downloads is the
 * host's `voxelscope montage` of the open file, in the colours and range the channel shows, carrying its
 * record, and `voxelscope montage --from` makes the very same file from it (byte for byte: one renderer,
 * one encoder).
 */

let host: Host;
let root = '';

test.beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'vs-e2e-montage-app-'));
  writeVolume(join(root, 'cells.tif'), 3, { x: 40, y: 32, z: 12, c: 1, t: 1 });
  host = await startHost(root);
});
test.afterAll(async () => {
  await host?.stop();
});

test('Montage… exports the PNG voxelscope montage makes, with its record; --from makes the same file', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open…' }).click();
  await page.getByRole('dialog', { name: 'Open a file' }).getByRole('button', { name: /^cells\.tif/ }).click();
  await expect(page.locator('#status-text')).toContainText('loaded', { timeout: 30_000 });
  await settled(page);

  await page.keyboard.press('Control+e');
  const dlg = page.getByRole('dialog', { name: 'Montage' });
  await expect(dlg).toContainText('cells.tif: channel 1, in gray from');
  await dlg.getByTestId('montage-step').fill('3');
  await dlg.getByTestId('montage-cols').fill('2');
  const download = page.waitForEvent('download');
  await dlg.getByTestId('montage-export').click();
  const file = join(root, 'exported.png');
  const d = await download;
  expect(d.suggestedFilename()).toBe('cells-montage.png');
  await d.saveAs(file);
  await expect(dlg.getByTestId('montage-status')).toContainText('Saved cells-montage.png: 4 slices');
  await dlg.screenshot({ path: test.info().outputPath('montage-dialog.png') });

  const png = readFileSync(file);
  const text = png.toString('latin1');
  const record = JSON.parse(text.slice(text.indexOf('{"format":"voxelscope-montage"'), text.indexOf('IDAT') - 8));
  expect(record.input.name).toBe('cells.tif');
  expect(record.settings).toMatchObject({ axis: 'z', start: 0, stop: 12, step: 3, cols: 2, cmap: 'gray', label: 'slice', border: 2, channel: 0, time: 0 });
  const again = join(root, 'again.png');
  const r = cli(['montage', '--from', file, '-o', again]);
  expect(r.status, r.stderr).toBe(0);
  expect(readFileSync(again).equals(png)).toBe(true);
  expect(errors).toEqual([]);
});
