/**
 * Axis ticks at "nice" values: steps of 1, 2 or 5 × 10^k, as people write them on a plot by hand.
 * Shared by plots, histograms and colorbars (and later figure export), so it stays pure.
 */

const MANTISSAS = [1, 2, 5] as const;

/** A nice step as mantissa × 10^exponent, kept apart so tick values can be computed without drift. */
export interface TickStep {
  mantissa: 1 | 2 | 5;
  exponent: number;
  value: number;
}

/** How many multiples of `step` lie in [min, max]; a tolerance keeps ends that only miss by rounding. */
function countTicks(min: number, max: number, step: number): number {
  return Math.floor(max / step + 1e-9) - Math.ceil(min / step - 1e-9) + 1;
}

/** The smallest nice step that puts at most `maxCount` ticks in [min, max] (min < max, both finite). */
export function tickStep(min: number, max: number, maxCount: number): TickStep {
  const span = max - min;
  const count = Math.max(1, Math.floor(maxCount));
  // Start a decade below the rough step so rounding in log10 never skips the best candidate.
  let exponent = Math.floor(Math.log10(span / count)) - 1;
  for (;;) {
    for (const mantissa of MANTISSAS) {
      const value = stepValue(mantissa, exponent);
      if (countTicks(min, max, value) <= count) return { mantissa, exponent, value };
    }
    exponent++;
  }
}

function stepValue(mantissa: number, exponent: number): number {
  // Dividing by a power of ten is exact-ish where multiplying by 0.1 is not (3 * 0.1 !== 0.3).
  return exponent < 0 ? mantissa / 10 ** -exponent : mantissa * 10 ** exponent;
}

/** The value of tick i (the i-th multiple of the step), rounded the way it would be written. */
function tickValue(i: number, step: TickStep): number {
  const v = step.exponent < 0 ? (i * step.mantissa) / 10 ** -step.exponent : i * step.mantissa * 10 ** step.exponent;
  return v === 0 ? 0 : v; // no -0
}

/**
 * Tick values in [min, max] at a 1/2/5 × 10^k step, at most `maxCount` of them. The ends are included
 * when they fall on a tick. A degenerate range gives its single value; non-finite input gives none.
 */
export function niceTicks(min: number, max: number, maxCount: number): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || !(maxCount >= 1)) return [];
  if (min > max) [min, max] = [max, min];
  if (min === max) return [min];
  const step = tickStep(min, max, maxCount);
  const first = Math.ceil(min / step.value - 1e-9);
  const last = Math.floor(max / step.value + 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(tickValue(i, step));
  return ticks;
}

/** The step between the ticks niceTicks() would choose (NaN when it would choose fewer than two). */
export function niceTickStep(min: number, max: number, maxCount: number): number {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min === max || !(maxCount >= 1)) return NaN;
  return tickStep(Math.min(min, max), Math.max(min, max), maxCount).value;
}

/**
 * A tick label with just enough decimals for the step (0.25 steps don't occur: 1/2/5 need at most one
 * significant digit). Very large or very small magnitudes switch to exponent notation.
 */
export function formatTick(v: number, step: number): string {
  if (!Number.isFinite(v)) return String(v);
  const s = Math.abs(step);
  if (!Number.isFinite(s) || s === 0) return String(+v.toPrecision(6));
  if (Math.abs(v) < s * 1e-6) return '0';
  const stepExp = Math.floor(Math.log10(s) + 1e-9);
  const valueExp = Math.floor(Math.log10(Math.abs(v)));
  if (valueExp >= 6 || stepExp <= -5) {
    // Enough mantissa digits to tell neighbouring ticks apart.
    return v.toExponential(Math.max(0, Math.min(20, valueExp - stepExp))).replace(/\.?0+e/, 'e');
  }
  return v.toFixed(Math.max(0, -stepExp));
}
