import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registerAllReaders } from '../../../app/formats/all-readers.js';
import { HostApi, type DroppedFile, type HostPlatform } from '../../../main/services/host-api.js';
import { RecentFiles } from '../../../main/services/recent-files.js';
import type { ClientSession } from '../../../main/services/sessions.js';
import { VolumeStore } from '../../../main/services/volume-store.js';
import { bundleDecodeWorker, tempDir, until, writeTiff } from './host-kit.js';

/** The contract's methods as both hosts run them, called directly with sessions of the test's making. */
registerAllReaders();
const BUDGET = 1 << 20;
let dir = '';
let store: VolumeStore;
let api: HostApi;
let dropped: DroppedFile | null = null;
let released = 0;

const session = (id: string): ClientSession => ({ id, emit: () => undefined });
const a = session('sa');
const b = session('sb');

beforeAll(async () => {
  dir = tempDir('vs-api-');
  store = new VolumeStore(await bundleDecodeWorker(dir), 2);
  writeTiff(join(dir, 'big.tif'), 100, 100, 60);
  writeTiff(join(dir, 'small.tif'), 10, 10, 3);
  writeFileSync(join(dir, 'dropped-1.tif'), 'not a tiff at all');
  const platform: HostPlatform = {
    kind: 'browser', name: 'Voxelscope', version: 'test', versions: {}, memoryBudget: BUDGET, root: dir,
    resolveDrop: (s, id, name) => (s.id === 'sa' && id === 'd0000000000000001' ? dropped : (void name, null)),
  };
  api = new HostApi(store, new RecentFiles(tempDir('vs-api-config-')), platform);
});
afterAll(async () => {
  await store?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const call = async (s: ClientSession, method: string, payload: unknown) => api.dispatch(s, method, payload);
const value = <T>(r: Awaited<ReturnType<typeof call>>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
};

describe('HostApi', () => {
  // Each test starts with nothing resident (a closed volume's memory goes once its decoders finish).
  beforeEach(() => until(() => store.residentBytes() === 0));

  it('validates every request before acting', async () => {
    const r = await call(a, 'openBrowsed', { path: '../etc/passwd' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('invalid-request');
  });

  it('does not let one session close, cancel or replace another session\'s volume', async () => {
    const v = value<{ volumeId: string }>(await call(a, 'openBrowsed', { path: 'small.tif' }));
    for (const method of ['closeVolume', 'cancelLoad']) {
      const r = await call(b, method, { volumeId: v.volumeId });
      expect(!r.ok && r.error.code, method).toBe('not-found');
    }
    // "replaces" naming a volume that is not the caller's is ignored: the owner's volume stays open.
    value(await call(b, 'openBrowsed', { path: 'small.tif', replaces: v.volumeId }));
    expect(store.get(v.volumeId, 'sa')).toBeDefined();
    api.endSession(b);
    expect(value<{ closed: boolean }>(await call(a, 'closeVolume', { volumeId: v.volumeId })).closed).toBe(true);
  });

  it('releases everything a session opened when it ends', async () => {
    value(await call(a, 'openBrowsed', { path: 'small.tif' }));
    value(await call(a, 'openBrowsed', { path: 'big.tif' }));
    expect(store.residentBytes()).toBe(600_300);
    api.endSession(a);
    await until(() => store.residentBytes() === 0);
  });

  it('counts the budget over every session, and keeps an over-budget file in Recent for a reduced load', async () => {
    const first = value<{ volumeId: string }>(await call(a, 'openBrowsed', { path: 'big.tif' }));
    const r = await call(b, 'openBrowsed', { path: 'big.tif' });
    expect(!r.ok && r.error.code).toBe('over-budget');
    const detail = !r.ok ? r.error.detail! : null;
    expect(detail?.recentId).toMatch(/^r[0-9a-f]{12}$/);
    expect(detail?.suggestion.zStep).toBe(2);
    // The suggested plan fits beside the other session's volume.
    value(await call(b, 'openRecent', { id: detail!.recentId, plan: detail!.suggestion }));
    api.endSession(a);
    api.endSession(b);
    void first;
    await until(() => store.residentBytes() === 0);
  });

  it('speaks of a dropped file by the user\'s name, and lets its copy go with its volume', async () => {
    dropped = {
      path: join(dir, 'dropped-1.tif'), displayName: 'my scan.tif',
      displayMessage: (m) => m.split('dropped-1.tif').join('my scan.tif'), release: () => released++,
    };
    const bad = await call(a, 'openDropped', { dropId: 'd0000000000000001', name: 'my scan.tif' });
    expect(!bad.ok && bad.error.message).toMatch(/^my scan\.tif: /);
    expect(await call(b, 'openDropped', { dropId: 'd0000000000000001', name: 'my scan.tif' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    symlinkSync(join(dir, 'small.tif'), join(dir, 'dropped-2.tif'));
    dropped = { ...dropped, path: join(dir, 'dropped-2.tif') };
    const v = value<{ volumeId: string; sourceName: string }>(await call(a, 'openDropped', { dropId: 'd0000000000000001', name: 'my scan.tif' }));
    expect(v.sourceName).toBe('my scan.tif');
    expect(released).toBe(0);
    value(await call(a, 'closeVolume', { volumeId: v.volumeId }));
    expect(released).toBe(1);
  });
});
