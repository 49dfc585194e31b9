import type { Histogram } from './histogram.js';

/*
 * The histogram thresholds of skimage.filters (0.19), each in the number type numpy computes it in:
 * Otsu and triangle in float64, Yen in float32, isodata in float32 (its means in float64 for integer
 * images, whose bin centres are int64). Each returns a bin centre.
 */

const f = Math.fround;

/** np.argmax: the first maximum; a NaN counts as the maximum (the first NaN wins). */
function argmax(n: number, at: (i: number) => number): number {
  let best = 0;
  let bestV = at(0);
  if (bestV !== bestV) return 0;
  for (let i = 1; i < n; i++) {
    const v = at(i);
    if (v !== v) return i;
    if (v > bestV) {
      bestV = v;
      best = i;
    }
  }
  return best;
}

/** threshold_otsu: the centre that maximises the between-class variance. */
export function otsu({ counts, centers }: Histogram): number {
  const n = counts.length;
  // Class 2 (above each bin) accumulated from the top, as numpy's reversed cumsums.
  const weight2 = new Float64Array(n);
  const sum2 = new Float64Array(n);
  let w = 0;
  let s = 0;
  for (let i = n - 1; i >= 0; i--) {
    w += counts[i];
    s += counts[i] * centers[i];
    weight2[i] = w;
    sum2[i] = s;
  }
  let weight1 = 0;
  let sum1 = 0;
  const variance = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) {
    weight1 += counts[i];
    sum1 += counts[i] * centers[i];
    const d = sum1 / weight1 - sum2[i + 1] / weight2[i + 1];
    variance[i] = weight1 * weight2[i + 1] * (d * d);
  }
  return centers[argmax(n - 1, (i) => variance[i])];
}

/** threshold_yen, in float32 as skimage computes it (pmf = counts.astype(float32) / counts.sum()). */
export function yen({ counts, centers }: Histogram): number {
  const n = counts.length;
  if (n === 1) return centers[0];
  let total = 0;
  for (let i = 0; i < n; i++) total += counts[i];
  const totalF = f(total);
  const pmf = new Float64Array(n);
  for (let i = 0; i < n; i++) pmf[i] = f(f(counts[i]) / totalF);
  const p2sq = new Float64Array(n);
  let acc = 0;
  for (let i = n - 1; i >= 0; i--) p2sq[i] = acc = f(acc + f(pmf[i] * pmf[i]));
  const crit = new Float64Array(n - 1);
  let p1 = 0;
  let p1sq = 0;
  for (let i = 0; i < n - 1; i++) {
    p1 = f(p1 + pmf[i]);
    p1sq = f(p1sq + f(pmf[i] * pmf[i]));
    const spread = f(p1 * f(1 - p1));
    crit[i] = f(Math.log(f(f(1 / f(p1sq * p2sq[i + 1])) * f(spread * spread))));
  }
  return centers[argmax(n - 1, (i) => crit[i])];
}

/**
 * threshold_isodata: the lowest centre t with t <= (mean below-or-at t + mean above t) / 2 < t + bin
 * width (skimage's return_all=False). No such centre is an error, as skimage's IndexError.
 */
export function isodata({ counts, centers }: Histogram, integer: boolean): number {
  const n = counts.length;
  if (n === 1) return centers[0];
  // Counts and their cumulative sums are float32; the intensity sums float32 for float images and
  // float64 for integer ones (float32 counts times int64 centres).
  const r = integer ? (x: number) => x : f;
  const csuml = new Float64Array(n);
  const csumI = new Float64Array(n);
  let c = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    csuml[i] = c = f(c + f(counts[i]));
    csumI[i] = s = r(s + r(f(counts[i]) * centers[i]));
  }
  const width = r(centers[1] - centers[0]);
  for (let i = 0; i < n - 1; i++) {
    const lower = r(csumI[i] / csuml[i]);
    const higher = r(r(csumI[n - 1] - csumI[i]) / f(csuml[n - 1] - csuml[i]));
    const distance = r(r(r(lower + higher) / 2) - centers[i]);
    if (distance >= 0 && distance < width) return centers[i];
  }
  throw new Error('threshold isodata: no bin centre lies midway between the means below and above it (scikit-image fails here too)');
}

/** threshold_triangle: the centre farthest from the line between the peak and the far end of the longer tail. */
export function triangle({ counts, centers }: Histogram): number {
  const nbins = counts.length;
  let peak = argmax(nbins, (i) => counts[i]);
  const peakHeight = counts[peak];
  let low = 0;
  while (counts[low] === 0) low++;
  let high = nbins - 1;
  while (counts[high] === 0) high--;
  // Work on the longer tail: flip when the left one is shorter.
  const flip = peak - low < high - peak;
  const h = flip ? (i: number) => counts[nbins - 1 - i] : (i: number) => counts[i];
  if (flip) {
    low = nbins - high - 1;
    peak = nbins - peak - 1;
  }
  const width = peak - low;
  if (width === 0) throw new Error('threshold triangle: the image has a single value; there is no tail to put a threshold in (scikit-image fails here too)');
  const norm = Math.sqrt(peakHeight * peakHeight + width * width);
  const ph = peakHeight / norm;
  const wd = width / norm;
  let level = argmax(width, (x) => ph * x - wd * h(x + low)) + low;
  if (flip) level = nbins - level - 1;
  return centers[level];
}
