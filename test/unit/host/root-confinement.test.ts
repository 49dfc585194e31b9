import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodName, Result } from '../../../app/ipc/contract.js';
import { registerAllReaders } from '../../../app/formats/all-readers.js';
import { tiffWriter } from '../../../app/formats/tiff-writer/index.js';
import type { VolumeMeta } from '../../../app/model/volume.js';
import type { ClientSession } from '../../../main/services/sessions.js';
import { HostApi, type HostPlatform } from '../../../main/services/host-api.js';
import { openHeader } from '../../../main/services/open-volume.js';
import { RecentFiles } from '../../../main/services/recent-files.js';
import { VolumeStore } from '../../../main/services/volume-store.js';
import { FIXTURES } from '../paths.js';
import { bundleDecodeWorker } from './decode-worker-bundle.js';

/** The session these tests open volumes for. */
const OWNER = 'test';

/**
 * The browser host reads nothing outside --root: not the chosen file, not the files a reader asks for
 * beside it (ENVI data, the .img of a pair, sequence members), not a recent entry; the file browser
 * lists no way out; and what the workers decode is the file that was checked, even if its path is
 * swapped for a link between the header check and the decode. Every refused file here holds bytes
 * (0x5a) that a leak would show as voxels.
 */
registerAllReaders();
const BUDGET = 1 << 30;
const SECRET = 0x5a;
const DROP = 'd0123456789abcdef';
let work = '';
let root = '';
let outside = '';
let store: VolumeStore;
let recent: RecentFiles;
let api: HostApi;

const enviHeader = (x: number, y: number): string =>
  `ENVI\nsamples = ${x}\nlines = ${y}\nbands = 1\nheader offset = 0\ndata type = 1\ninterleave = bsq\nbyte order = 0\n`;

function uint8Tiff(path: string, x: number, y: number, z: number, value: number): void {
  const meta: VolumeMeta = {
    format: 'tiff', dims: { x, y, z, c: 1, t: 1 }, dtype: 'uint8', spacing: { x: 1, y: 1, z: 1, t: 1 }, unit: '', timeUnit: '',
    channels: [{ name: '', wavelength: null }], scaling: null, affine: null, extra: {}, warnings: [],
  };
  writeFileSync(path, Buffer.concat(tiffWriter.encode(meta, new Uint8Array(x * y * z).fill(value)).map((c) => Buffer.from(c))));
}

function copySequence(dir: string, linkOut: string | null): void {
  mkdirSync(dir);
  for (const n of ['gray8_0001.png', 'gray8_0002.png', 'gray8_0003.png']) {
    if (n === linkOut) {
      copyFileSync(join(FIXTURES, 'sequence', n), join(outside, n));
      symlinkSync(join(outside, n), join(dir, n));
    } else {
      copyFileSync(join(FIXTURES, 'sequence', n), join(dir, n));
    }
  }
}

const session: ClientSession = { id: OWNER, emit: () => undefined };

async function call(method: MethodName, params: unknown): Promise<Result<unknown>> {
  return api.dispatch(session, method, params);
}

/** The voxels of an opened volume, once loaded. */
async function voxels(r: Result<unknown>): Promise<Uint8Array> {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  const v = store.get((r.value as { volumeId: string }).volumeId, OWNER)!;
  await v.whenLoaded();
  return v.bytes.slice();
}

function expectRefused(r: Result<unknown>, message: RegExp): void {
  expect(r.ok ? { ok: true, opened: (r.value as { sourceName: string }).sourceName } : r).toMatchObject({ ok: false, error: { code: 'not-found' } });
  if (!r.ok) expect(r.error.message).toMatch(message);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'vs-confine-'));
  root = join(work, 'root');
  outside = join(work, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret'), new Uint8Array(16).fill(SECRET));
  writeFileSync(join(outside, 'secret.img'), new Uint8Array(288).fill(SECRET));
  uint8Tiff(join(outside, 'secret.tif'), 4, 4, 1, SECRET);

  // ENVI: data file linked out; and one linked to a file inside the root (fine).
  writeFileSync(join(root, 'cube.hdr'), enviHeader(4, 4));
  symlinkSync(join(outside, 'secret'), join(root, 'cube'));
  writeFileSync(join(root, 'good.hdr'), enviHeader(4, 4));
  mkdirSync(join(root, 'data'));
  writeFileSync(join(root, 'data', 'good.raw'), new Uint8Array(16).fill(0x11));
  symlinkSync(join(root, 'data', 'good.raw'), join(root, 'good'));
  // NIfTI pair whose .img is a link out.
  copyFileSync(join(FIXTURES, 'nifti', 'pair_uint8.hdr'), join(root, 'pair.hdr'));
  symlinkSync(join(outside, 'secret.img'), join(root, 'pair.img'));
  // Sequences: one member linked out; and one with a member linked inside (fine).
  copySequence(join(root, 'seq'), 'gray8_0003.png');
  copySequence(join(root, 'seq-ok'), null);
  copySequence(join(root, 'seq-plain'), null);
  renameSync(join(root, 'seq-ok', 'gray8_0002.png'), join(root, 'data', 'gray8_0002.png'));
  symlinkSync(join(root, 'data', 'gray8_0002.png'), join(root, 'seq-ok', 'gray8_0002.png'));
  // A folder link out of the root, a file link out, a broken link, a link inside.
  symlinkSync(outside, join(root, 'away'));
  symlinkSync(join(outside, 'secret.tif'), join(root, 'leak.tif'));
  symlinkSync(join(root, 'nowhere.tif'), join(root, 'broken.tif'));
  uint8Tiff(join(root, 'data', 'inner.tif'), 4, 4, 1, 0x22);
  symlinkSync(join(root, 'data', 'inner.tif'), join(root, 'alias.tif'));

  store = new VolumeStore(await bundleDecodeWorker(work), 2);
  recent = new RecentFiles(join(work, 'config'));
  const platform: HostPlatform = {
    kind: 'browser', name: 'Voxelscope', version: 'test', versions: {}, memoryBudget: BUDGET, root,
    resolveDrop: (_s, id, name) => (id === DROP ? { path: join(work, 'drop', name), displayName: name, displayMessage: (m) => m, release: () => undefined } : null),
  };
  api = new HostApi(store, recent, platform);
});
afterAll(async () => {
  await store?.destroy();
  rmSync(work, { recursive: true, force: true });
});

describe('the browser host reads nothing outside its root', () => {
  it('refuses an ENVI header whose data file is a link out of the root', async () => {
    expectRefused(await call('openBrowsed', { path: 'cube.hdr' }), /cube: outside the served root/);
  });

  it('opens an ENVI header whose data file is a link to a file inside the root', async () => {
    expect((await voxels(await call('openBrowsed', { path: 'good.hdr' }))).every((b) => b === 0x11)).toBe(true);
  });

  it('refuses a NIfTI .hdr whose .img is a link out of the root', async () => {
    expectRefused(await call('openBrowsed', { path: 'pair.hdr' }), /pair\.img: outside the served root/);
  });

  it('refuses a sequence with a member linked out, opened as a folder or from a member', async () => {
    expectRefused(await call('openBrowsed', { path: 'seq' }), /gray8_0003\.png: outside the served root/);
    expectRefused(await call('openBrowsed', { path: 'seq/gray8_0001.png' }), /gray8_0003\.png: outside the served root/);
  });

  it('opens a sequence whose member is a link inside the root', async () => {
    const r = await call('openBrowsed', { path: 'seq-ok' });
    expect(r.ok && (r.value as { meta: VolumeMeta }).meta.dims.z).toBe(3);
    expect(await voxels(r)).toEqual(await voxels(await call('openBrowsed', { path: 'seq-plain' })));
  });

  it('refuses a folder link out of the root and every file under it', async () => {
    expectRefused(await call('browse', { dir: 'away' }), /outside the served root/);
    expectRefused(await call('openBrowsed', { path: 'away' }), /outside the served root/);
    expectRefused(await call('openBrowsed', { path: 'away/secret.tif' }), /outside the served root/);
    expectRefused(await call('openBrowsed', { path: 'leak.tif' }), /outside the served root/);
  });

  it('lists no entry that leaves the root (nor broken links), and links inside with their target', async () => {
    const r = await call('browse', { dir: '' });
    if (!r.ok) throw new Error(r.error.message);
    const entries = (r.value as { entries: { name: string; kind: string; size: number }[] }).entries;
    const names = entries.map((e) => e.name);
    expect(names).not.toContain('away');
    expect(names).not.toContain('leak.tif');
    expect(names).not.toContain('broken.tif');
    expect(names).not.toContain('cube'); // its target is outside: listing it would leak the target's size
    expect(entries.find((e) => e.name === 'alias.tif')).toEqual({ name: 'alias.tif', kind: 'file', size: readFileSync(join(root, 'data', 'inner.tif')).length });
    expect(entries.find((e) => e.name === 'good')).toEqual({ name: 'good', kind: 'file', size: 16 });
    expect(names.slice(0, 4)).toEqual(['data', 'seq', 'seq-ok', 'seq-plain']);
  });

  it('refuses a recent entry outside the root, and does not list it; one inside opens', async () => {
    const outsideId = recent.add(join(outside, 'secret.tif'));
    const r = await call('recentList', {});
    expect(r.ok && (r.value as { id: string }[]).map((e) => e.id)).not.toContain(outsideId);
    expectRefused(await call('openRecent', { id: outsideId }), /not in the recent files list/);
    const insideId = recent.add(join(root, 'data', 'inner.tif'));
    expect((await voxels(await call('openRecent', { id: insideId }))).every((b) => b === 0x22)).toBe(true);
    // The page learns the entry's name, never where it is.
    const listed = await call('recentList', {});
    expect(listed.ok && (listed.value as { id: string }[]).find((e) => e.id === insideId)).toEqual({ id: insideId, name: 'inner.tif', openedAt: expect.any(String) });
  });

  it('a dropped file reads nothing beside its drop, and opens again with a reduced plan (the over-budget offer)', async () => {
    mkdirSync(join(work, 'drop'));
    writeFileSync(join(work, 'drop', 'up.hdr'), enviHeader(4, 4));
    symlinkSync(join(outside, 'secret'), join(work, 'drop', 'up'));
    expectRefused(await call('openDropped', { dropId: DROP, name: 'up.hdr' }), /up: outside the served root/);
    uint8Tiff(join(work, 'drop', 'up.tif'), 4, 4, 1, 0x66);
    const r = await call('openDropped', { dropId: DROP, name: 'up.tif' });
    expect([...new Set(await voxels(r))]).toEqual([0x66]);
    expect([...new Set(await voxels(await call('openDropped', { dropId: DROP, name: 'up.tif', plan: { xyBin: 2 } })))]).toEqual([0x66]);
    expect(recent.list().find((e) => e.name === 'up.tif')).toBeUndefined(); // a drop's copy is not worth remembering
  });
});

describe('what is decoded is the file that was checked', () => {
  /** Replaces `path` with a symbolic link to `target` in one rename, as an attacker racing the host would. */
  function swapForLink(path: string, target: string): void {
    symlinkSync(target, path + '.swap');
    renameSync(path + '.swap', path);
  }

  it('a file swapped for a link between the header check and the decode is still read from the checked file', async () => {
    uint8Tiff(join(root, 'swap.tif'), 4, 4, 1, 0x33);
    const opened = await openHeader(join(root, 'swap.tif'), BUDGET);
    swapForLink(join(root, 'swap.tif'), join(outside, 'secret.tif'));
    const v = store.load(opened, OWNER);
    await v.whenLoaded();
    expect([...new Set(v.bytes)]).toEqual([0x33]);
    store.close(v.id, OWNER);
  });

  it('an ENVI data file swapped for a link after the header check is still read from the checked file', async () => {
    writeFileSync(join(root, 'late.hdr'), enviHeader(4, 4));
    writeFileSync(join(root, 'late'), new Uint8Array(16).fill(0x44));
    const opened = await openHeader(join(root, 'late.hdr'), BUDGET);
    swapForLink(join(root, 'late'), join(outside, 'secret'));
    const v = store.load(opened, OWNER);
    await v.whenLoaded();
    expect([...new Set(v.bytes)]).toEqual([0x44]);
    store.close(v.id, OWNER);
  });
});
