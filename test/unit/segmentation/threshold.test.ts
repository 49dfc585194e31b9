import { describe, expect, it } from 'vitest';
import { histogram, valueRange } from '../../../app/filters/threshold/histogram.js';
import { thresholdMask, thresholdValue, THRESHOLD_METHODS } from '../../../app/filters/threshold/threshold.js';
import { EXPECTED, makeImage, sha256 } from './fixtures.js';

/** JSON holds non-finite thresholds as repr strings ('nan'); everything else as the exact double. */
const value = (t: number | string): number => (typeof t === 'number' ? t : Number(t.replace('nan', 'NaN').replace('inf', 'Infinity')));

/** How many representable numbers (float32 or float64) lie between a and b. */
function ulps(a: number, b: number, float32: boolean): number {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  const order = (v: number): bigint => {
    const bits = float32 ? BigInt(new Uint32Array(new Float32Array([v]).buffer)[0]) : new BigUint64Array(new Float64Array([v]).buffer)[0];
    const sign = float32 ? 1n << 31n : 1n << 63n;
    return bits & sign ? -(bits & (sign - 1n)) : bits;
  };
  const d = order(a) - order(b);
  return Number(d < 0n ? -d : d);
}

describe('thresholds against scikit-image 0.19 (test/fixtures/segmentation)', () => {
  it('isodata: where several centres qualify, the lowest (the fixtures have such images)', () => {
    const several = EXPECTED.thresholds.filter((t) => t.isodata_all.length > 1);
    expect(several.map((t) => t.name)).toEqual(expect.arrayContaining(['f32_tail', 'u8_tail']));
    for (const t of several) expect(thresholdValue(makeImage(t), 'isodata')).toBe(t.isodata_all[0]);
  });

  for (const img of EXPECTED.thresholds) {
    describe(img.name, () => {
      const view = makeImage(img);
      it('is the generator\'s image', () => expect(sha256(view.data)).toBe(img.sha256));
      it('has skimage.exposure.histogram\'s counts and bin centres', () => {
        const a = view.data as Float32Array;
        const range = valueRange(a);
        const h = histogram(a, img.dtype.startsWith('float') ? (img.dtype as 'float32' | 'float64') : 'integer', range, 'test');
        expect(h.counts.length).toBe(img.histogram.bins);
        expect(sha256(BigInt64Array.from(h.counts, (c) => BigInt(c)))).toBe(img.histogram.counts_sha256);
        expect(sha256(h.centers)).toBe(img.histogram.centers_sha256);
      });
      for (const method of THRESHOLD_METHODS) {
        const want = img.results[method];
        it(method, () => {
          if ('error' in want) {
            expect(() => thresholdValue(view, method)).toThrow(/^threshold (triangle|isodata): /);
            return;
          }
          const t = thresholdValue(view, method);
          if (method === 'li') {
            // numpy's log is not correctly rounded and differs between CPUs; with correctly rounded logs
            // skimage's float32 Li is ours bit for bit (fround(Math.log) is correctly rounded there).
            // A log's last bit moves t_next = (mb - mf) / (log mb - log mf) by a few more (seen: 2 in
            // float32, 12 in float64).
            expect(ulps(t, value(want.threshold), img.dtype === 'float32')).toBeLessThanOrEqual(img.dtype === 'float32' ? 4 : 32);
            if (img.dtype === 'float32') expect(t).toBe(value(img.li_correctly_rounded_log));
          } else expect(t).toBe(value(want.threshold));
          const mask = new Uint8Array(view.data.length);
          thresholdMask(view, t, mask);
          expect(mask.reduce((s, v) => s + v, 0)).toBe(want.foreground);
          expect(sha256(mask)).toBe(want.mask_sha256);
        });
      }
    });
  }
});
