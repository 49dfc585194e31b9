/**
 * Histograms of voxel values, for the display-range widget and auto-contrast. Bin i counts the values
 * in [lo + i*binWidth, lo + (i+1)*binWidth); the last bin also takes hi itself when hi is a sample.
 *
 * Float data: `bins` equal bins from the smallest to the largest finite sample (or the range given),
 * with ImageJ's index arithmetic, floor((v - lo) * bins / (hi - lo)), the top value going in the last bin.
 * Integer data: bins are whole numbers of integers wide, so no bin holds one integer more than its
 * neighbour (which would draw a comb): one bin per integer when the range spans fewer integers than
 * `bins`, otherwise ceil(integers / bins) integers per bin, and as many bins as that needs. Either way a
 * bin starts on an integer, so auto-contrast bounds are data values, as in Fiji's 8- and 16-bit images.
 *
 * With an explicit range the binning depends on nothing but (range, bins, integer), so the histograms
 * of a volume's planes can be computed separately and merged.
 */
export interface Histogram {
  /** Low edge of the first bin. */
  lo: number;
  /** High edge of the last bin (the largest sample, for float data with no explicit range). */
  hi: number;
  counts: Float64Array;
  binWidth: number;
  /** Samples counted in the bins: finite, and inside the range. */
  total: number;
  /** Samples that are NaN or +-Infinity: they have no place on the axis. */
  nanCount: number;
  /** Finite samples outside an explicit range, not counted in any bin (always set by computeHistogram). */
  outside?: number;
}

/** Range from the finite samples when none given; integer data with range < bins gets one bin per integer. */
export function computeHistogram(src: ArrayLike<number>, n: number, bins: number, range?: [number, number], integer?: boolean): Histogram {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`histogram: bins must be a positive integer, not ${bins}`);
  if (!Number.isInteger(n) || n < 0 || n > src.length) throw new RangeError(`histogram: n = ${n} but the source holds ${src.length} values`);
  const [min, max] = range ?? finiteExtent(src, n);
  if (!(min <= max) || !Number.isFinite(min) || !Number.isFinite(max)) throw new RangeError(`histogram: range [${min}, ${max}] is not a finite interval`);
  const h = integer ? integerBinning(min, max, bins) : floatBinning(min, max, bins);
  const counts = h.counts;
  const nb = counts.length;
  const { lo, hi, binWidth } = h;
  let nanCount = 0;
  let outside = 0;
  if (integer) {
    // Integer-wide bins: floor((v - lo) / w), corrected where the division rounded up to the next integer.
    const w = binWidth;
    // The last bin may reach past the largest integer asked for; values there are still outside.
    const end = Math.floor(max) + 1;
    for (let i = 0; i < n; i++) {
      const v = src[i];
      if (!Number.isFinite(v)) { nanCount++; continue; }
      if (v < lo || v >= end) { outside++; continue; }
      let b = w === 1 ? Math.floor(v - lo) : Math.floor((v - lo) / w);
      if (lo + b * w > v) b--;
      counts[b < nb ? b : nb - 1]++;
    }
  } else {
    const scale = nb / (hi - lo);
    for (let i = 0; i < n; i++) {
      const v = src[i];
      if (!Number.isFinite(v)) { nanCount++; continue; }
      if (v < lo || v > hi) { outside++; continue; }
      const b = Math.floor((v - lo) * scale);
      counts[b < nb ? b : nb - 1]++;
    }
  }
  return { lo, hi, counts, binWidth, total: n - nanCount - outside, nanCount, outside };
}

type Binning = Pick<Histogram, 'lo' | 'hi' | 'counts' | 'binWidth'>;

/** Smallest and largest finite sample; [0, 0] when there is none. */
export function finiteExtent(src: ArrayLike<number>, n: number): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = src[i];
    if (v < min && v !== -Infinity) min = v;
    if (v > max && v !== Infinity) max = v;
  }
  return min <= max ? [min, max] : [0, 0];
}

function floatBinning(min: number, max: number, bins: number): Binning {
  // A single value still needs a bin of some width: numpy's choice, half a unit either side.
  const [lo, hi] = min < max ? [min, max] : [min - 0.5, max + 0.5];
  return { lo, hi, counts: new Float64Array(bins), binWidth: (hi - lo) / bins };
}

function integerBinning(min: number, max: number, bins: number): Binning {
  const lo = Math.floor(min);
  const integers = Math.floor(max) - lo + 1;
  const binWidth = Math.ceil(integers / bins);
  const nb = Math.ceil(integers / binWidth);
  return { lo, hi: lo + nb * binWidth, counts: new Float64Array(nb), binWidth };
}

/** The histogram of both samples; the binning must be the same (compute both with the same range). */
export function mergeHistograms(a: Histogram, b: Histogram): Histogram {
  if (a.lo !== b.lo || a.hi !== b.hi || a.binWidth !== b.binWidth || a.counts.length !== b.counts.length) {
    throw new Error(
      `histograms binned differently cannot be merged: [${a.lo}, ${a.hi}] in ${a.counts.length} bins of ${a.binWidth} ` +
        `vs [${b.lo}, ${b.hi}] in ${b.counts.length} bins of ${b.binWidth}`,
    );
  }
  const counts = new Float64Array(a.counts.length);
  for (let i = 0; i < counts.length; i++) counts[i] = a.counts[i] + b.counts[i];
  return {
    lo: a.lo, hi: a.hi, counts, binWidth: a.binWidth,
    total: a.total + b.total, nanCount: a.nanCount + b.nanCount, outside: (a.outside ?? 0) + (b.outside ?? 0),
  };
}
