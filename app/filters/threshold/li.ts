import type { NumericKind, Numbers } from '../real-values.js';
import { histogram } from './histogram.js';
import { NumpySum, roundFor } from './numpy-sum.js';

/*
 * skimage.filters.threshold_li (0.19) with its defaults: NaN left out, the image shifted to start at 0,
 * the initial guess its mean, the tolerance half the smallest gap between its distinct values (0.5 for
 * integers), iterated until the threshold moves by no more than that. Float images iterate on the voxels
 * in their own float type; integer images on the histogram, in float64.
 *
 * One deliberate difference: skimage shifts an integer image in its own dtype (image -= image_min), which
 * wraps for a signed image whose range exceeds the type's maximum (int8 values -100..100 give NaN); here
 * the shift is exact, so such an image thresholds as the same values in a wider type do.
 *
 * One thing is not reproduced bit for bit: numpy's log, which is not correctly rounded and differs
 * between CPUs (numpy 1.24 has AVX512F and AVX2 versions); a last-bit difference in a log can move the
 * result by a few units in the last place, also between two machines running scikit-image.
 */

export function thresholdLi(a: Numbers, kind: NumericKind): number {
  const r = roundFor(kind === 'float32');
  // The first non-NaN value, and whether every non-NaN value equals it.
  let i0 = 0;
  while (i0 < a.length && a[i0] !== a[i0]) i0++;
  if (i0 === a.length) return NaN;
  const first = a[i0];
  let min = Infinity;
  let uniform = true;
  let finite = 0;
  for (let i = i0; i < a.length; i++) {
    const v = a[i];
    if (v !== first && v === v) uniform = false;
    if (Number.isFinite(v)) {
      finite++;
      if (v < min) min = v;
    }
  }
  if (uniform) return first;
  // Only infinities of both signs: skimage splits them at 0.
  if (finite === 0) return 0;
  const t = kind === 'integer' ? liOnHistogram(a, min) : liOnVoxels(a, min, kind === 'float32');
  return r(t + min);
}

/** The integer iteration (on the histogram of the shifted image); the result is relative to `min`. */
function liOnHistogram(a: Numbers, min: number): number {
  const mean = new NumpySum(false);
  let max = -Infinity;
  for (let i = 0; i < a.length; i++) {
    mean.push(a[i] - min);
    if (a[i] > max) max = a[i];
  }
  // Bin k counts the shifted value k.
  const { counts } = histogram(a, 'integer', { min, max, nan: false }, 'threshold li');
  const tolerance = 0.5;
  let next = mean.mean();
  let current = -2 * tolerance;
  while (Math.abs(next - current) > tolerance) {
    current = next;
    let wf = 0, sf = 0, wb = 0, sb = 0;
    for (let k = 0; k < counts.length; k++) {
      if (k > current) {
        wf += counts[k];
        sf += k * counts[k];
      } else {
        wb += counts[k];
        sb += k * counts[k];
      }
    }
    // np.average raises on weights that sum to zero.
    if (wf === 0 || wb === 0) throw new Error(`threshold li: the iteration left one class empty at ${current + min}`);
    const fore = sf / wf;
    const back = sb / wb;
    next = (back - fore) / (Math.log(back) - Math.log(fore));
  }
  return next;
}

/**
 * The float iteration on the finite voxels shifted by `min`, in float32 or float64, in the order numpy
 * sums them; relative to `min`.
 */
function liOnVoxels(a: Numbers, min: number, float32: boolean): number {
  const r = roundFor(float32);
  const tolerance = r(smallestGap(a, min, float32) / 2);
  const all = new NumpySum(float32);
  for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i])) all.push(r(a[i] - min));
  let next = all.mean();
  let current = r(-2 * tolerance);
  while (r(Math.abs(r(next - current))) > tolerance) {
    current = next;
    const fore = new NumpySum(float32);
    const back = new NumpySum(float32);
    for (let i = 0; i < a.length; i++) {
      if (!Number.isFinite(a[i])) continue;
      const v = r(a[i] - min);
      if (v > current) fore.push(v);
      else back.push(v);
    }
    const mf = fore.mean();
    const mb = back.mean();
    next = r(r(mb - mf) / r(r(Math.log(mb)) - r(Math.log(mf))));
  }
  return next;
}

/** np.min(np.diff(np.unique(shifted finite values))), on a sorted copy. */
function smallestGap(a: Numbers, min: number, float32: boolean): number {
  const r = roundFor(float32);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i])) n++;
  const s = float32 ? new Float32Array(n) : new Float64Array(n);
  let j = 0;
  for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i])) s[j++] = r(a[i] - min);
  s.sort();
  let gap = Infinity;
  for (let i = 1; i < n; i++) {
    const d = r(s[i] - s[i - 1]);
    if (d > 0 && d < gap) gap = d;
  }
  return gap;
}
