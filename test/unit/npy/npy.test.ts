import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../app/formats/errors.js';
import { npyReader, npyWriter } from '../../../app/formats/npy/index.js';
import { MemorySourceSet } from '../../../app/formats/source.js';
import type { DType } from '../../../app/model/dtype.js';
import type { Dims, VolumeMeta } from '../../../app/model/volume.js';
import { FIXTURES } from '../paths.js';
import { fileSourceSet } from '../sources.js';
import { ctx, decodeVolume, sha256 } from '../envi/decode-volume.js';
import { havePython, runPythonJson } from './debian-python.js';

interface FixtureCase { file: string; dims: Dims; dtype: string; big_endian: boolean; sha256: string }
const DIR = join(FIXTURES, 'npy');
const cases = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as FixtureCase[];

describe('npy fixtures', () => {
  for (const c of cases) {
    it(c.file, async () => {
      const { header, voxels } = await decodeVolume(npyReader, fileSourceSet(join(DIR, c.file)));
      expect(header.meta.dims).toEqual(c.dims);
      expect(header.meta.dtype).toBe(c.dtype);
      expect(sha256(voxels)).toBe(c.sha256);
      expect(npyReader.sniff(readFileSync(join(DIR, c.file)).subarray(0, 1024), c.file)).toBe(true);
    });
  }
});

/** A .npy file from a header dict and a data length, for the error cases. */
function npy(dict: string, dataBytes: number, major = 1): MemorySourceSet {
  const text = new TextEncoder().encode(dict + '\n');
  const lenBytes = major === 1 ? 2 : 4;
  const out = new Uint8Array(8 + lenBytes + text.length + dataBytes);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  out[8] = text.length & 0xff;
  out[9] = text.length >> 8;
  out.set(text, 8 + lenBytes);
  return new MemorySourceSet('a.npy', new Map([['a.npy', out]]));
}

describe('npy errors', () => {
  const fails = async (files: MemorySourceSet, pattern: RegExp) => {
    const e = await npyReader.readHeader(files, ctx).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(FormatError);
    expect((e as Error).message).toMatch(pattern);
  };
  const dict = (descr: string, shape: string) => `{'descr': ${descr}, 'fortran_order': False, 'shape': ${shape}, }`;
  it('bad magic', () => fails(new MemorySourceSet('a.npy', new Map([['a.npy', new Uint8Array(64)]])), /a\.npy: not a \.npy file/));
  it('object dtype', () => fails(npy(dict("'|O'", '(3,)'), 24), /unsupported dtype "\|O" \(Python objects\)/));
  it('structured dtype', () => fails(npy(dict("[('a', '<f4'), ('b', '<i4')]", '(3,)'), 24), /structured/));
  it('float16', () => fails(npy(dict("'<f2'", '(3,)'), 6), /float16/));
  it('truncated data', () => fails(npy(dict("'<f4'", '(2, 3, 4)'), 95), /truncated.*needs 96 bytes/));
  it('huge shape without allocating', () => fails(npy(dict("'<f8'", '(100000, 100000, 100000)'), 8), /truncated/));
  it('six axes', () => fails(npy(dict("'<u1'", '(1, 1, 1, 1, 1, 2)'), 2), /6-dimensional/));
  it('empty array', () => fails(npy(dict("'<u1'", '(0, 3)'), 0), /empty/));
  it('header past the end', async () => {
    const f = npy(dict("'<u1'", '(2,)'), 2);
    const bytes = new Uint8Array(await f.primary.read(0, f.primary.size));
    bytes[9] = 0xff;
    await fails(new MemorySourceSet('a.npy', new Map([['a.npy', bytes]])), /runs past the end/);
  });
  it('unknown version', async () => {
    const f = npy(dict("'<u1'", '(2,)'), 2, 4);
    await fails(f, /version 4\.0/);
  });
  it('garbled dict', () => fails(npy("{'descr': '<f4'}", 8), /not a valid \.npy dict/));
});

function meta(dims: Dims, dtype: DType): VolumeMeta {
  return {
    format: 'test', dims, dtype, spacing: { x: 1, y: 1, z: 1, t: 1 }, unit: '', timeUnit: '', channels: [],
    scaling: null, affine: null, extra: {}, warnings: [],
  };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let o = 0;
  for (const c of chunks) { out.set(c, o); o += c.byteLength; }
  return out;
}

describe('npy writer', () => {
  const shapes: [Dims, DType][] = [
    [{ x: 5, y: 4, z: 3, c: 1, t: 1 }, 'float32'],
    [{ x: 5, y: 4, z: 1, c: 1, t: 1 }, 'uint8'],
    [{ x: 3, y: 2, z: 2, c: 3, t: 1 }, 'int16'],
    [{ x: 3, y: 2, z: 2, c: 1, t: 4 }, 'complex128'],
    [{ x: 3, y: 2, z: 2, c: 2, t: 2 }, 'uint64'],
  ];
  for (const [dims, dtype] of shapes) {
    it(`round-trips ${dtype} ${JSON.stringify(dims)}`, async () => {
      const n = dims.x * dims.y * dims.z * dims.c * dims.t;
      const bpv = { float32: 4, uint8: 1, int16: 2, complex128: 16, uint64: 8 }[dtype as string]!;
      const voxels = new Uint8Array(n * bpv).map((_, i) => (i * 37 + 11) & 0xff);
      const chunks = npyWriter.encode(meta(dims, dtype), voxels);
      expect(chunks[0].byteLength % 64).toBe(0);
      const files = new MemorySourceSet('w.npy', new Map([['w.npy', concat(chunks)]]));
      const { header, voxels: back } = await decodeVolume(npyReader, files);
      expect(header.meta.dims).toEqual(dims);
      expect(header.meta.dtype).toBe(dtype);
      expect(back).toEqual(voxels);
    });
  }
  it('rejects a voxel buffer of the wrong size', () => {
    expect(() => npyWriter.encode(meta({ x: 2, y: 2, z: 1, c: 1, t: 1 }, 'uint16'), new Uint8Array(7))).toThrow(/need 8/);
  });

  it.skipIf(!havePython('numpy'))('numpy loads what we write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'npy-'));
    const dims = { x: 4, y: 3, z: 2, c: 2, t: 3 };
    const values = new Float32Array(4 * 3 * 2 * 2 * 3).map((_, i) => i * 0.5 - 7);
    const path = join(dir, 'out.npy');
    writeFileSync(path, concat(npyWriter.encode(meta(dims, 'float32'), new Uint8Array(values.buffer))));
    const r = runPythonJson(
      'import sys, json, numpy as np; a = np.load(sys.argv[1]); ' +
      'print(json.dumps({"shape": a.shape, "dtype": a.dtype.str, "f": bool(a.flags.f_contiguous and a.ndim > 1 and not a.flags.c_contiguous), "v": float(a[2, 1, 1, 2, 3]), "sum": float(a.sum())}))',
      [path]) as { shape: number[]; dtype: string; f: boolean; v: number; sum: number };
    expect(r.shape).toEqual([3, 2, 2, 3, 4]);
    expect(r.dtype).toBe('<f4');
    expect(r.f).toBe(false);
    expect(r.v).toBe(values[3 + 4 * (2 + 3 * (1 + 2 * (1 + 2 * 2)))]);
    expect(r.sum).toBeCloseTo(values.reduce((a, b) => a + b, 0), 3);
  });
});
