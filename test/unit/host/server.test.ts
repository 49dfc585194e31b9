import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerAllReaders } from '../../../app/formats/all-readers.js';
import { FIXTURES } from '../paths.js';
import { decodeInThisThread } from './host-kit.js';
import { RecentFiles } from '../../../main/services/recent-files.js';
import { VolumeStore } from '../../../main/services/volume-store.js';
import { startServer, type RunningServer } from '../../../main/serve/server.js';
import { bundleDecodeWorker, deflateStripTiff, fakeRendererDir, http, json, openSession, parseFrames, tempDir, until, writeTiff, type TestSession } from './host-kit.js';

/**
 * The browser host over real HTTP, with real decode workers: who may talk to it (origin, token, cookie),
 * which client owns which volume, and what a session leaves behind when it goes.
 */
registerAllReaders();
const BUDGET = 1 << 20; // 1 MiB: a 600 KiB volume fits once, not twice
let dir = '';
let store: VolumeStore;
let server: RunningServer;
let log: string[] = [];
const sessions: TestSession[] = [];

beforeAll(async () => {
  dir = tempDir('vs-server-');
  store = new VolumeStore(await bundleDecodeWorker(dir), 2);
  writeTiff(join(dir, 'a.tif'), 100, 100, 60); // 600,000 bytes
  writeTiff(join(dir, 'b.tif'), 100, 100, 60);
  writeTiff(join(dir, 'small.tif'), 10, 10, 3);
  writeFileSync(join(dir, 'broken.tif'), Buffer.from('II*\0\xff\xff\xff\x7f', 'latin1'));
});
afterAll(async () => {
  await store?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function start(extra: Partial<Parameters<typeof startServer>[0]> = {}): Promise<RunningServer> {
  log = [];
  server = await startServer({
    port: 0, root: dir, rendererDir: fakeRendererDir(dir), memoryBudget: BUDGET, version: 'test', store,
    recent: new RecentFiles(tempDir('vs-server-config-')), sessionGraceMs: 150, dropBase: tempDir('vs-server-drops-'),
    log: (l) => log.push(l), ...extra,
  });
  return server;
}
afterEach(async () => {
  for (const s of sessions.splice(0)) s.close();
  await server?.close();
});

/** Headers a page on the server's own origin sends with a call. */
const own = (s?: TestSession): Record<string, string> => ({
  Host: `127.0.0.1:${server.port}`, Cookie: `${server.cookieName}=${server.token}`, Origin: `http://127.0.0.1:${server.port}`,
  'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/json', ...(s ? { 'X-Voxelscope-Session': s.id } : {}),
});

async function session(): Promise<TestSession> {
  const { Origin: _o, 'Content-Type': _c, ...h } = own();
  const s = await openSession(server.port, h);
  sessions.push(s);
  return s;
}

const rpc = async (s: TestSession, method: string, payload: unknown, headers: Record<string, string> = {}) =>
  http(server.port, `/rpc/${method}`, { method: 'POST', headers: { ...own(s), ...headers }, body: JSON.stringify(payload) });

describe('who may talk to the browser host', () => {
  it('refuses a page on another local port (Origin, or Sec-Fetch-Site without Origin), and says why in the log', async () => {
    await start();
    const s = await session();
    const other = `http://127.0.0.1:${server.port + 1}`;
    expect((await rpc(s, 'browse', { dir: '' }, { Origin: other })).status).toBe(403);
    expect(log.at(-1)).toMatch(/refused POST \/rpc\/browse: request from another origin/);
    const { Origin: _o, ...noOrigin } = own(s);
    for (const site of ['same-site', 'cross-site', 'none']) {
      const r = await http(server.port, '/rpc/browse', { method: 'POST', headers: { ...noOrigin, 'Sec-Fetch-Site': site }, body: '{"dir":""}' });
      expect(r.status, site).toBe(403);
    }
    expect((await rpc(s, 'browse', { dir: '' })).status).toBe(200);
  });

  it('takes RPC bodies only as application/json (a text/plain POST needs no CORS preflight)', async () => {
    await start();
    const s = await session();
    const r = await rpc(s, 'browse', { dir: '' }, { 'Content-Type': 'text/plain' });
    expect(r.status).toBe(403);
    expect(log.at(-1)).toMatch(/body must be application\/json/);
  });

  it('names its token cookie for this server alone, HttpOnly and SameSite=Strict', async () => {
    await start();
    const page = await http(server.port, `/?token=${server.token}`, { headers: { Host: `127.0.0.1:${server.port}`, 'Sec-Fetch-Site': 'none', 'Sec-Fetch-Mode': 'navigate' } });
    expect(page.status).toBe(200);
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^vs_token_${server.port}_[0-9a-f]{8}=${server.token}; HttpOnly; SameSite=Strict; Path=/$`));
    // The fixed name every earlier server used is not this server's cookie.
    const stale = await http(server.port, '/main.js', { headers: { Host: `127.0.0.1:${server.port}`, Cookie: `vs_token=${server.token}` } });
    expect(stale.status).toBe(403);
    const first = server.cookieName;
    await server.close();
    await start();
    expect(server.cookieName).not.toBe(first);
  });

  it('lets a top-level navigation open the page, not the data', async () => {
    await start();
    const nav = { Host: `127.0.0.1:${server.port}`, Cookie: `${server.cookieName}=${server.token}`, 'Sec-Fetch-Site': 'none', 'Sec-Fetch-Mode': 'navigate' };
    expect((await http(server.port, '/', { headers: nav })).status).toBe(200);
    expect((await http(server.port, '/events', { headers: nav })).status).toBe(403);
  });

  it('answers a malformed percent-encoding with 400, not 500', async () => {
    await start();
    const s = await session();
    const r = await http(server.port, '/rpc/%E0%A4%A', { method: 'POST', headers: own(s), body: '{}' });
    expect(r.status).toBe(400);
    expect(json(r).error?.code).toBe('invalid-request');
  });

  it('refuses a call without a session', async () => {
    await start();
    const r = await http(server.port, '/rpc/browse', { method: 'POST', headers: own(), body: '{"dir":""}' });
    expect(r.status).toBe(400);
    expect(json(r).error?.message).toMatch(/no session/);
  });
});

describe('volumes belong to the session that opened them', () => {
  it('another session gets not-found for every call and for the voxel stream', async () => {
    await start();
    const a = await session();
    const b = await session();
    const opened = json(await rpc(a, 'openBrowsed', { path: 'small.tif' }));
    expect(opened.ok).toBe(true);
    const { volumeId, dataUrl } = opened.value as unknown as { volumeId: string; dataUrl: string };
    expect(volumeId).toMatch(/^v[0-9a-f]{16}$/);
    for (const method of ['cancelLoad', 'closeVolume']) {
      const r = json(await rpc(b, method, { volumeId }));
      expect(r.error?.code, method).toBe('not-found');
    }
    expect((await http(server.port, dataUrl, { headers: own(b) })).status).toBe(404);
    expect((await http(server.port, dataUrl, { headers: own() })).status).toBe(404);
    const mine = await http(server.port, dataUrl, { headers: own(a) });
    expect(mine.status).toBe(200);
    const frames = parseFrames(mine.body, 100);
    expect(frames.end).toBe('done');
    expect(frames.planes.reduce((n, [, c]) => n + c, 0)).toBe(3);
    expect(json(await rpc(a, 'closeVolume', { volumeId })).value).toEqual({ closed: true });
  });

  it('a session that goes away (reload, closed tab) releases its volumes within its grace time', async () => {
    await start();
    const a = await session();
    expect(json(await rpc(a, 'openBrowsed', { path: 'a.tif' })).ok).toBe(true);
    await until(() => store.residentBytes() === 600_000);
    a.close();
    await until(() => store.residentBytes() === 0, 3000);
    expect(server.sessions.size).toBe(0);
  });

  it('an event stream that reconnects in time keeps its session', async () => {
    await start();
    const a = await session();
    expect(json(await rpc(a, 'openBrowsed', { path: 'small.tif' })).ok).toBe(true);
    a.close();
    const { Origin: _o, 'Content-Type': _c, ...h } = own();
    const again = await openSession(server.port, { ...h, 'Last-Event-ID': a.id });
    sessions.push(again);
    expect(again.id).toBe(a.id);
    await new Promise((r) => setTimeout(r, 400)); // longer than the grace time
    expect(store.residentBytes()).toBe(300);
  });

  it('the memory budget counts every resident volume, whoever opened it; a replaced volume makes room', async () => {
    await start();
    const a = await session();
    const b = await session();
    const first = json(await rpc(a, 'openBrowsed', { path: 'a.tif' }));
    expect(first.ok).toBe(true);
    const refused = json(await rpc(b, 'openBrowsed', { path: 'b.tif' }));
    expect(refused.error?.code).toBe('over-budget');
    expect(refused.error?.message).toMatch(/b\.tif: needs 585\.9 KiB but only 438\.1 KiB of the 1\.0 MiB memory budget is free \(open volumes hold 585\.9 KiB\)/);
    // The same session opening another file in place of its first one: the old one goes, the new fits.
    const replaced = json(await rpc(a, 'openBrowsed', { path: 'b.tif', replaces: (first.value as unknown as { volumeId: string }).volumeId }));
    expect(replaced.ok).toBe(true);
    await until(() => store.residentBytes() === 600_000);
  });

  it('opens the command line\'s files for every page that connects', async () => {
    await start({ startupFiles: [join(dir, 'small.tif'), join(dir, 'broken.tif')] });
    const a = await session();
    await until(() => a.events.length === 2);
    expect(a.events.map((e) => e.name)).toEqual(['opened', 'openFailed']);
    expect(JSON.stringify(a.events[1].data)).toMatch(/broken\.tif/);
  });
});

describe('the voxel stream', () => {
  it('sends a small many-band cube in a few frames, not one per band (each frame is a redraw on the page)', async () => {
    await start();
    const a = await session();
    for (const f of ['aviris-ng_rdn_10x10x425_bil', 'aviris-ng_rdn_10x10x425_bil.hdr']) copyFileSync(join(FIXTURES, 'real', f), join(dir, f));
    const r = json(await rpc(a, 'openBrowsed', { path: 'aviris-ng_rdn_10x10x425_bil.hdr' }));
    const res = await http(server.port, (r.value as unknown as { dataUrl: string }).dataUrl, { headers: own(a) });
    const frames = parseFrames(res.body, 400);
    expect(frames.end).toBe('done');
    expect(frames.planes.reduce((n, [, c]) => n + c, 0)).toBe(425);
    // How many frames depends on how far decoding is ahead of the stream: 18 on a loaded machine, 69 at a
    // load of 12 on two cores. One frame per band would be 425; the bound only says bands are batched.
    expect(frames.planes.length).toBeLessThanOrEqual(425 / 3);
    // The same voxels as the reader's own decode, band by band (ENVI's BSQ order).
    const bands = await decodeInThisThread(join(dir, 'aviris-ng_rdn_10x10x425_bil.hdr'));
    expect(createHash('sha256').update(frames.voxels).digest('hex')).toBe(createHash('sha256').update(bands).digest('hex'));
  });

  it('ends with a failed frame naming the file when decoding fails part way', async () => {
    await start();
    const a = await session();
    // Four deflate pages whose third strip is garbage: planes 0-1 arrive, then the failure.
    writeFileSync(join(dir, 'bad-plane.tif'), brokenThirdPlaneTiff());
    const r = json(await rpc(a, 'openBrowsed', { path: 'bad-plane.tif' }));
    expect(r.ok).toBe(true);
    const res = await http(server.port, (r.value as unknown as { dataUrl: string }).dataUrl, { headers: own(a) });
    const frames = parseFrames(res.body, 16);
    expect(frames.end).toBe('failed');
    expect(frames.message).toMatch(/^bad-plane\.tif: /);
  });
});

describe('the recent list', () => {
  it('hands the page ids and names, never paths', async () => {
    await start();
    const a = await session();
    await rpc(a, 'openBrowsed', { path: 'small.tif' });
    const list = json(await rpc(a, 'recentList', {})).value as unknown as Record<string, unknown>[];
    expect(list.length).toBe(1);
    expect(Object.keys(list[0]).sort()).toEqual(['id', 'name', 'openedAt']);
    expect(JSON.stringify(list)).not.toContain(dir);
  });
});

/** Four 4x4 uint8 deflate pages; the third page's strip is not a deflate stream. */
function brokenThirdPlaneTiff(): Buffer {
  const strips = Array.from({ length: 4 }, (_, i) => (i === 2 ? Buffer.from('not deflate at all') : deflateSync(Buffer.alloc(16, i + 1))));
  return deflateStripTiff(4, 4, strips);
}
