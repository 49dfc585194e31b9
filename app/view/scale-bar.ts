/*
 * The scale bar of a slice view, like Fiji's Analyze > Tools > Scale Bar and napari's scale bar: a
 * round length (1, 2 or 5 times a power of ten) in the file's unit, moved to a better SI prefix when the
 * number would be 1000 or more, or below 1 (0.5 mm → 500 µm).
 */

/** The length units with a prefix ladder, each 1000 times the previous; keyed by their lower-cased spellings. */
const LADDER = ['pm', 'nm', 'µm', 'mm', 'm', 'km'] as const;
const SPELLINGS: Record<string, { step: number; factor: number }> = {
  pm: { step: 0, factor: 1 }, picometer: { step: 0, factor: 1 }, picometre: { step: 0, factor: 1 },
  nm: { step: 1, factor: 1 }, nanometer: { step: 1, factor: 1 }, nanometre: { step: 1, factor: 1 },
  um: { step: 2, factor: 1 }, 'µm': { step: 2, factor: 1 }, 'μm': { step: 2, factor: 1 }, micron: { step: 2, factor: 1 },
  microns: { step: 2, factor: 1 }, micrometer: { step: 2, factor: 1 }, micrometre: { step: 2, factor: 1 },
  mm: { step: 3, factor: 1 }, millimeter: { step: 3, factor: 1 }, millimetre: { step: 3, factor: 1 },
  cm: { step: 3, factor: 10 }, centimeter: { step: 3, factor: 10 }, centimetre: { step: 3, factor: 10 },
  m: { step: 4, factor: 1 }, meter: { step: 4, factor: 1 }, metre: { step: 4, factor: 1 },
  km: { step: 5, factor: 1 },
};
const NO_UNIT = new Set(['', 'pixel', 'pixels', 'px', 'unknown', 'none']);

/** True when a unit names a physical length (the scale bar is on by default for such data). */
export function hasPhysicalUnit(unit: string): boolean {
  return !NO_UNIT.has(unit.trim().toLowerCase());
}

/** The largest 1, 2 or 5 times a power of ten that is at most `limit` (> 0). */
export function niceLengthBelow(limit: number): number {
  if (!(limit > 0) || !Number.isFinite(limit)) return NaN;
  // log10 can land a hair below a power of ten (log10(1000) = 2.9999999999999996): compare with a tolerance.
  const fits = (v: number): boolean => v <= limit * (1 + 1e-12);
  let power = 10 ** Math.floor(Math.log10(limit));
  if (fits(10 * power)) power *= 10;
  if (!fits(power)) power /= 10;
  return [5, 2, 1].map((m) => m * power).find(fits)!;
}

export interface ScaleBar {
  /** Length in the file's unit. */
  length: number;
  /** Length on screen, CSS px. */
  px: number;
  /** The label: the length with the best prefix ('500 µm'), or the bare number without a unit. */
  text: string;
}

/**
 * The bar for a view `viewWidth` CSS px wide showing `pxPerUnit` px per unit of length: the longest
 * round length no longer than a fifth of the view (so it is between 8% and 20% of the view wide).
 */
export function scaleBar(pxPerUnit: number, viewWidth: number, unit: string): ScaleBar | null {
  if (!(pxPerUnit > 0) || !(viewWidth > 0)) return null;
  const length = niceLengthBelow((viewWidth / 5) / pxPerUnit);
  if (!Number.isFinite(length)) return null;
  return { length, px: length * pxPerUnit, text: lengthText(length, unit) };
}

/** '500 µm', '2 mm', '0.05 inch'. */
export function lengthText(length: number, unit: string): string {
  const u = unit.trim();
  const known = SPELLINGS[u.toLowerCase()];
  const number = (v: number): string => String(+v.toPrecision(6));
  if (!known) return NO_UNIT.has(u.toLowerCase()) ? number(length) : `${number(length)} ${u}`;
  let value = length * known.factor;
  let step = known.step;
  while (value >= 1000 && step < LADDER.length - 1) {
    value /= 1000;
    step++;
  }
  while (value < 1 && step > 0) {
    value *= 1000;
    step--;
  }
  return `${number(value)} ${LADDER[step]}`;
}
