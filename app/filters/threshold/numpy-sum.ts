/*
 * numpy's np.sum / np.mean, bit for bit, because scikit-image's thresholds (mean, Li's iterations) are
 * means of float32 or float64 arrays and their last bits decide the result. numpy 1.24 reduces a
 * contiguous array in chunks of its ufunc buffer (8192 elements), summed one after another; inside a
 * chunk it sums pairwise (loops_utils.h.src: blocks of at most 128 with 8 accumulators, split in halves
 * rounded down to a multiple of 8). A float32 array is accumulated in float32.
 */

const BUFFER = 8192;
const BLOCK = 128;

export type Round = (x: number) => number;
const exact: Round = (x) => x;
export const roundFor = (float32: boolean): Round => (float32 ? Math.fround : exact);

/** numpy's pairwise sum of a[start, start + n). */
function pairwise(a: Float32Array | Float64Array, start: number, n: number, r: Round): number {
  if (n < 8) {
    let s = 0;
    for (let i = start; i < start + n; i++) s = r(s + a[i]);
    return s;
  }
  if (n <= BLOCK) {
    let r0 = a[start], r1 = a[start + 1], r2 = a[start + 2], r3 = a[start + 3];
    let r4 = a[start + 4], r5 = a[start + 5], r6 = a[start + 6], r7 = a[start + 7];
    const end = start + n - (n % 8);
    let i = start + 8;
    for (; i < end; i += 8) {
      r0 = r(r0 + a[i]); r1 = r(r1 + a[i + 1]); r2 = r(r2 + a[i + 2]); r3 = r(r3 + a[i + 3]);
      r4 = r(r4 + a[i + 4]); r5 = r(r5 + a[i + 5]); r6 = r(r6 + a[i + 6]); r7 = r(r7 + a[i + 7]);
    }
    let s = r(r(r(r0 + r1) + r(r2 + r3)) + r(r(r4 + r5) + r(r6 + r7)));
    for (; i < start + n; i++) s = r(s + a[i]);
    return s;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return r(pairwise(a, start, n2, r) + pairwise(a, start + n2, n - n2, r));
}

/**
 * Sums values pushed one at a time exactly as np.sum sums the array they would form (e.g. a boolean
 * selection `image[image > t]`), in bounded memory.
 */
export class NumpySum {
  private readonly buf: Float32Array | Float64Array;
  private readonly r: Round;
  private fill = 0;
  private total = 0;
  count = 0;

  constructor(float32: boolean) {
    this.buf = float32 ? new Float32Array(BUFFER) : new Float64Array(BUFFER);
    this.r = roundFor(float32);
  }

  push(v: number): void {
    this.buf[this.fill++] = v;
    this.count++;
    if (this.fill === BUFFER) {
      this.total = this.r(this.total + pairwise(this.buf, 0, BUFFER, this.r));
      this.fill = 0;
    }
  }

  sum(): number {
    return this.r(this.total + pairwise(this.buf, 0, this.fill, this.r));
  }

  /** np.mean: the sum over the count, rounded to the array's type (NaN for no values, as numpy). */
  mean(): number {
    return this.r(this.sum() / this.count);
  }
}
