import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAllReaders } from '../../../app/formats/all-readers.js';
import { sniffReader } from '../../../app/formats/registry.js';
import type { VolumeReader } from '../../../app/formats/reader.js';
import { tiffWriter } from '../../../app/formats/tiff-writer/index.js';
import type { VolumeMeta } from '../../../app/model/volume.js';
import { loadWhole } from '../../../main/services/load-whole.js';
import { openHeader } from '../../../main/services/open-volume.js';
import { VolumeStore } from '../../../main/services/volume-store.js';
import { ctx, sha256 } from '../envi/decode-volume.js';
import { bytesPerVoxel } from '../../../app/model/dtype.js';
import { planeCount } from '../../../app/model/volume.js';
import { FIXTURES } from '../paths.js';
import { fileSourceSet } from '../sources.js';
import { deflateStripTiff } from './host-kit.js';
import { bundleDecodeWorker } from './decode-worker-bundle.js';

/**
 * The host's whole decode path with real worker threads (the worker is bundled here with esbuild, as
 * the build does): raw runs, pooled buffers, cancel. Every result must equal the reader's own
 * plane-by-plane decode.
 */
registerAllReaders();
const BUDGET = 1 << 30;
const OWNER = 'test';
let dir = '';
let store: VolumeStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vs-store-'));
  store = new VolumeStore(await bundleDecodeWorker(dir), 2);
});
afterAll(async () => {
  await store?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** SHA-256 of the reader's own decode in this thread: plane by plane, or as one stream (gzip). */
async function reference(path: string): Promise<string> {
  const files = fileSourceSet(path);
  const reader = sniffReader(await files.primary.read(0, Math.min(4096, files.primary.size)), basename(path)) as VolumeReader;
  const header = await reader.readHeader(files, ctx);
  const { dims, dtype } = header.meta;
  const planeBytes = dims.x * dims.y * bytesPerVoxel(dtype);
  const out = new Uint8Array(planeBytes * planeCount(dims));
  if (header.stream) await reader.decodeAll!(files, header, out, () => undefined, ctx);
  else for (let p = 0; p < planeCount(dims); p++) await reader.decodePlane!(files, header, p, out.subarray(p * planeBytes, (p + 1) * planeBytes), ctx);
  return sha256(out);
}

const throughStore = (path: string): Promise<string> => loadWhole(path, store, BUDGET, (_o, v) => sha256(v.bytes));

function uint8Meta(x: number, y: number, z: number): VolumeMeta {
  return {
    format: 'tiff', dims: { x, y, z, c: 1, t: 1 }, dtype: 'uint8', spacing: { x: 1, y: 1, z: 1, t: 1 }, unit: '', timeUnit: '',
    channels: [{ name: '', wavelength: null }], scaling: null, affine: null, extra: {}, warnings: [],
  };
}

const deflateTiff = (w: number, h: number, planes: Uint8Array[]): Buffer => deflateStripTiff(w, h, planes.map((p) => deflateSync(p)));

describe('VolumeStore with worker threads', () => {
  const fixtures = ['tiff', 'nifti', 'npy', 'envi'].flatMap((d) =>
    readdirSync(join(FIXTURES, d)).filter((n) => /\.(tif|nii|nii\.gz|npy|hdr)$/.test(n) && !n.startsWith('corrupt') && !n.startsWith('truncated')).map((n) => join(FIXTURES, d, n)));

  it('decodes every fixture exactly as the readers do plane by plane (raw runs and decoded planes)', async () => {
    expect(fixtures.length).toBeGreaterThan(40);
    for (const path of fixtures) expect(await throughStore(path), basename(path)).toBe(await reference(path));
  });

  it('reuses a closed volume\'s buffer, and a reused buffer gives the same voxels as a new one', async () => {
    // 64 planes of 4 KB: A is raw (read in runs); B is deflate with every plane's second half missing.
    const X = 64, Y = 64, Z = 64;
    const a = new Uint8Array(X * Y * Z).fill(0xab);
    writeFileSync(join(dir, 'a.tif'), Buffer.concat(tiffWriter.encode(uint8Meta(X, Y, Z), a).map((c) => Buffer.from(c))));
    const half = Array.from({ length: Z }, (_, z) => new Uint8Array((X * Y) / 2).fill(z + 1));
    writeFileSync(join(dir, 'b.tif'), deflateTiff(X, Y, half));
    const want = new Uint8Array(X * Y * Z);
    for (let z = 0; z < Z; z++) want.fill(z + 1, z * X * Y, z * X * Y + (X * Y) / 2);

    store.buffers.drain();
    const first = store.load(await openHeader(join(dir, 'a.tif'), BUDGET), OWNER);
    await first.whenLoaded();
    expect(first.bytes.every((b) => b === 0xab)).toBe(true);
    const sab = first.sab;
    store.close(first.id, OWNER);
    await until(() => store.buffers.bytesKept > 0);
    const second = store.load(await openHeader(join(dir, 'b.tif'), BUDGET), OWNER);
    expect(second.sab).toBe(sab);
    await second.whenLoaded();
    expect(sha256(second.bytes)).toBe(sha256(want)); // no 0xab left where planes were not written
    store.close(second.id, OWNER);
  });

  it('keeps a held volume\'s buffer out of the pool until released', async () => {
    // The earlier tests' volumes go back to the pool once their workers are done (late, on a busy machine).
    await until(() => store.residentBytes() === 0);
    store.buffers.drain();
    const v = store.load(await openHeader(fixtures.find((f) => f.endsWith('stack_uint16_le.tif'))!, BUDGET), OWNER);
    await v.whenLoaded();
    const release = v.hold();
    store.close(v.id, OWNER);
    await new Promise((r) => setTimeout(r, 50));
    expect(store.buffers.bytesKept).toBe(0);
    release();
    expect(store.buffers.bytesKept).toBe(v.sab.byteLength);
  });

  it('reads a small volume stored as it is decoded in one read of its own (no decode worker), and names a file that shrank', async () => {
    const X = 32, Y = 16, Z = 8;
    const voxels = Uint16Array.from({ length: X * Y * Z }, (_, i) => (i * 7919) & 0xffff);
    const header = `{'descr': '<u2', 'fortran_order': False, 'shape': (${Z}, ${Y}, ${X}), }`.padEnd(117, ' ') + '\n';
    const npy = Buffer.concat([Buffer.from([0x93, ...Buffer.from('NUMPY'), 1, 0, 118, 0]), Buffer.from(header, 'latin1'), Buffer.from(voxels.buffer)]);
    const path = join(dir, 'direct.npy');
    writeFileSync(path, npy);
    const v = store.load(await openHeader(path, BUDGET), OWNER);
    expect(v.job).toBeNull(); // read here, not handed to the decode pool
    await v.whenLoaded();
    expect(Buffer.from(v.bytes).equals(Buffer.from(voxels.buffer))).toBe(true);
    expect(v.planesDone).toBe(Z);
    store.close(v.id, OWNER);
    // The header was checked against the file; the file then lost its last plane before the read.
    const opened = await openHeader(path, BUDGET);
    writeFileSync(path, npy.subarray(0, npy.length - X * Y * 2));
    const short = store.load(opened, OWNER);
    await expect(short.whenLoaded()).rejects.toThrow(/direct\.npy: file shrank/);
    expect(short.status).toBe('error');
    store.close(short.id, OWNER);
  });

  it('cancel stops the load, drops the volume, and its buffer goes back once the workers are done', async () => {
    const Z = 400;
    const planes = Array.from({ length: Z }, (_, z) => new Uint8Array(256 * 256).fill(z & 255));
    writeFileSync(join(dir, 'slow.tif'), deflateTiff(256, 256, planes));
    store.buffers.drain();
    const v = store.load(await openHeader(join(dir, 'slow.tif'), BUDGET), OWNER);
    expect(store.cancel(v.id, OWNER)).toBe(true);
    await expect(v.whenLoaded()).rejects.toThrow();
    expect(v.status).toBe('cancelled');
    expect(v.planesDone).toBeLessThan(Z);
    expect(store.get(v.id, OWNER)).toBeUndefined();
    await until(() => store.buffers.bytesKept === v.byteLength);
  });
});

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}
