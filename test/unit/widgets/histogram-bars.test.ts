import { describe, expect, it } from 'vitest';
import type { Histogram } from '../../../app/lut/histogram.js';
import { barHeight, histogramAxis, histogramBars, histogramExtent } from '../../../renderer/widgets/logic/histogram-bars.js';
import { linearScale } from '../../../renderer/widgets/logic/scale.js';

function histogram(lo: number, binWidth: number, counts: number[]): Histogram {
  const c = Float64Array.from(counts);
  return { lo, hi: lo + binWidth * counts.length, counts: c, binWidth, total: counts.reduce((a, b) => a + b, 0), nanCount: 0 };
}

describe('histogram bars', () => {
  it('scales counts linearly or by log(1 + count)', () => {
    expect(barHeight(50, 100, 'linear')).toBe(0.5);
    expect(barHeight(0, 100, 'log')).toBe(0);
    expect(barHeight(1, 1e6, 'log')).toBeCloseTo(Math.log(2) / Math.log(1e6 + 1), 12);
    expect(barHeight(1, 1e6, 'log')).toBeGreaterThan(barHeight(1, 1e6, 'linear') * 1000);
    expect(barHeight(100, 100, 'log')).toBe(1);
    expect(barHeight(5, 0, 'linear')).toBe(0);
  });

  it('puts the axis around the data and the display range together', () => {
    const h = histogram(10, 2, [1, 2, 3, 4, 5]);
    expect(histogramExtent(h)).toEqual({ min: 10, max: 20 });
    expect(histogramAxis(h, { min: 12, max: 15 })).toEqual({ min: 10, max: 20 });
    expect(histogramAxis(h, { min: -100, max: 1000 })).toEqual({ min: -100, max: 1000 });
    expect(histogramAxis(null, { min: 3, max: 3 })).toEqual({ min: 2.5, max: 3.5 });
  });

  it('draws one bar per bin when bins are at least a pixel wide', () => {
    const h = histogram(0, 1, [0, 2, 4]);
    const bars = histogramBars(h, linearScale(0, 3, 0, 30), 'linear');
    expect(bars).toEqual([{ x: 10, width: 10, height: 0.5 }, { x: 20, width: 10, height: 1 }]);
  });

  it('sums bins narrower than a pixel into pixel columns', () => {
    const h = histogram(0, 0.25, [1, 1, 1, 1, 4, 0, 0, 0]); // 8 bins over 2 pixels
    const bars = histogramBars(h, linearScale(0, 2, 0, 2), 'linear');
    expect(bars).toEqual([{ x: 0, width: 1, height: 1 }, { x: 1, width: 1, height: 1 }]);
    const uneven = histogramBars(histogram(0, 0.25, [1, 0, 0, 0, 4, 0, 0, 0]), linearScale(0, 2, 0, 2), 'linear');
    expect(uneven.map((b) => b.height)).toEqual([0.25, 1]);
  });

  it('lays bins out on an axis wider than the data', () => {
    const bars = histogramBars(histogram(100, 10, [1, 1]), linearScale(0, 200, 0, 200), 'linear');
    expect(bars.map((b) => Math.round(b.x * 1e9) / 1e9)).toEqual([100, 110]);
  });

  it('draws nothing for an empty histogram', () => {
    expect(histogramBars(histogram(0, 1, []), linearScale(0, 1, 0, 10), 'log')).toEqual([]);
  });
});
