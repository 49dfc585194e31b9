import { describe, expect, it } from 'vitest';
import { componentsPerVoxel, type DType } from '../../../app/model/dtype.js';
import { planeCount, planeIndex } from '../../../app/model/volume.js';
import {
  arrivedSlice, extractPlane, planePixelSize, planeReady, planeSize, planeToVoxel, sliceCount, voxelToPlane, type Axis, ALL_PLANES, firstPlanes, planeCoverage,
} from '../../../app/view/planes.js';
import { coordValue, DIMS_5x4x3, syntheticVolume } from './synthetic.js';

const d = DIMS_5x4x3; // x 5, y 4, z 3, c 2, t 2
const ALL = planeCount(d);

/** What each plane pixel must hold: the voxel planeToVoxel names. */
function expectedPlane(axis: Axis, index: number, c: number, t: number, scale = 1): number[] {
  const { width, height } = planeSize(d, axis);
  const out: number[] = [];
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const v = planeToVoxel(axis, col, row, index);
      out.push(scale * coordValue(v.x, v.y, v.z, c, t));
    }
  }
  return out;
}

function extract(data: ReturnType<typeof syntheticVolume>, dtype: DType, axis: Axis, index: number, c: number, t: number, planesLoaded = ALL) {
  const loaded = firstPlanes(planesLoaded);
  const { width, height } = planeSize(d, axis);
  const out = new Float32Array(width * height).fill(-1);
  const ok = extractPlane({ data, dims: d, dtype, axis, index, c, t, loaded, out });
  return { ok, out: [...out] };
}

describe('plane geometry (Fiji Orthogonal Views layout)', () => {
  it('sizes: XY is X by Y, XZ is X by Z (below XY), YZ is Z by Y (right of XY)', () => {
    expect(planeSize(d, 'xy')).toEqual({ width: 5, height: 4 });
    expect(planeSize(d, 'xz')).toEqual({ width: 5, height: 3 });
    expect(planeSize(d, 'yz')).toEqual({ width: 3, height: 4 });
    expect([sliceCount(d, 'xy'), sliceCount(d, 'xz'), sliceCount(d, 'yz')]).toEqual([3, 4, 5]);
  });

  it('pixel sizes follow the plane axes; unusable spacings count as 1', () => {
    const s = { x: 0.5, y: 0.25, z: 2, t: 1 };
    expect(planePixelSize(s, 'xy')).toEqual({ x: 0.5, y: 0.25 });
    expect(planePixelSize(s, 'xz')).toEqual({ x: 0.5, y: 2 });
    expect(planePixelSize(s, 'yz')).toEqual({ x: 2, y: 0.25 });
    expect(planePixelSize({ x: 0, y: NaN, z: -3, t: 1 }, 'xz')).toEqual({ x: 1, y: 1 });
  });

  it('plane ↔ voxel coordinates round-trip on every axis', () => {
    expect(planeToVoxel('xy', 1, 2, 3)).toEqual({ x: 1, y: 2, z: 3 });
    expect(planeToVoxel('xz', 1, 2, 3)).toEqual({ x: 1, y: 3, z: 2 });
    expect(planeToVoxel('yz', 1, 2, 3)).toEqual({ x: 3, y: 2, z: 1 });
    for (const axis of ['xy', 'xz', 'yz'] as Axis[]) {
      const v = { x: 1.5, y: 2.25, z: 0.75 };
      const p = voxelToPlane(axis, v);
      expect(planeToVoxel(axis, p.col, p.row, p.slice)).toEqual(v);
    }
  });
});

describe('extractPlane', () => {
  const dtypes: DType[] = ['uint16', 'int16', 'uint32', 'int32', 'float32', 'float64', 'uint64', 'int64', 'complex64', 'complex128'];
  for (const dtype of dtypes) {
    it(`${dtype}: every plane of every axis, channel and time`, () => {
      const data = syntheticVolume(d, dtype);
      const scale = componentsPerVoxel(dtype) === 2 ? 5 : 1; // complex voxels are (3v, 4v)
      for (const axis of ['xy', 'xz', 'yz'] as Axis[]) {
        for (let index = 0; index < sliceCount(d, axis); index++) {
          for (const [c, t] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
            const r = extract(data, dtype, axis, index, c, t);
            expect(r.ok).toBe(true);
            expect(r.out).toEqual(expectedPlane(axis, index, c, t, scale));
          }
        }
      }
    });
  }

  it('spot values: xz row r is z = r, yz column is z', () => {
    const data = syntheticVolume(d, 'float32');
    // xz at y = 2, c = 1, t = 0: out[r * 5 + col] = col + 20 + 100 r + 1000
    expect(extract(data, 'float32', 'xz', 2, 1, 0).out.slice(5, 10)).toEqual([1120, 1121, 1122, 1123, 1124]);
    // yz at x = 3, c = 0, t = 1: out[row * 3 + col] = 3 + 10 row + 100 col + 10000
    expect(extract(data, 'float32', 'yz', 3, 0, 1).out.slice(3, 6)).toEqual([10013, 10113, 10213]);
  });

  it('uint8 single-channel volume', () => {
    const d8 = { x: 5, y: 4, z: 3, c: 1, t: 1 };
    const data = syntheticVolume(d8, 'uint8');
    const out = new Float32Array(4 * 3);
    expect(extractPlane({ data, dims: d8, dtype: 'uint8', axis: 'yz', index: 4, c: 0, t: 0, loaded: firstPlanes(3), out })).toBe(true);
    expect([...out]).toEqual([4, 104, 204, 14, 114, 214, 24, 124, 224, 34, 134, 234]);
  });

  it('64-bit integers come out as Number() gives them: negative, huge, and rounded beyond 2^53', () => {
    const u = [2n ** 64n - 1n, 2n ** 60n + 12345n, 7n, 0n];
    const s = [-1n, -(2n ** 63n), 2n ** 53n + 1n, -(2n ** 40n) - 3n];
    const d1 = { x: 2, y: 2, z: 1, c: 1, t: 1 };
    const xy = (data: BigInt64Array | BigUint64Array, dtype: DType) => {
      const out = new Float64Array(4); // wider than the Float32 output, to see the exact conversion
      const f32 = new Float32Array(4);
      extractPlane({ data, dims: d1, dtype, axis: 'xy', index: 0, c: 0, t: 0, loaded: firstPlanes(1), out: f32 });
      out.set(f32);
      return [...out];
    };
    expect(xy(new BigUint64Array(u), 'uint64')).toEqual(u.map((v) => Math.fround(Number(v))));
    expect(xy(new BigInt64Array(s), 'int64')).toEqual(s.map((v) => Math.fround(Number(v))));
    // Strided reads (yz) take the same path: column x = 1 of a 2x2x1 volume.
    const d2 = { x: 2, y: 2, z: 1, c: 1, t: 1 };
    const out = new Float32Array(2);
    extractPlane({ data: new BigInt64Array(s), dims: d2, dtype: 'int64', axis: 'yz', index: 1, c: 0, t: 0, loaded: firstPlanes(1), out });
    expect([...out]).toEqual([s[1], s[3]].map((v) => Math.fround(Number(v))));
  });

  it('partial loading: xy needs its own plane, xz/yz need every z plane of (c, t); out untouched when not ready', () => {
    const data = syntheticVolume(d, 'uint16');
    // Plane (z=1, c=1, t=0) is number 4 in canonical order.
    expect(planeIndex(d, 1, 1, 0)).toBe(4);
    expect(extract(data, 'uint16', 'xy', 1, 1, 0, 4)).toEqual({ ok: false, out: new Array(20).fill(-1) });
    expect(extract(data, 'uint16', 'xy', 1, 1, 0, 5).ok).toBe(true);
    // xz / yz of (c=1, t=0) read z = 0..2, i.e. planes 3..5: ready once 6 planes are in.
    for (const axis of ['xz', 'yz'] as Axis[]) {
      expect(extract(data, 'uint16', axis, 0, 1, 0, 5).ok).toBe(false);
      expect(extract(data, 'uint16', axis, 0, 1, 0, 6).ok).toBe(true);
      expect(planeReady(d, axis, 0, 0, 0, firstPlanes(3))).toBe(true);
      expect(planeReady(d, axis, 0, 0, 1, firstPlanes(8))).toBe(false); // (c=0, t=1) is planes 6..8
      expect(planeReady(d, axis, 0, 0, 1, firstPlanes(9))).toBe(true);
    }
    expect(extract(data, 'uint16', 'xy', 0, 0, 0, 0).ok).toBe(false);
  });

  it('refuses out-of-range slices, channels, times and short buffers', () => {
    const data = syntheticVolume(d, 'uint16');
    const out = new Float32Array(20);
    const base = { data, dims: d, dtype: 'uint16' as const, axis: 'xy' as const, index: 0, c: 0, t: 0, loaded: ALL_PLANES, out };
    expect(() => extractPlane({ ...base, index: 3 })).toThrow(RangeError);
    expect(() => extractPlane({ ...base, index: 0.5 })).toThrow(RangeError);
    expect(() => extractPlane({ ...base, c: 2 })).toThrow(RangeError);
    expect(() => extractPlane({ ...base, t: -1 })).toThrow(RangeError);
    expect(() => extractPlane({ ...base, out: new Float32Array(19) })).toThrow(RangeError);
    expect(() => extractPlane({ ...base, data: new Uint16Array(10) })).toThrow(RangeError);
  });
});

describe('extractPlane speed', () => {
  it('512x512 planes: xy well under a few ms, xz/yz row by row', () => {
    const big = { x: 512, y: 512, z: 64, c: 1, t: 1 };
    const data = new Uint16Array(new SharedArrayBuffer(big.x * big.y * big.z * 2));
    for (let i = 0; i < data.length; i++) data[i] = i & 0xffff;
    const time = (axis: Axis, index: number) => {
      const { width, height } = planeSize(big, axis);
      const out = new Float32Array(width * height);
      const runs: number[] = [];
      for (let k = 0; k < 15; k++) {
        const t0 = performance.now();
        extractPlane({ data, dims: big, dtype: 'uint16', axis, index, c: 0, t: 0, loaded: firstPlanes(64), out });
        runs.push(performance.now() - t0);
      }
      return runs.sort((a, b) => a - b)[7];
    };
    const xy = time('xy', 32), xz = time('xz', 200), yz = time('yz', 200);
    console.log(`extractPlane median ms: xy 512x512 ${xy.toFixed(3)}, xz 512x64 ${xz.toFixed(3)}, yz 64x512 ${yz.toFixed(3)}`);
    // Generous bounds: this guards against a pathological regression, not a benchmark.
    expect(xy).toBeLessThan(10);
    expect(xz).toBeLessThan(10);
    expect(yz).toBeLessThan(10);
  });
});

describe('arrivedSlice: what a view shows of a load that stopped part way', () => {
  it('keeps a slice that arrived, else takes the last that did; nothing arrived is null', () => {
    // d: 3 z planes per channel; planes arrive z fastest, then c, then t.
    expect(arrivedSlice(d, 2, firstPlanes(2))).toBe(1);
    expect(arrivedSlice(d, 0, firstPlanes(2))).toBe(0);
    expect(arrivedSlice(d, 1, firstPlanes(2))).toBe(1);
    expect(arrivedSlice(d, 2, firstPlanes(5))).toBe(2);
    expect(arrivedSlice(d, 2, firstPlanes(0))).toBeNull();
    // Every z plane of channel 0 has arrived once the first z count planes have.
    for (let z = 0; z < d.z; z++) expect(planeReady(d, 'xy', arrivedSlice(d, d.z - 1, firstPlanes(z + 1))!, 0, 0, firstPlanes(z + 1))).toBe(true);
  });
});

describe('planes that arrive out of order', () => {
  const set = (planes: number[]) => ({ has: (p: number) => planes.includes(p), complete: false });

  it('an xy plane needs its own plane; xz and yz are partial while some z planes are missing', () => {
    // d: 3 z planes per (c, t); plane (z, c=1, t=0) is 3 + z.
    expect(planeCoverage(d, 'xy', 2, 1, 0, set([5]))).toBe('full');
    expect(planeCoverage(d, 'xy', 1, 1, 0, set([5]))).toBe('none');
    expect(planeCoverage(d, 'xz', 0, 1, 0, set([5]))).toBe('partial');
    expect(planeCoverage(d, 'yz', 0, 1, 0, set([3, 4, 5]))).toBe('full');
    expect(planeCoverage(d, 'yz', 0, 0, 0, set([3, 4, 5]))).toBe('none');
  });

  it('draws the arrived z rows of an xz plane and the arrived columns of a yz plane, the rest NaN, only when asked', () => {
    const data = syntheticVolume(d, 'uint16');
    const loaded = set([planeIndex(d, 0, 0, 0), planeIndex(d, 2, 0, 0)]);
    const { width: w, height: h } = planeSize(d, 'xz');
    const xz = new Float32Array(w * h).fill(-1);
    expect(extractPlane({ data, dims: d, dtype: 'uint16', axis: 'xz', index: 1, c: 0, t: 0, loaded, out: xz })).toBe(false);
    expect(xz.every((v) => v === -1)).toBe(true);
    expect(extractPlane({ data, dims: d, dtype: 'uint16', axis: 'xz', index: 1, c: 0, t: 0, loaded, partial: true, out: xz })).toBe(true);
    const full = new Float32Array(w * h);
    extractPlane({ data, dims: d, dtype: 'uint16', axis: 'xz', index: 1, c: 0, t: 0, out: full });
    for (let row = 0; row < h; row++) {
      for (let col = 0; col < w; col++) {
        const i = row * w + col;
        if (row === 1) expect(xz[i]).toBeNaN();
        else expect(xz[i]).toBe(full[i]);
      }
    }
    const s = planeSize(d, 'yz');
    const yz = new Float32Array(s.width * s.height);
    const yzFull = new Float32Array(s.width * s.height);
    extractPlane({ data, dims: d, dtype: 'uint16', axis: 'yz', index: 3, c: 0, t: 0, loaded, partial: true, out: yz });
    extractPlane({ data, dims: d, dtype: 'uint16', axis: 'yz', index: 3, c: 0, t: 0, out: yzFull });
    for (let i = 0; i < yz.length; i++) {
      if (i % s.width === 1) expect(yz[i]).toBeNaN(); // column = z
      else expect(yz[i]).toBe(yzFull[i]);
    }
  });

  it('a load that stopped short is shown at the nearest slice that arrived', () => {
    expect(arrivedSlice(d, 1, set([planeIndex(d, 2, 0, 0)]))).toBe(2);
    expect(arrivedSlice(d, 0, set([planeIndex(d, 1, 0, 0), planeIndex(d, 2, 0, 0)]))).toBe(1);
    expect(arrivedSlice(d, 1, set([]))).toBeNull();
  });
});
