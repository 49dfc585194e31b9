import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';

export const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface Host {
  url: string;
  origin: string;
  token: string;
  proc: ChildProcess;
  /** What the host wrote to stderr so far (refusals are logged there). */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts the real browser host (`voxelscope serve`) on a random port and waits for its URL. */
export async function startHost(root: string, files: string[] = [], env: Record<string, string> = {}): Promise<Host> {
  const config = mkdtempSync(join(tmpdir(), 'vs-e2e-config-'));
  const proc = spawn(process.execPath, [join(REPO, 'bin/voxelscope.mjs'), 'serve', '--root', root, '--port', '0', ...files], {
    env: { ...process.env, VOXELSCOPE_CONFIG_DIR: config, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`host did not start: ${out} ${err}`)), 15_000);
    proc.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    proc.once('exit', (code) => fail(new Error(`host exited (${code}): ${err}`)));
  });
  const u = new URL(url);
  return {
    url, origin: u.origin, token: u.searchParams.get('token')!, proc, stderr: () => err,
    stop: async () => {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      rmSync(config, { recursive: true, force: true });
    },
  };
}

/** Collects console errors and page errors, so a test can assert there were none. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Waits for the app's explicit render-settled signal. */
export async function settled(page: Page): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-render-state', 'settled', { timeout: 30_000 });
}

/** RGBA of the slice canvas at CSS pixel (x, y), read back from the WebGL drawing buffer. */
export function canvasPixel(page: Page, x: number, y: number): Promise<number[]> {
  return page.evaluate(
    ([px, py]) => {
      const c = document.querySelector<HTMLCanvasElement>('#slice-canvas')!;
      const ctx = Object.assign(document.createElement('canvas'), { width: c.width, height: c.height }).getContext('2d')!;
      ctx.drawImage(c, 0, 0);
      const r = c.width / c.clientWidth;
      return [...ctx.getImageData(Math.floor(px * r), Math.floor(py * r), 1, 1).data];
    },
    [x, y],
  );
}

/**
 * A session of the test's own in the page (the host's event stream hands out its id), for tests that
 * call the host directly as a second client beside the app.
 */
export function pageSession(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((ok, fail) => {
        const s = new EventSource('/events');
        s.addEventListener('session', (e) => ok((JSON.parse((e as MessageEvent<string>).data) as { sessionId: string }).sessionId));
        s.onerror = () => fail(new Error('the host refused the event stream'));
      }),
  );
}

/** A contract call from the page, as the app makes it (JSON body, the session header). */
export function pageRpc(page: Page, session: string, method: string, payload: unknown): Promise<{ status: number; body: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }> {
  return page.evaluate(
    async ({ session, method, payload }) => {
      const res = await fetch(`/rpc/${encodeURIComponent(method)}`, {
        method: 'POST', body: JSON.stringify(payload), headers: { 'Content-Type': 'application/json', 'X-Voxelscope-Session': session },
      });
      return { status: res.status, body: await res.json() };
    },
    { session, method, payload },
  );
}
