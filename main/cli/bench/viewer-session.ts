import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../serve/server.js';
import { RecentFiles } from '../../services/recent-files.js';
import type { VolumeStore } from '../../services/volume-store.js';
import { VERSION } from '../build-info.js';
import { finishLoadWatch, installProbe, startLoadWatch, type LoadSample } from './viewer-page.js';

/** What the viewer benchmarks need from the CLI: the store to host volumes from and the built renderer. */
export interface ViewerHost {
  store: VolumeStore;
  budget: number;
  rendererDir: string;
}

/** The same browser as the end-to-end tests (playwright.config.ts): Debian's Chromium, WebGL2 in SwiftShader. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];
export const VIEWPORT = { width: 1280, height: 900 };

type Playwright = typeof import('playwright-core');
let playwright: Playwright | null = null;

/**
 * Why the viewer benchmarks cannot run here, or null; starts the shared browser and host to find out.
 * playwright-core is a development dependency, loaded only here (and kept out of the CLI bundle), so
 * the CLI works without it.
 */
export async function viewerUnavailable(host: ViewerHost, workDir: string): Promise<string | null> {
  if (!existsSync(join(host.rendererDir, 'index.html'))) return `the renderer is not built (${host.rendererDir}); run npm run build`;
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (set CHROMIUM_PATH; on Debian apt-get install chromium)`;
  try {
    playwright ??= (await import('playwright-core')) as Playwright;
  } catch {
    return 'playwright-core is not installed (npm install)';
  }
  try {
    await session(host, workDir);
  } catch (e) {
    shared = null;
    return `Chromium did not start: ${(e as Error).message.split('\n')[0]}`;
  }
  return null;
}

interface Shared { browser: Browser; server: RunningServer; root: string }
let shared: Promise<Shared> | null = null;

/** One browser host (in this process, over `root`) and one Chromium for all viewer cases. */
function session(host: ViewerHost, workDir: string): Promise<Shared> {
  shared ??= (async () => {
    const root = join(workDir, 'viewer');
    const config = join(workDir, 'viewer-config');
    mkdirSync(root, { recursive: true });
    mkdirSync(config, { recursive: true });
    const server = await startServer({
      port: 0, root, rendererDir: host.rendererDir, memoryBudget: host.budget, version: VERSION, store: host.store,
      recent: new RecentFiles(config),
    });
    try {
      const browser = await playwright!.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      return { browser, server, root };
    } catch (e) {
      await server.close();
      throw e;
    }
  })();
  return shared;
}

/** Closes the shared browser and host, if they were started. */
export async function closeViewerSession(): Promise<void> {
  const s = await shared?.catch(() => null);
  shared = null;
  if (!s) return;
  await s.browser.close();
  await s.server.close();
}

/** The folder the viewer's host serves; inputs for the viewer cases go here. */
export async function viewerRoot(host: ViewerHost, workDir: string): Promise<string> {
  return (await session(host, workDir)).root;
}

/** A fresh page (own context: no saved display settings) with the viewer loaded and the probe installed. */
export async function openViewerPage(host: ViewerHost, workDir: string): Promise<{ page: Page; context: BrowserContext }> {
  const s = await session(host, workDir);
  const context = await s.browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(installProbe);
    await page.goto(`${s.server.url}&voxelscope-test`); // the page's hooks (__voxelscope) exist only when asked for
    await page.waitForFunction(() => (globalThis as unknown as { __voxelscope?: unknown }).__voxelscope !== undefined);
    if (errors.length) throw new Error(`viewer page error: ${errors[0]}`);
    return { page, context };
  } catch (e) {
    await context.close();
    throw e;
  }
}

/** Opens `name` (in the served folder) through the Open dialog, as a user would, and waits until loaded and drawn. */
export async function openInViewer(page: Page, name: string, timeoutMs = 120_000): Promise<LoadSample> {
  await page.evaluate(startLoadWatch, name);
  await page.click('#open-button');
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await page.getByRole('dialog', { name: 'Open a file' }).getByRole('button', { name: new RegExp(`^${escaped}\\s`) }).click();
  const sample = await page.evaluate(finishLoadWatch, timeoutMs);
  await page.waitForFunction(() => (globalThis as unknown as { document: { documentElement: { dataset: { renderState?: string } } } }).document.documentElement.dataset.renderState === 'settled', null, { timeout: timeoutMs });
  return sample;
}
