import { describe, expect, it } from 'vitest';
import { ChannelStatisticsBuilder, type ChannelStatistics } from '../../../app/lut/channel-statistics.js';
import { computeHistogram, mergeHistograms, type Histogram } from '../../../app/lut/histogram.js';
import { integerValued, valueMapping, type ValueMapping } from '../../../app/model/calibration.js';
import { typedView, type DType, type TypedArray } from '../../../app/model/dtype.js';
import type { Dims } from '../../../app/model/volume.js';
import { extractPlane } from '../../../app/view/planes.js';

/**
 * The statistics built plane by plane, in any order, equal the two-pass reference: each channel's range
 * over all its planes, then its histogram with that range (what the viewer computed before).
 */
function reference(data: TypedArray, dims: Dims, dtype: DType, values: ValueMapping, bins: number): ChannelStatistics[] {
  const plane = new Float32Array(dims.x * dims.y);
  const each = (c: number, f: () => void): void => {
    for (let t = 0; t < dims.t; t++) for (let z = 0; z < dims.z; z++) {
      extractPlane({ data, dims, dtype, axis: 'xy', index: z, c, t, out: plane, values });
      f();
    }
  };
  const out: ChannelStatistics[] = [];
  for (let c = 0; c < dims.c; c++) {
    let min = Infinity, max = -Infinity;
    each(c, () => plane.forEach((v) => {
      if (v < min && v !== -Infinity) min = v;
      if (v > max && v !== Infinity) max = v;
    }));
    if (!(min <= max)) [min, max] = [0, 0];
    let h: Histogram | null = null;
    each(c, () => {
      const p = computeHistogram(plane, plane.length, bins, [min, max], integerValued(dtype, values));
      h = h ? mergeHistograms(h, p) : p;
    });
    out.push({ min, max, histogram: h! });
  }
  return out;
}

function volume(dtype: DType, dims: Dims, seed: number): TypedArray {
  const n = dims.x * dims.y * dims.z * dims.c * dims.t * (dtype.startsWith('complex') ? 2 : 1);
  const bytes = new Uint8Array(n * 16);
  let s = seed >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    bytes[i] = s >>> 24;
  }
  const view = typedView(dtype, bytes.buffer, 0, n / (dtype.startsWith('complex') ? 2 : 1));
  // Floats from random bytes include NaN and infinities; keep some, tame the rest.
  if (view instanceof Float32Array || view instanceof Float64Array) for (let i = 0; i < view.length; i++) if (i % 97 && !Number.isFinite(view[i])) view[i] = i % 5;
  return view;
}

const plain = (h: Histogram) => ({ ...h, counts: [...h.counts], outside: h.outside ?? 0 });
const shuffled = (n: number, seed: number): number[] => {
  const a = Array.from({ length: n }, (_, i) => i);
  let s = seed;
  for (let i = n - 1; i > 0; i--) {
    s = (s * 16807) % 2147483647;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
};

describe('ChannelStatisticsBuilder', () => {
  const dims: Dims = { x: 7, y: 5, z: 3, c: 2, t: 2 };
  const cases: [DType, ValueMapping][] = [
    ['uint8', valueMapping(null)], ['int8', valueMapping(null)], ['uint16', valueMapping(null)], ['int16', valueMapping(null)],
    ['int16', valueMapping({ slope: 1, inter: -1024 })], ['uint16', valueMapping({ slope: -3, inter: 7 })], ['uint8', valueMapping({ slope: 0.5, inter: 0 })],
    ['uint32', valueMapping(null)], ['int32', valueMapping({ slope: 2, inter: 1 })], ['float32', valueMapping(null)], ['float64', valueMapping({ slope: 0.1, inter: -5 })],
    ['int64', valueMapping(null)], ['complex64', valueMapping(null, 'phase')], ['complex128', valueMapping(null, 'real')],
  ];
  for (const [dtype, values] of cases) {
    it(`${dtype} with ${JSON.stringify(values)}, planes in any order, equals the two-pass reference`, () => {
      const data = volume(dtype, dims, dtype.length * 7919);
      const want = reference(data, dims, dtype, values, 256);
      for (const seed of [1, 2]) {
        const b = new ChannelStatisticsBuilder(dims, dtype, values, 256);
        const planes = shuffled(dims.z * dims.c * dims.t, seed);
        for (const p of planes.slice(0, 7)) b.addPlane(data, p);
        b.addPlane(data, planes[0]); // a plane twice counts once
        const got = b.finish(data);
        expect(got.map((g) => ({ ...g, histogram: plain(g.histogram) }))).toEqual(want.map((w) => ({ ...w, histogram: plain(w.histogram) })));
      }
    });
  }

  it('a volume with no finite value gets the [0, 0] range', () => {
    const data = new Float32Array(2 * 2).fill(NaN);
    const [s] = new ChannelStatisticsBuilder({ x: 2, y: 2, z: 1, c: 1, t: 1 }, 'float32', valueMapping(null)).finish(data);
    expect([s.min, s.max, s.histogram.total, s.histogram.nanCount]).toEqual([0, 0, 0, 4]);
  });
});
