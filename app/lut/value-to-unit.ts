/**
 * The display mapping's definition: which fraction of the colour table a stored value gets. mapPlane
 * (display-mapping.ts) applies the same function to whole planes.
 */

/** How stored values become colours: a window [min, max], then optional log scale, gamma and inversion. */
export interface DisplayMapping {
  min: number;
  max: number;
  /** Exponent applied to the unit fraction; 1 = linear, < 1 brightens dark values. */
  gamma: number;
  /** Log10 scale between the window's floor and max. */
  log: boolean;
  /** Reverse the table: min shows the last colour. */
  invert: boolean;
}

export const DEFAULT_MAPPING: Omit<DisplayMapping, 'min' | 'max'> = { gamma: 1, log: false, invert: false };

/**
 * A window with nothing between min and max, an infinite one, or a log window with max <= 0 has no
 * ramp to speak of: it is a step at max.
 */
export function isStep(m: DisplayMapping): boolean {
  return !(m.max > m.min) || !Number.isFinite(m.max - m.min) || (m.log && !(m.max > 0));
}

/** The lowest value a log window resolves: min itself if positive, else six decades below max. */
export function logFloor(m: DisplayMapping): number {
  return m.min > 0 ? m.min : m.max * 1e-6;
}

/** Gamma values that are not positive finite numbers would make every voxel 0 or 1; they mean linear. */
export function effectiveGamma(gamma: number): number {
  return Number.isFinite(gamma) && gamma > 0 ? gamma : 1;
}

/**
 * Fraction t in [0,1] for a value: clamp((v-min)/(max-min)); log: log10 scale between
 * (min > 0 ? min : max*1e-6) and max, values at or below that floor -> 0; then t^gamma; invert: 1-t.
 * NaN -> NaN. max <= min (also a non-finite max - min, or max <= 0 with log): v >= max -> 1 else 0,
 * then inverted if asked.
 * This is the definition; mapPlane reproduces it exactly (its tests compare every voxel).
 */
export function valueToUnit(v: number, m: DisplayMapping): number {
  if (Number.isNaN(v)) return NaN;
  let t: number;
  if (isStep(m)) t = v >= m.max ? 1 : 0;
  else if (m.log) {
    const floor = logFloor(m);
    if (v <= floor) t = 0;
    else {
      const lf = Math.log10(floor);
      t = (Math.log10(v) - lf) / (Math.log10(m.max) - lf);
      t = t < 0 ? 0 : t > 1 ? 1 : t;
    }
  } else {
    t = (v - m.min) / (m.max - m.min);
    t = t < 0 ? 0 : t > 1 ? 1 : t;
  }
  const g = effectiveGamma(m.gamma);
  if (g !== 1 && t > 0 && t < 1) t = Math.pow(t, g);
  return m.invert ? 1 - t : t;
}

/**
 * Table index (0..255) for a value: valueToUnit(v) * 255 rounded half to even, as numpy's round (and
 * Python's) does, so that the pixels of an export are what `np.round(255 * t)` gives; NaN for NaN.
 */
export function valueToIndex(v: number, m: DisplayMapping): number {
  return roundHalfEven(valueToUnit(v, m) * 255);
}

/** x rounded to the nearest integer, an exact half to the even one (2.5 -> 2, 3.5 -> 4); NaN stays NaN. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
