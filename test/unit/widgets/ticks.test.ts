import { describe, expect, it } from 'vitest';
import { formatTick, niceTickStep, niceTicks } from '../../../app/lut/ticks.js';

describe('niceTicks', () => {
  it('uses 1, 2 or 5 times a power of ten and includes ends on a tick', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 5, 10]);
    expect(niceTicks(0, 10, 6)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0, 10, 11)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.5, 1]);
    expect(niceTicks(400, 1000, 7)).toEqual([400, 500, 600, 700, 800, 900, 1000]);
  });

  it('never gives more than maxCount ticks', () => {
    for (const [a, b] of [[0, 1], [-3.7, 12.2], [1e-9, 3e-9], [0, 65535], [-1e6, 7e8], [0.1, 0.3]]) {
      for (let n = 1; n <= 12; n++) {
        const t = niceTicks(a, b, n);
        expect(t.length).toBeLessThanOrEqual(n);
        expect(t.length).toBeGreaterThanOrEqual(1);
        for (const v of t) {
          expect(v).toBeGreaterThanOrEqual(a);
          expect(v).toBeLessThanOrEqual(b);
        }
      }
    }
  });

  it('gives values as written, without floating-point crumbs', () => {
    expect(niceTicks(0.1, 0.3, 3)).toEqual([0.1, 0.2, 0.3]);
    expect(niceTicks(0, 0.7, 8)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(niceTicks(-0.3, 0.3, 7)).toEqual([-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3]);
    expect(Object.is(niceTicks(-1, 1, 3)[1], 0)).toBe(true);
  });

  it('keeps ends that are interior to a step out, and handles reversed, flat and bad input', () => {
    expect(niceTicks(3, 17, 3)).toEqual([5, 10, 15]);
    expect(niceTicks(10, 0, 3)).toEqual([0, 5, 10]);
    expect(niceTicks(4, 4, 5)).toEqual([4]);
    expect(niceTicks(0, NaN, 5)).toEqual([]);
    expect(niceTicks(0, Infinity, 5)).toEqual([]);
    expect(niceTicks(0, 1, 0)).toEqual([]);
  });

  it('reports the step it chose', () => {
    expect(niceTickStep(0, 10, 6)).toBe(2);
    expect(niceTickStep(0, 1e-6, 3)).toBeCloseTo(5e-7, 20);
    expect(niceTickStep(1, 1, 3)).toBeNaN();
  });
});

describe('formatTick', () => {
  it('shows as many decimals as the step needs', () => {
    expect(formatTick(5, 1)).toBe('5');
    expect(formatTick(0.5, 0.5)).toBe('0.5');
    expect(formatTick(0.25, 0.05)).toBe('0.25');
    expect(formatTick(1200, 200)).toBe('1200');
    expect(formatTick(0.30000000000000004, 0.1)).toBe('0.3');
  });

  it('writes zero as 0, and huge or tiny numbers in exponent form', () => {
    expect(formatTick(1e-17, 0.1)).toBe('0');
    expect(formatTick(-0, 1)).toBe('0');
    expect(formatTick(2e6, 1e6)).toBe('2e+6');
    expect(formatTick(2.5e6, 5e5)).toBe('2.5e+6');
    expect(formatTick(1.5e-5, 5e-6)).toBe('1.5e-5');
    expect(formatTick(NaN, 1)).toBe('NaN');
  });
});
