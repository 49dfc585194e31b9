import { isFloat, type DType, type FloatArray } from './dtype.js';
import type { Scaling } from './volume.js';
import type { ComplexPart } from './complex.js';

/*
 * Calibrated values: what a stored voxel means. value = stored * slope + inter (NIfTI scl_slope and
 * scl_inter), in float64. This is the one place that mapping is written down; display mapping,
 * histograms, auto-contrast, the colorbar and every measurement work in calibrated values, and the
 * readout shows the stored value beside the calibrated one.
 */

/**
 * The NIfTI rule (nifti1.h; nibabel does the same): scaling applies iff the slope is finite and not 0;
 * a NaN or infinite intercept then means 0. Returns null where no scaling applies.
 */
export function usableScaling(slope: number, inter: number): Scaling | null {
  if (!Number.isFinite(slope) || slope === 0) return null;
  return { slope, inter: Number.isFinite(inter) ? inter : 0 };
}

/** The scaling that changes values: null for none, an unusable one, or the identity (slope 1, inter 0). */
export function activeScaling(s: Scaling | null | undefined): Scaling | null {
  const u = s ? usableScaling(s.slope, s.inter) : null;
  return u && (u.slope !== 1 || u.inter !== 0) ? u : null;
}

/** Stored → calibrated. */
export function toCalibrated(stored: number, s: Scaling | null): number {
  const a = activeScaling(s);
  return a ? stored * a.slope + a.inter : stored;
}

/** Calibrated → stored (the inverse; exact up to float64 rounding). */
export function toStored(calibrated: number, s: Scaling | null): number {
  const a = activeScaling(s);
  return a ? (calibrated - a.inter) / a.slope : calibrated;
}

/** A stored range [lo, hi] in calibrated values, low end first (a negative slope swaps the ends). */
export function calibratedRange(lo: number, hi: number, s: Scaling | null): [number, number] {
  const a = toCalibrated(lo, s);
  const b = toCalibrated(hi, s);
  return a <= b ? [a, b] : [b, a];
}

/** Calibrates values[0..n) in place (float64 arithmetic, stored back in the array's own type). */
export function calibrateInPlace(values: FloatArray, n: number, s: Scaling | null): void {
  const a = activeScaling(s);
  if (!a) return;
  const { slope, inter } = a;
  for (let i = 0; i < n; i++) values[i] = values[i] * slope + inter;
}

/**
 * How stored voxels become the numbers the viewer shows and measures: the calibration, and for complex
 * data the part shown. Plain data, so it can travel to workers and into saved settings.
 */
export interface ValueMapping {
  scaling: Scaling | null;
  complex: ComplexPart;
}

export const STORED_VALUES: ValueMapping = { scaling: null, complex: 'magnitude' };

export function valueMapping(scaling: Scaling | null | undefined, complex: ComplexPart = 'magnitude'): ValueMapping {
  return { scaling: activeScaling(scaling), complex };
}

/**
 * True when every shown value is a whole number (integer data under an integer slope and intercept),
 * so histograms may use integer-wide bins.
 */
export function integerValued(dtype: DType, m: ValueMapping): boolean {
  if (isFloat(dtype)) return false;
  const s = activeScaling(m.scaling);
  return !s || (Number.isInteger(s.slope) && Number.isInteger(s.inter));
}

/**
 * A display window saved in stored units (settings from before calibrated windows) as the same window in
 * calibrated values: the same voxels inside it, the same ones dark. A negative slope reverses the
 * value order, so the window's ends swap and the ramp is inverted to keep dark where it was.
 */
export function calibratedWindow(w: { min: number; max: number; invert: boolean }, s: Scaling | null): { min: number; max: number; invert: boolean } {
  const a = activeScaling(s);
  if (!a) return { ...w };
  const [min, max] = calibratedRange(w.min, w.max, a);
  return { min, max, invert: a.slope < 0 ? !w.invert : w.invert };
}
