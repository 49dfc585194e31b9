import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dims } from '../../../app/model/volume.js';
import { APP_ORIGIN, appRequestHandler, isAppUrl } from '../../../main/electron/app-protocol.js';
import { volumeBody } from '../../../main/services/volume-stream.js';
import type { OpenedHeader } from '../../../main/services/open-volume.js';
import { CONTENT_SECURITY_POLICY } from '../../../main/services/security-headers.js';
import { HostVolume } from '../../../main/services/volume-store.js';
import { parseFrames } from '../host/host-kit.js';

/**
 * The app:// handler as Electron calls it (Request in, Response out), without Electron: the renderer's
 * files with no way out of their folder, and the voxel streams of the volumes the store holds.
 */
const SECRET = 'outside the renderer folder';
let dir = '';
let rendererDir = '';
const volumes = new Map<string, HostVolume>();
const handle = (path: string, init?: RequestInit): Promise<Response> =>
  appRequestHandler({ rendererDir, volumes, session: () => 'page' })(new Request(path.includes('://') ? path : `${APP_ORIGIN}${path}`, init));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vs-protocol-'));
  rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  mkdirSync(join(dir, 'outside'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Voxelscope</title>');
  writeFileSync(join(rendererDir, 'main.js'), 'export {};');
  writeFileSync(join(dir, 'outside', 'secret.js'), SECRET);
  writeFileSync(join(dir, 'renderer-old.js'), SECRET); // a sibling whose name starts like the folder's
  symlinkSync(join(dir, 'outside', 'secret.js'), join(rendererDir, 'link.js'));
  symlinkSync(join(dir, 'outside'), join(rendererDir, 'sub'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A loaded volume as the store holds it, filled by the test instead of decode workers. */
function volume(id: string, dims: Dims, freed: { count: number }): HostVolume {
  const planeBytes = dims.x * dims.y;
  const byteLength = planeBytes * dims.z * dims.c * dims.t;
  const opened = { meta: { dims, dtype: 'uint8' }, byteLength } as unknown as OpenedHeader;
  const v = new HostVolume(id, opened, new SharedArrayBuffer(byteLength), 'page', () => freed.count++);
  for (let i = 0; i < byteLength; i++) v.bytes[i] = (i * 7) & 255;
  for (let p = 0; p < v.planesTotal; p++) v.markPlane(p);
  v.end('ok', null);
  v.decodersDone();
  return v;
}

async function readAll(body: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const c of body) chunks.push(c);
  return chunks;
}

describe('app:// files', () => {
  it('serves the renderer with the COOP/COEP/CSP headers that make the page cross-origin isolated', async () => {
    const r = await handle('/index.html');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(r.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(r.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await r.text()).toContain('<title>Voxelscope</title>');
    expect((await handle('/')).status).toBe(200);
  });

  it('answers 404 (with the same headers) for any other host', async () => {
    for (const url of ['app://other/index.html', 'app://voxelscope.evil/index.html', 'app://evil.voxelscope/index.html']) {
      const r = await handle(url);
      expect(r.status, url).toBe(404);
      expect(r.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    }
  });

  it.each([
    ['/../outside/secret.js'],
    ['/%2e%2e/outside/secret.js'],
    ['/%2E%2E%2Foutside%2Fsecret.js'],
    ['/..%5Coutside%5Csecret.js'],
    ['/../renderer-old.js'],
    ['/main.js%00.html'],
    ['/%E0%A4%A'],
    ['/link.js'],
    ['/sub/secret.js'],
  ])('never leaves the renderer folder: %s', async (path) => {
    const r = await handle(path);
    expect(r.status).toBe(404);
    expect(await r.text()).not.toContain(SECRET);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await handle('/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
    const head = await handle('/index.html', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
  });

  it('isAppUrl accepts the app origin only', () => {
    expect(isAppUrl('app://voxelscope')).toBe(true);
    expect(isAppUrl('app://voxelscope/index.html')).toBe(true);
    expect(isAppUrl('app://voxelscope.evil/index.html')).toBe(false);
    expect(isAppUrl('app://voxelscopeX')).toBe(false);
    expect(isAppUrl('file:///app://voxelscope/')).toBe(false);
  });
});

describe('app:// voxel streams', () => {
  const ID = 'v00000000000000a1';
  const concat = (chunks: Uint8Array[]): Buffer => Buffer.concat(chunks.map((c) => Buffer.from(c)));

  it('streams a volume of the window\'s session as frames of planes and a closing frame', async () => {
    const freed = { count: 0 };
    const v = volume(ID, { x: 16, y: 8, z: 5, c: 1, t: 1 }, freed);
    volumes.set(ID, v);
    const r = await handle(`/volume/${ID}/data`);
    expect(r.status).toBe(200);
    expect(r.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    const frames = parseFrames(Buffer.from(await r.arrayBuffer()), v.planeBytes);
    expect(frames.end).toBe('done');
    expect(new Uint8Array(frames.voxels)).toEqual(new Uint8Array(v.bytes));
    volumes.delete(ID);
  });

  it('answers 404 for a volume of another session, for one the store does not hold, and for malformed ids', async () => {
    const freed = { count: 0 };
    volumes.set(ID, volume(ID, { x: 4, y: 4, z: 1, c: 1, t: 1 }, freed));
    const other = appRequestHandler({ rendererDir, volumes: { get: (id, owner) => (owner === 'page' ? volumes.get(id) : undefined) }, session: () => 'reloaded' });
    expect((await other(new Request(`${APP_ORIGIN}/volume/${ID}/data`))).status).toBe(404);
    for (const path of ['/volume/v0000000000000099/data', '/volume/v1/data', '/volume/../v1/data', `/volume/${ID}/data/`])
      expect((await handle(path)).status, path).toBe(404);
    volumes.delete(ID);
  });

  it('copies decoded planes out of shared memory in chunks that span small planes and split large ones', async () => {
    const freed = { count: 0 };
    const small = volume('va', { x: 4, y: 3, z: 10, c: 1, t: 1 }, freed); // 12-byte planes: one frame of 120 bytes
    const chunks = await readAll(volumeBody(small, 50));
    expect(chunks.map((c) => c.byteLength)).toEqual([16, 50, 50, 20, 16]); // header, payload in full chunks, done
    const large = volume('vb', { x: 10, y: 10, z: 2, c: 1, t: 1 }, freed); // 100-byte planes
    expect((await readAll(volumeBody(large, 64))).map((c) => c.byteLength)).toEqual([16, 64, 64, 64, 8, 16]);
    for (const c of chunks) expect(c.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    const first = chunks[1][0];
    small.bytes[0] = first ^ 0xff; // the next load into a recycled buffer must not change what was sent
    expect(chunks[1][0]).toBe(first);
  });

  it('sends each plane as soon as it is decoded, and only decoded planes', async () => {
    const freed = { count: 0 };
    const opened = { meta: { dims: { x: 4, y: 4, z: 3, c: 1, t: 1 }, dtype: 'uint8' }, byteLength: 48 } as unknown as OpenedHeader;
    const v = new HostVolume('v2', opened, new SharedArrayBuffer(48), 'page', () => freed.count++);
    const reader = volumeBody(v, 1 << 20).getReader();
    const header = reader.read();
    v.bytes.fill(1, 0, 16);
    v.markPlane(0);
    expect(Buffer.from((await header).value!).readUInt32LE(8)).toBe(1); // plane 0 alone: plane 1 is not decoded yet
    expect((await reader.read()).value?.byteLength).toBe(16);
    v.markPlane(1);
    v.markPlane(2);
    expect(Buffer.from((await reader.read()).value!).readUInt32LE(8)).toBe(2);
    expect((await reader.read()).value?.byteLength).toBe(32);
    expect(Buffer.from((await reader.read()).value!).readUInt32LE(0)).toBe(2); // done
    expect((await reader.read()).done).toBe(true);
  });

  it('holds the volume until the stream ends, and cancelling releases it', async () => {
    const freed = { count: 0 };
    const v = volume('v3', { x: 64, y: 64, z: 4, c: 1, t: 1 }, freed);
    const reader = volumeBody(v, 4096).getReader();
    await reader.read();
    v.release(); // the store closes the volume while the renderer still reads it
    await new Promise((r) => setTimeout(r, 10));
    expect(freed.count).toBe(0);
    await reader.cancel();
    await v.freed;
    expect(freed.count).toBe(1);

    const w = volume('v4', { x: 8, y: 8, z: 2, c: 1, t: 1 }, freed);
    await readAll(volumeBody(w));
    w.release();
    await w.freed;
    expect(freed.count).toBe(2);
  });

  it('ends the stream with a failed frame naming the problem, and releases the volume', async () => {
    const freed = { count: 0 };
    const opened = { meta: { dims: { x: 4, y: 4, z: 2, c: 1, t: 1 }, dtype: 'uint8' }, byteLength: 32 } as unknown as OpenedHeader;
    const v = new HostVolume('v5', opened, new SharedArrayBuffer(32), 'page', () => freed.count++);
    const reading = readAll(volumeBody(v));
    v.end('error', 'cube.img: file shrank while reading');
    const frames = parseFrames(concat(await reading), 16);
    expect(frames.end).toBe('failed');
    expect(frames.message).toBe('cube.img: file shrank while reading');
    v.decodersDone();
    v.release();
    await v.freed;
    expect(freed.count).toBe(1);
  });
});
