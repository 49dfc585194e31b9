/**
 * The display-range handles of a histogram as plain math: which part a press grabs, where a drag puts
 * the range, and keyboard nudges. Positions are pixels on the x axis, values are data values.
 */

export interface DisplayRange {
  min: number;
  max: number;
}

/** The min handle, the max handle, or the shaded window between them (moves both: window/level). */
export type RangeGrip = 'min' | 'max' | 'window';

/**
 * What a press at `px` grabs. Handles win within `tolerance` pixels, the nearer one when both are close;
 * when they sit on top of each other the side of the press decides, so the pair can always be pulled
 * apart. Between them is the window; outside them the nearer handle, which then jumps to the press.
 */
export function pressGrip(px: number, minPx: number, maxPx: number, tolerance: number): RangeGrip {
  const dMin = Math.abs(px - minPx);
  const dMax = Math.abs(px - maxPx);
  if (dMin <= tolerance || dMax <= tolerance) {
    if (dMin < dMax) return 'min';
    if (dMax < dMin) return 'max';
    return px > maxPx ? 'max' : px < minPx ? 'min' : px >= (minPx + maxPx) / 2 ? 'max' : 'min';
  }
  if (px < minPx) return 'min';
  if (px > maxPx) return 'max';
  return 'window';
}

/** The grip under the pointer for hover feedback, or null where a press would jump a handle. */
export function hoverGrip(px: number, minPx: number, maxPx: number, tolerance: number): RangeGrip | null {
  const g = pressGrip(px, minPx, maxPx, tolerance);
  const nearHandle = Math.abs(px - minPx) <= tolerance || Math.abs(px - maxPx) <= tolerance;
  return nearHandle || g === 'window' ? g : null;
}

export interface RangeDrag {
  grip: RangeGrip;
  /** The value under the pointer when the drag started. */
  startValue: number;
  /** The range when the drag started. */
  start: DisplayRange;
}

/**
 * The range while dragging with the pointer at `value`: the grabbed part moves by the pointer's offset
 * since the press, so grabbing a handle a few pixels off does not make it jump. A handle stops `minGap`
 * short of the other one (a zero-width range maps nothing); the window moves freely, also past the data.
 */
export function dragRange(d: RangeDrag, value: number, minGap: number): DisplayRange {
  const { min, max } = d.start;
  const delta = value - d.startValue;
  switch (d.grip) {
    case 'min':
      return { min: Math.min(min + delta, max - minGap), max };
    case 'max':
      return { min, max: Math.max(max + delta, min + minGap) };
    case 'window':
      return { min: min + delta, max: max + delta };
  }
}

/** A press outside the window and away from the handles: the nearer handle jumps to the pressed value. */
export function jumpRange(r: DisplayRange, grip: 'min' | 'max', value: number, minGap: number): DisplayRange {
  return grip === 'min' ? { min: Math.min(value, r.max - minGap), max: r.max } : { min: r.min, max: Math.max(value, r.min + minGap) };
}

/** A keyboard nudge of one grip by `delta` (value units, signed), keeping `minGap` between handles. */
export function nudgeRange(r: DisplayRange, grip: RangeGrip, delta: number, minGap: number): DisplayRange {
  switch (grip) {
    case 'min':
      return { min: Math.min(r.min + delta, r.max - minGap), max: r.max };
    case 'max':
      return { min: r.min, max: Math.max(r.max + delta, r.min + minGap) };
    case 'window':
      return { min: r.min + delta, max: r.max + delta };
  }
}

/** Widen (delta > 0) or narrow the window about its centre, i.e. lower or raise the contrast. */
export function widenRange(r: DisplayRange, delta: number, minGap: number): DisplayRange {
  const centre = (r.min + r.max) / 2;
  const half = Math.max(minGap / 2, (r.max - r.min) / 2 + delta);
  return { min: centre - half, max: centre + half };
}

/** A gap small against the axis span but never zero, so handles can get close without crossing. */
export function minimumGap(domainSpan: number): number {
  return Math.abs(domainSpan) * 1e-6 || 1e-12;
}
