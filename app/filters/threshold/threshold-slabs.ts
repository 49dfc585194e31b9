import type { DType } from '../../model/dtype.js';
import { numericKind, realValues } from '../real-values.js';
import { slabOf } from '../slab-view.js';
import type { SplitPlan } from '../types.js';
import { histogram, valueRange, type Range } from './histogram.js';
import { thresholdFromHistogram, thresholdMask, type ThresholdMethod } from './threshold.js';

/*
 * A histogram threshold in parallel, with exactly thresholdValue's result: round 0 takes each slab's
 * value range, round 1 each slab's histogram over the whole volume's range (the counts are whole
 * numbers, so their sums are exact whatever the slabs), round 2 each slab's mask. Li's method
 * iterates over the voxels and mean sums them in numpy's pairwise order, so neither splits; nor do
 * 32- and 64-bit integers, whose one bin per integer could make each slab's histogram hundreds of MB.
 */

const SPLITS: ReadonlySet<DType> = new Set(['uint8', 'int8', 'uint16', 'int16', 'float32', 'float64']);

export function thresholdPlan(method: ThresholdMethod, input: DType): SplitPlan | null {
  if (method === 'li' || method === 'mean' || !SPLITS.has(input)) return null;
  const op = `threshold ${method}`;
  // What `between` learnt in the rounds before (it runs on the calling thread, on this one plan).
  let range: Range | null = null;
  let threshold = NaN;
  return {
    rounds: 3,
    slab(round, input, output, zRange, arg) {
      if (round === 2) {
        thresholdMask(input, arg as number, output.data as Uint8Array, zRange);
        return null;
      }
      const a = realValues(slabOf(input, zRange[0], zRange[1]), op);
      if (round === 0) return valueRange(a);
      return histogram(a, numericKind(input, op), arg as Range, op).counts;
    },
    between(round, summaries, slabs, input) {
      if (round === 0) {
        range = joinRanges(summaries as Range[]);
        // threshold_otsu returns the value of an image that holds only one (before any histogram).
        if (method === 'otsu' && !range.nan && range.min === range.max) {
          threshold = range.min;
          return slabs.map(() => null);
        }
        return slabs.map(() => range);
      }
      if (Number.isNaN(threshold)) {
        // The bins and their centres from the range alone (an empty image's histogram), the counts summed.
        const h = histogram(new Float64Array(0), numericKind(input, op), range!, op);
        for (const counts of summaries as Float64Array[]) for (let k = 0; k < counts.length; k++) h.counts[k] += counts[k];
        threshold = thresholdFromHistogram(method, h, numericKind(input, op));
      }
      return slabs.map(() => threshold);
    },
  };
}

function joinRanges(ranges: readonly Range[]): Range {
  return ranges.reduce((a, b) => ({ min: Math.min(a.min, b.min), max: Math.max(a.max, b.max), nan: a.nan || b.nan }));
}
