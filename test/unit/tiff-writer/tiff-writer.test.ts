import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rational } from '../../../app/formats/tiff-writer/imagej.js';
import { tiffWriter } from '../../../app/formats/tiff-writer/index.js';
import { bytesPerVoxel, type DType } from '../../../app/model/dtype.js';
import { planeIndex, type Dims, type VolumeMeta } from '../../../app/model/volume.js';
import { MemorySourceSet } from '../../../app/formats/source.js';
import { decodeVolume, sha256 } from '../envi/decode-volume.js';
import { havePython, runPythonJson } from '../npy/debian-python.js';
import { REPO } from '../paths.js';

function meta(dims: Dims, dtype: DType, extra: Partial<VolumeMeta> = {}): VolumeMeta {
  return {
    format: 'test', dims, dtype, spacing: { x: 0.25, y: 0.4, z: 1.5, t: 2.5 }, unit: 'um', timeUnit: 's',
    channels: [], scaling: null, affine: null, extra: {}, warnings: [], ...extra,
  };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let o = 0;
  for (const c of chunks) { out.set(c, o); o += c.byteLength; }
  return out;
}

/** Deterministic voxels whose bytes differ per plane. */
function voxelsFor(dims: Dims, dtype: DType): Uint8Array {
  const n = dims.x * dims.y * dims.z * dims.c * dims.t;
  const b = new Uint8Array(n * bytesPerVoxel(dtype));
  if (dtype === 'float32') new Float32Array(b.buffer).forEach((_, i, a) => { a[i] = Math.sin(i) * 100; });
  else if (dtype === 'float64') new Float64Array(b.buffer).forEach((_, i, a) => { a[i] = Math.cos(i) * 1e5; });
  else b.forEach((_, i) => { b[i] = (i * 131 + (i >> 7)) & 0xff; });
  return b;
}

/** The canonical voxels reordered to ImageJ's T, Z, C, Y, X, as tifffile returns them. */
function imagejOrder(dims: Dims, dtype: DType, voxels: Uint8Array): Uint8Array {
  const planeBytes = dims.x * dims.y * bytesPerVoxel(dtype);
  const out = new Uint8Array(voxels.byteLength);
  let i = 0;
  for (let t = 0; t < dims.t; t++) for (let z = 0; z < dims.z; z++) for (let c = 0; c < dims.c; c++) {
    const p = planeIndex(dims, z, c, t);
    out.set(voxels.subarray(p * planeBytes, (p + 1) * planeBytes), i++ * planeBytes);
  }
  return out;
}

describe('tiff writer structure', () => {
  it('writes a little-endian classic TIFF with one IFD per plane and the ImageJ description first', () => {
    const dims = { x: 5, y: 3, z: 2, c: 3, t: 2 };
    const file = concat(tiffWriter.encode(meta(dims, 'uint16'), voxelsFor(dims, 'uint16'), { provenance: '{"op":"gaussian"}' }));
    const v = new DataView(file.buffer);
    expect([...file.subarray(0, 4)]).toEqual([0x49, 0x49, 42, 0]);
    let ifd = v.getUint32(4, true);
    let count = 0;
    let description = '';
    let firstStrip = -1;
    while (ifd) {
      const n = v.getUint16(ifd, true);
      for (let e = 0; e < n; e++) {
        const o = ifd + 2 + 12 * e;
        const tag = v.getUint16(o, true);
        if (tag === 270) {
          const len = v.getUint32(o + 4, true);
          const at = v.getUint32(o + 8, true);
          description = new TextDecoder().decode(file.subarray(at, at + len - 1));
        }
        if (tag === 273 && count === 0) firstStrip = v.getUint32(o + 8, true);
      }
      ifd = v.getUint32(ifd + 2 + 12 * n, true);
      count++;
    }
    expect(count).toBe(12);
    expect(description).toMatch(/^ImageJ=1\.11a\nimages=12\nchannels=3\nslices=2\nframes=2\nhyperstack=true\nmode=composite\nunit=um\nspacing=1\.5\nfinterval=2\.5\n/);
    // ImageJ reads all planes from the first strip on: the data must be one block in ImageJ order.
    expect(file.subarray(firstStrip)).toEqual(imagejOrder(dims, 'uint16', voxelsFor(dims, 'uint16')));
  });

  it('refuses complex data and wrong-sized buffers', () => {
    const dims = { x: 2, y: 2, z: 1, c: 1, t: 1 };
    expect(() => tiffWriter.encode(meta(dims, 'complex64'), new Uint8Array(32))).toThrow(/complex64/);
    expect(() => tiffWriter.encode(meta(dims, 'uint8'), new Uint8Array(3))).toThrow(/need 4/);
  });

  it('approximates resolutions with 32-bit rationals', () => {
    expect(rational(4)).toEqual([4, 1]);
    expect(rational(2.5)).toEqual([5, 2]);
    const [p, q] = rational(1 / 0.1625);
    expect(p / q).toBeCloseTo(1 / 0.1625, 12);
    expect(rational(1e-12)[0]).toBeGreaterThan(0);
  });
});

const TIFFFILE_INFO = `
import sys, json, hashlib, tifffile, numpy as np
with tifffile.TiffFile(sys.argv[1]) as tf:
    s = tf.series[0]
    a = s.asarray()
    p = tf.pages[0]
    ij = tf.imagej_metadata or {}
    xr = p.tags['XResolution'].value; yr = p.tags['YResolution'].value
    print(json.dumps({
        'is_imagej': tf.is_imagej, 'axes': s.axes, 'shape': list(a.shape), 'dtype': a.dtype.name,
        'spacing_x': xr[1] / xr[0], 'spacing_y': yr[1] / yr[0], 'unit': ij.get('unit'),
        'spacing': ij.get('spacing'), 'finterval': ij.get('finterval'), 'info': ij.get('Info'),
        'min': ij.get('min'), 'max': ij.get('max'), 'pages': len(tf.pages), 'labels': list(ij.get('Labels', [])),
        'ranges': [float(v) for v in ij.get('Ranges', [])],
        'luts': [[int(v) for v in l[:, 255]] for l in ij.get('LUTs', [])] if isinstance(ij.get('LUTs'), list) else
                ([[int(v) for v in ij['LUTs'][:, 255]]] if 'LUTs' in ij else []),
        'sha256': hashlib.sha256(a.astype(a.dtype.newbyteorder('<')).tobytes()).hexdigest()}))
`;

interface TifffileReport {
  is_imagej: boolean; axes: string; shape: number[]; dtype: string; spacing_x: number; spacing_y: number;
  unit: string; spacing: number; finterval: number; info: string | null; min: number; max: number; pages: number; sha256: string;
  ranges: number[]; luts: number[][]; labels: string[];
}

describe.skipIf(!havePython('tifffile', 'numpy'))('tifffile reads our ImageJ hyperstacks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tiffw-'));
  const cases: [string, Dims, DType, string, number[]][] = [
    ['tzcyx uint16', { x: 7, y: 5, z: 3, c: 2, t: 4 }, 'uint16', 'TZCYX', [4, 3, 2, 5, 7]],
    ['zyx float32', { x: 6, y: 4, z: 5, c: 1, t: 1 }, 'float32', 'ZYX', [5, 4, 6]],
    ['cyx uint8', { x: 6, y: 4, z: 1, c: 3, t: 1 }, 'uint8', 'CYX', [3, 4, 6]],
    ['tyx int16', { x: 6, y: 4, z: 1, c: 1, t: 3 }, 'int16', 'TYX', [3, 4, 6]],
    ['zcyx float64', { x: 3, y: 2, z: 2, c: 2, t: 1 }, 'float64', 'ZCYX', [2, 2, 2, 3]],
    ['yx uint32', { x: 9, y: 2, z: 1, c: 1, t: 1 }, 'uint32', 'YX', [2, 9]],
  ];
  for (const [name, dims, dtype, axes, shape] of cases) {
    it(name, () => {
      const m = meta(dims, dtype);
      // Colours on the first channel only: the others get ImageJ's defaults (green, blue, ...). Its name is
      // the slice label of each of its planes.
      if (dims.c > 1) m.channels = [{ name: 'a', wavelength: null, color: 0xff8000 }];
      const voxels = voxelsFor(dims, dtype);
      const path = join(dir, `${name.replace(/ /g, '_')}.tif`);
      writeFileSync(path, concat(tiffWriter.encode(m, voxels, { provenance: '{"source": "µ-test.tif"}' })));
      const r = runPythonJson(TIFFFILE_INFO, [path]) as TifffileReport;
      expect(r.is_imagej).toBe(true);
      expect(r.axes).toBe(axes);
      expect(r.shape).toEqual(shape);
      expect(r.dtype).toBe(dtype);
      expect(r.pages).toBe(dims.z * dims.c * dims.t);
      expect(r.spacing_x).toBeCloseTo(0.25, 9);
      expect(r.spacing_y).toBeCloseTo(0.4, 9);
      expect(r.unit).toBe('um');
      expect(r.spacing).toBe(1.5);
      expect(r.finterval).toBe(2.5);
      expect(r.info).toBe('{"source": "µ-test.tif"}');
      expect(r.min).toBeLessThanOrEqual(r.max);
      if (dims.c > 1) {
        expect(r.ranges.length).toBe(2 * dims.c);
        expect(r.ranges[0]).toBeLessThanOrEqual(r.ranges[1]);
        expect(r.luts).toEqual([[255, 128, 0], [0, 255, 0], [0, 0, 255]].slice(0, dims.c));
        expect(r.labels).toEqual(Array.from({ length: r.pages }, (_, i) => (i % dims.c === 0 ? 'a' : '')));
      } else {
        expect(r.ranges).toEqual([]);
        expect(r.labels).toEqual([]);
      }
      expect(r.sha256).toBe(createHash('sha256').update(imagejOrder(dims, dtype, voxels)).digest('hex'));
    });
  }
});

describe.skipIf(!existsSync(join(REPO, 'app/formats/tiff/index.ts')))('our TIFF reader reads what we write', () => {
  const cases: [Dims, DType][] = [
    [{ x: 7, y: 5, z: 3, c: 2, t: 4 }, 'uint16'],
    [{ x: 6, y: 4, z: 5, c: 1, t: 1 }, 'float32'],
    [{ x: 6, y: 4, z: 1, c: 3, t: 2 }, 'int16'],
  ];
  for (const [dims, dtype] of cases) {
    it(`${dtype} ${JSON.stringify(dims)}`, async () => {
      const { tiffReader } = await import('../../../app/formats/tiff/index.js');
      const voxels = voxelsFor(dims, dtype);
      const m = meta(dims, dtype);
      // Channel names go out as slice labels and come back as names.
      if (dims.c > 1) m.channels = ['DAPI', 'GFP', 'mCherry'].slice(0, dims.c).map((name) => ({ name, wavelength: null }));
      const file = concat(tiffWriter.encode(m, voxels, { provenance: 'made by a test' }));
      const files = new MemorySourceSet('w.tif', new Map([['w.tif', file]]));
      const { header, voxels: back } = await decodeVolume(tiffReader, files);
      expect(header.meta.dims).toEqual(dims);
      expect(header.meta.dtype).toBe(dtype);
      expect(header.meta.spacing.x).toBeCloseTo(0.25, 9);
      expect(header.meta.spacing.y).toBeCloseTo(0.4, 9);
      if (dims.z > 1) expect(header.meta.spacing.z).toBe(1.5);
      if (dims.t > 1) expect(header.meta.spacing.t).toBe(2.5);
      expect(header.meta.channels.map((c) => c.name)).toEqual(m.channels.length ? m.channels.map((c) => c.name) : Array(dims.c).fill(''));
      expect(sha256(back)).toBe(sha256(voxels));
    });
  }
});
