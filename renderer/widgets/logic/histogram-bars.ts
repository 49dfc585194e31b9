import type { Histogram } from '../../../app/lut/histogram.js';
import type { DisplayRange } from './range-drag.js';
import type { Extent } from './plot-data.js';
import { toPixel, type LinearScale } from './scale.js';

/** Bar heights in proportion to counts, or to log(1 + count) so that rare values stay visible. */
export type CountScale = 'linear' | 'log';

/** A bar's height as a fraction of the tallest (0..1). log1p keeps a count of 1 above zero. */
export function barHeight(count: number, maxCount: number, scale: CountScale): number {
  if (!(count > 0) || !(maxCount > 0)) return 0;
  const h = scale === 'log' ? Math.log1p(count) / Math.log1p(maxCount) : count / maxCount;
  return Math.min(1, h);
}

/** Where the histogram's bins lie on the value axis. */
export function histogramExtent(h: Histogram): Extent {
  return { min: h.lo, max: Math.max(h.hi, h.lo + h.counts.length * h.binWidth) };
}

/**
 * The value axis of a histogram-with-range: the data and the display range together, because a display
 * range wider than the data is legitimate and its handles must stay on screen.
 */
export function histogramAxis(h: Histogram | null, range: DisplayRange): Extent {
  let min = Math.min(range.min, range.max);
  let max = Math.max(range.min, range.max);
  if (h && h.counts.length > 0 && Number.isFinite(h.lo) && Number.isFinite(h.binWidth)) {
    const e = histogramExtent(h);
    min = Math.min(min, e.min);
    max = Math.max(max, e.max);
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { min: 0, max: 1 };
  if (min === max) return { min: min - 0.5, max: max + 0.5 };
  return { min, max };
}

/** One bar in pixels along x; height is a 0..1 fraction of the plot's height. */
export interface Bar {
  x: number;
  width: number;
  height: number;
}

/**
 * The bars to draw for a histogram on an x scale. Bins at least a pixel wide are drawn one by one; finer
 * bins are summed per pixel column first, since drawing thousands of sub-pixel bars would show only
 * whichever came last.
 */
export function histogramBars(h: Histogram, xs: LinearScale, scale: CountScale): Bar[] {
  const n = h.counts.length;
  if (n === 0 || !(h.binWidth > 0)) return [];
  const edge = (i: number): number => toPixel(xs, h.lo + i * h.binWidth);
  const binPx = Math.abs(edge(1) - edge(0));
  if (binPx >= 1) {
    let maxCount = 0;
    for (let i = 0; i < n; i++) maxCount = Math.max(maxCount, h.counts[i]);
    const bars: Bar[] = [];
    for (let i = 0; i < n; i++) {
      const height = barHeight(h.counts[i], maxCount, scale);
      const a = edge(i), b = edge(i + 1);
      if (height > 0) bars.push({ x: Math.min(a, b), width: Math.abs(b - a), height });
    }
    return bars;
  }
  const first = Math.floor(Math.min(edge(0), edge(n)));
  const columns = new Float64Array(Math.floor(Math.max(edge(0), edge(n))) - first + 1);
  for (let i = 0; i < n; i++) columns[Math.floor(edge(i + 0.5)) - first] += h.counts[i];
  let maxCount = 0;
  for (const c of columns) maxCount = Math.max(maxCount, c);
  const bars: Bar[] = [];
  columns.forEach((c, i) => {
    const height = barHeight(c, maxCount, scale);
    if (height > 0) bars.push({ x: first + i, width: 1, height });
  });
  return bars;
}
