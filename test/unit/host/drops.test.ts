import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerAllReaders } from '../../../app/formats/all-readers.js';
import { DropStore } from '../../../main/serve/drops.js';
import { startServer, type RunningServer } from '../../../main/serve/server.js';
import { RecentFiles } from '../../../main/services/recent-files.js';
import { VolumeStore } from '../../../main/services/volume-store.js';
import { FIXTURES } from '../paths.js';
import { bundleDecodeWorker, fakeRendererDir, http, json, openSession, tempDir, until, writeTiff, type TestSession } from './host-kit.js';

/**
 * Files dropped into the browser page: limits, partial files, safe names, and when the copies go.
 */
registerAllReaders();
const BUDGET = 1 << 20;
let dir = '';
let store: VolumeStore;
let server: RunningServer;
let dropBase = '';
let tiff = Buffer.alloc(0);
const open: TestSession[] = [];

beforeAll(async () => {
  dir = tempDir('vs-drops-');
  store = new VolumeStore(await bundleDecodeWorker(dir), 2);
  writeTiff(join(dir, 'small.tif'), 10, 10, 3);
  tiff = readFileSync(join(dir, 'small.tif'));
});
afterAll(async () => {
  await store?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<void> {
  dropBase = tempDir('vs-drop-base-');
  server = await startServer({
    port: 0, root: dir, rendererDir: fakeRendererDir(dir), memoryBudget: BUDGET, version: 'test', store,
    recent: new RecentFiles(tempDir('vs-drops-config-')), sessionGraceMs: 100, dropBase, log: () => undefined,
  });
}
afterEach(async () => {
  for (const s of open.splice(0)) s.close();
  await server?.close();
});

const headers = (s?: TestSession, type = 'application/octet-stream'): Record<string, string> => ({
  Host: `127.0.0.1:${server.port}`, Cookie: `${server.cookieName}=${server.token}`, Origin: `http://127.0.0.1:${server.port}`,
  'Content-Type': type, ...(s ? { 'X-Voxelscope-Session': s.id } : {}),
});

async function session(): Promise<TestSession> {
  const s = await openSession(server.port, { Host: `127.0.0.1:${server.port}`, Cookie: `${server.cookieName}=${server.token}` });
  open.push(s);
  return s;
}

const drop = (s: TestSession, name: string, body: Buffer, dropId?: string) =>
  http(server.port, `/drop?${new URLSearchParams({ name, ...(dropId ? { dropId } : {}) })}`, { method: 'POST', headers: headers(s), body });

const rpc = (s: TestSession, method: string, payload: unknown) =>
  http(server.port, `/rpc/${method}`, { method: 'POST', headers: headers(s, 'application/json'), body: JSON.stringify(payload) });

/** Every file under the drop folders (the copies the host holds). */
function storedFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(e.name);
    }
  };
  walk(dropBase);
  return out;
}

describe('dropped files in the browser host', () => {
  it('keep the name the user gave them for display but are stored under a safe generated one', async () => {
    await start();
    const s = await session();
    const name = 'scan (1) µm.tif';
    const up = json(await drop(s, name, tiff));
    expect(up.ok).toBe(true);
    expect(storedFiles()).toEqual(['dropped-1.tif']);
    const opened = json(await rpc(s, 'openDropped', { dropId: (up.value as unknown as { dropId: string }).dropId, name }));
    expect(opened.ok).toBe(true);
    expect((opened.value as unknown as { sourceName: string }).sourceName).toBe(name);
  });

  it('name a failure by the user\'s name, not the stored copy\'s', async () => {
    await start();
    const s = await session();
    const up = json(await drop(s, 'my broken scan.tif', Buffer.from('II*\0\xff\xff\xff\x7f', 'latin1')));
    const r = json(await rpc(s, 'openDropped', { dropId: (up.value as unknown as { dropId: string }).dropId, name: 'my broken scan.tif' }));
    expect(r.error?.message).toMatch(/^my broken scan\.tif: /);
    expect(r.error?.message).not.toContain('dropped-1');
  });

  it('keep a .hdr/.img pair together under one generated stem', async () => {
    await start();
    const s = await session();
    const pair = join(FIXTURES, 'nifti');
    const hdr = json(await drop(s, 'My Brain.hdr', readFileSync(join(pair, 'pair_uint8.hdr'))));
    const id = (hdr.value as unknown as { dropId: string }).dropId;
    expect(json(await drop(s, 'My Brain.img', readFileSync(join(pair, 'pair_uint8.img')), id)).ok).toBe(true);
    expect(storedFiles().sort()).toEqual(['dropped-1.hdr', 'dropped-1.img']);
    expect(json(await rpc(s, 'openDropped', { dropId: id, name: 'My Brain.hdr' })).ok).toBe(true);
  });

  it('refuse names that are not plain file names', async () => {
    await start();
    const s = await session();
    for (const name of ['..', '.', 'a/b.tif', 'a\\b.tif', '']) {
      expect((await drop(s, name, tiff)).status, JSON.stringify(name)).toBe(400);
    }
    const r = json(await rpc(s, 'openDropped', { dropId: 'd0123456789abcdef', name: '..' }));
    expect(r.error?.code).toBe('invalid-request');
    expect(storedFiles()).toEqual([]);
  });

  it('refuse a file over the per-file cap before reading it, leaving nothing on disk', async () => {
    await start();
    const s = await session();
    const r = await drop(s, 'huge.tif', Buffer.alloc(BUDGET + 1));
    expect(r.status).toBe(413);
    expect(json(r).error?.message).toMatch(/huge\.tif: refused: larger than the 1\.0 MiB a dropped file may have/);
    expect(storedFiles()).toEqual([]);
  });

  it('remove the partial file of an upload that grows past the cap with no declared length', async () => {
    await start();
    const s = await session();
    const id = (json(await drop(s, 'first.tif', tiff)).value as unknown as { dropId: string }).dropId;
    const status = await new Promise<number>((resolve) => {
      const req = request({ host: '127.0.0.1', port: server.port, method: 'POST', path: `/drop?name=chunked.tif&dropId=${id}`, headers: { ...headers(s), 'Transfer-Encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', () => resolve(-1)); // the host may close the connection under our feet
      const chunk = Buffer.alloc(64 << 10);
      let sent = 0;
      const pump = (): void => {
        while (sent <= BUDGET + chunk.length) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect([413, -1]).toContain(status);
    await until(() => storedFiles().length === 1);
    expect(storedFiles()).toEqual(['dropped-1.tif']);
    expect(server.drops.held).toEqual({ bytes: tiff.length, files: 1, groups: 1 });
  });

  it('remove the partial file of an upload the page abandons', async () => {
    await start();
    const s = await session();
    const id = (json(await drop(s, 'first.tif', tiff)).value as unknown as { dropId: string }).dropId;
    const req = request({ host: '127.0.0.1', port: server.port, method: 'POST', path: `/drop?name=half.tif&dropId=${id}`, headers: { ...headers(s), 'Content-Length': String(100_000) } });
    req.on('error', () => undefined);
    req.write(Buffer.alloc(50_000));
    await until(() => server.drops.held.bytes > tiff.length);
    req.destroy();
    await until(() => storedFiles().length === 1 && server.drops.held.files === 1);
    expect(storedFiles()).toEqual(['dropped-1.tif']);
  });

  it('refuse more dropped data than twice the memory budget held at once', async () => {
    await start();
    const s = await session();
    const part = Buffer.alloc(900 << 10);
    expect((await drop(s, 'a.raw', part)).status).toBe(200);
    expect((await drop(s, 'b.raw', part)).status).toBe(200);
    const third = await drop(s, 'c.raw', part);
    expect(third.status).toBe(413);
    expect(json(third).error?.message).toMatch(/c\.raw: refused: dropped files would hold more than 2\.0 MiB/);
    expect(storedFiles()).toEqual(['dropped-1.raw', 'dropped-1.raw']); // two drops, one file each
  });

  it('go when the volume opened from them closes, and when their session ends', async () => {
    await start();
    const s = await session();
    const id = (json(await drop(s, 'one.tif', tiff)).value as unknown as { dropId: string }).dropId;
    const opened = json(await rpc(s, 'openDropped', { dropId: id, name: 'one.tif' }));
    const volumeId = (opened.value as unknown as { volumeId: string }).volumeId;
    expect(storedFiles()).toEqual(['dropped-1.tif']);
    expect(json(await rpc(s, 'closeVolume', { volumeId })).ok).toBe(true);
    expect(storedFiles()).toEqual([]);
    // Dropped but never opened: gone once the page is.
    expect(json(await drop(s, 'two.tif', tiff)).ok).toBe(true);
    expect(storedFiles()).toEqual(['dropped-1.tif']);
    s.close();
    await until(() => storedFiles().length === 0);
  });

  it('belong to the session that dropped them', async () => {
    await start();
    const a = await session();
    const b = await session();
    const id = (json(await drop(a, 'mine.tif', tiff)).value as unknown as { dropId: string }).dropId;
    expect(json(await rpc(b, 'openDropped', { dropId: id, name: 'mine.tif' })).error?.code).toBe('not-found');
    expect((await drop(b, 'extra.tif', tiff, id)).status).toBe(404);
  });
});

describe('DropStore on its own', () => {
  const body = (bytes: number): IncomingMessage => Object.assign(Readable.from([Buffer.alloc(bytes)]), { headers: {} }) as unknown as IncomingMessage;

  it('refuses more files than its count cap', async () => {
    const base = tempDir('vs-drop-count-');
    const drops = new DropStore({ fileBytes: 100, totalBytes: 1000, files: 2 }, base);
    const id = await drops.receive(body(10), 'o', 'a.raw', null);
    await drops.receive(body(10), 'o', 'b.raw', id);
    await expect(drops.receive(body(10), 'o', 'c.raw', id)).rejects.toThrow(/c\.raw: refused: 2 dropped files are held already/);
    drops.releaseOwner('o');
    await drops.receive(body(10), 'o', 'c.raw', null);
    drops.cleanup();
    rmSync(base, { recursive: true, force: true });
  });

  it('removes the drop folders a crashed earlier run left, not those of a running one', () => {
    const base = tempDir('vs-drop-crash-');
    const dead = join(base, 'voxelscope-drops-999999999-abc'); // no such process
    const alive = join(base, `voxelscope-drops-${process.ppid}-abc`);
    mkdirSync(join(dead, 'd0123'), { recursive: true });
    mkdirSync(alive);
    const drops = new DropStore({ fileBytes: 1, totalBytes: 1, files: 1 }, base);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(alive)).toBe(true);
    drops.cleanup();
    rmSync(base, { recursive: true, force: true });
  });
});
