import { describe, expect, it } from 'vitest';
import { autoContrast } from '../../../app/lut/auto-contrast.js';
import { computeHistogram, type Histogram } from '../../../app/lut/histogram.js';
import { havePython, runPythonJson } from '../npy/debian-python.js';

/** A histogram with the given counts over bins of width 10 starting at 100. */
function hist(counts: number[]): Histogram {
  const total = counts.reduce((a, b) => a + b, 0);
  return { lo: 100, hi: 100 + 10 * counts.length, binWidth: 10, counts: Float64Array.from(counts), total, nanCount: 0, outside: 0 };
}

describe('autoContrast (Fiji Enhance Contrast)', () => {
  it('saturates half the percentage at each end, returning bin starts', () => {
    // 100 samples, 10% saturated: threshold trunc(100 * 10 / 200) = 5 per tail. From the bottom the count
    // first exceeds 5 in bin 1 (5, then 15); from the top in bin 3.
    expect(autoContrast(hist([5, 10, 70, 10, 5]), 10)).toEqual([110, 130]);
    // 0.35% of 100 truncates to a threshold of 0: the first and last non-empty bins.
    expect(autoContrast(hist([0, 5, 10, 70, 10, 5, 0]), 0.35)).toEqual([110, 150]);
    expect(autoContrast(hist([0, 5, 10, 70, 10, 5, 0]), 0)).toEqual([110, 150]);
  });

  it('needs the count to exceed the threshold, not just reach it', () => {
    // 1000 samples, 1%: threshold 5. Bin 0 holds exactly 5, so the low end is bin 1.
    expect(autoContrast(hist([5, 1, 988, 1, 5]), 1)).toEqual([110, 130]);
    // Holding 6 it is bin 0 itself.
    expect(autoContrast(hist([6, 1, 986, 1, 6]), 1)).toEqual([100, 140]);
  });

  it('gives data values for integer data binned one per integer', () => {
    const values = [...Array(1000).keys()].map((i) => (i < 10 ? 0 : i > 989 ? 255 : 50 + (i % 100)));
    const h = computeHistogram(values, values.length, 256, [0, 255], true);
    // 2% of 1000: 10 per tail. Exactly 10 zeros and 10 values of 255, so both ends move inside.
    expect(autoContrast(h, 2)).toEqual([50, 149]);
    expect(autoContrast(h, 1.9)).toEqual([0, 255]);
  });

  it('answers where Fiji would leave the range alone', () => {
    expect(autoContrast(hist([0, 0, 50, 0]), 0.35)).toEqual([120, 130]); // one bin: its bounds
    expect(autoContrast(hist([10, 10, 10, 10]), 100)).toEqual([110, 130]); // ends crossed: the bins between
    expect(autoContrast(hist([0, 0, 0]), 0.35)).toEqual([100, 130]); // nothing counted: the whole range
    expect(autoContrast(hist([5, 10, 70, 10, 5]), NaN)).toEqual([100, 140]); // NaN percent: none saturated
    expect(autoContrast(hist([5, 10, 70, 10, 5]), -3)).toEqual([100, 140]);
  });
});

const hasNumpy = havePython('numpy');
if (!hasNumpy) console.log('auto-contrast percentile cross-check skipped: /usr/bin/python3 cannot import numpy');

describe.skipIf(!hasNumpy)('autoContrast against numpy percentiles', () => {
  it('lands within one value of np.percentile at p/2 and 100 - p/2 for dense integer data', () => {
    const script = `
import json, numpy as np
rng = np.random.default_rng(7)
data = np.clip(rng.normal(1000, 150, 60000).round(), 0, 65535).astype(int)
ps = [0.35, 1, 5, 20]
print(json.dumps({'data': data.tolist(), 'bounds': [[float(np.percentile(data, p / 2)), float(np.percentile(data, 100 - p / 2))] for p in ps], 'ps': ps}))
`;
    const got = runPythonJson(script) as { data: number[]; bounds: [number, number][]; ps: number[] };
    const h = computeHistogram(got.data, got.data.length, 65536, undefined, true);
    got.ps.forEach((p, i) => {
      const [lo, hi] = autoContrast(h, p);
      expect(Math.abs(lo - got.bounds[i][0]), `low end at ${p}%`).toBeLessThanOrEqual(1);
      expect(Math.abs(hi - got.bounds[i][1]), `high end at ${p}%`).toBeLessThanOrEqual(1);
    });
  });
});
