import { describe, expect, it } from 'vitest';
import { spectrumAt, spectrumMean } from '../../../app/measure/spectrum.js';
import { coordValue, syntheticVolume } from '../view/synthetic.js';

const d = { x: 5, y: 4, z: 3, c: 4, t: 2 };

describe('spectrumAt', () => {
  it('one value per channel at a voxel, for plain, 64-bit and complex data', () => {
    const at = { x: 1, y: 2, z: 1, t: 0 };
    const want = [121, 1121, 2121, 3121];
    expect([...spectrumAt({ data: syntheticVolume(d, 'uint16'), dims: d, dtype: 'uint16', ...at })]).toEqual(want);
    expect([...spectrumAt({ data: syntheticVolume(d, 'int64'), dims: d, dtype: 'int64', ...at })]).toEqual(want);
    expect([...spectrumAt({ data: syntheticVolume(d, 'complex64'), dims: d, dtype: 'complex64', ...at })]).toEqual(want.map((v) => 5 * v));
    expect([...spectrumAt({ data: syntheticVolume(d, 'float64'), dims: d, dtype: 'float64', ...at, t: 1 })]).toEqual(want.map((v) => v + 10000));
  });

  it('refuses voxels outside the volume', () => {
    expect(() => spectrumAt({ data: syntheticVolume(d, 'uint16'), dims: d, dtype: 'uint16', x: 5, y: 0, z: 0, t: 0 })).toThrow(RangeError);
  });
});

describe('spectrumMean', () => {
  const sampleStd = (values: number[]) => {
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
  };

  it('mean and sample std over an inclusive rectangle given in any corner order', () => {
    // x 1..3, y 1..2 on z = 2, t = 1: values x + 10y + 200 + 1000c + 10000.
    const r = spectrumMean({ data: syntheticVolume(d, 'int32'), dims: d, dtype: 'int32', rect: { x0: 3, y0: 2, x1: 1, y1: 1 }, z: 2, t: 1 });
    expect([...r.mean]).toEqual([10217, 11217, 12217, 13217]);
    const std = sampleStd([11, 12, 13, 21, 22, 23]); // √30.8
    r.std.forEach((s) => expect(s).toBeCloseTo(std, 12));
    expect(r.count).toBe(6);
    expect([...r.counts]).toEqual([6, 6, 6, 6]);
  });

  it('clips to the volume; a single pixel has std 0; an empty rectangle gives NaN', () => {
    const data = syntheticVolume(d, 'uint16');
    const clipped = spectrumMean({ data, dims: d, dtype: 'uint16', rect: { x0: -5, y0: 3, x1: 0, y1: 9 }, z: 0, t: 0 });
    expect([...clipped.mean]).toEqual([30, 1030, 2030, 3030]);
    expect([...clipped.std]).toEqual([0, 0, 0, 0]);
    expect(clipped.count).toBe(1);
    const empty = spectrumMean({ data, dims: d, dtype: 'uint16', rect: { x0: 7, y0: 0, x1: 9, y1: 1 }, z: 0, t: 0 });
    expect(empty.count).toBe(0);
    expect([...empty.mean].every(Number.isNaN)).toBe(true);
  });

  it('skips NaN and the ignore value value by value; a band that is NaN everywhere does not empty the rest', () => {
    const d2 = { x: 2, y: 2, z: 1, c: 3, t: 1 };
    const data = syntheticVolume(d2, 'float32', (x, y, z, c) => (c === 2 ? NaN : coordValue(x, y, z, c)));
    const f = data as Float32Array;
    f[0] = -9999; // (0,0) of channel 0 is "no data"
    f[4 + 3] = NaN; // (1,1) of channel 1
    const r = spectrumMean({ data, dims: d2, dtype: 'float32', rect: { x0: 0, y0: 0, x1: 1, y1: 1 }, z: 0, t: 0, ignore: -9999 });
    expect(r.mean[0]).toBeCloseTo((1 + 10 + 11) / 3, 12);
    expect(r.mean[1]).toBeCloseTo((1000 + 1001 + 1010) / 3, 12);
    expect(r.mean[2]).toBeNaN();
    expect([...r.counts]).toEqual([3, 3, 0]);
    expect(r.count).toBe(4); // every pixel has at least one valid band
    // Without the ignore value, -9999 counts.
    const all = spectrumMean({ data, dims: d2, dtype: 'float32', rect: { x0: 0, y0: 0, x1: 1, y1: 1 }, z: 0, t: 0 });
    expect(all.mean[0]).toBeCloseTo((-9999 + 1 + 10 + 11) / 4, 12);
  });

  it('variance stays exact for large values with a small spread', () => {
    const d3 = { x: 4, y: 1, z: 1, c: 1, t: 1 };
    const data = new Float64Array([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]);
    const r = spectrumMean({ data, dims: d3, dtype: 'float64', rect: { x0: 0, y0: 0, x1: 3, y1: 0 }, z: 0, t: 0 });
    expect(r.mean[0]).toBe(1e9 + 10);
    expect(r.std[0]).toBeCloseTo(Math.sqrt(90 / 3), 9);
  });
});
