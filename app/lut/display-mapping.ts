import { indexSteps, stepIndex } from './index-steps.js';
import { addSaturated, packTable, wordView } from './rgba-words.js';
import { type DisplayMapping, effectiveGamma, isStep } from './value-to-unit.js';

export { type DisplayMapping, DEFAULT_MAPPING, valueToUnit, valueToIndex, logFloor } from './value-to-unit.js';

/**
 * Maps a plane of values to RGBA8 through a 256-entry table (768 bytes, r,g,b per entry).
 * mode 'replace' writes r,g,b,255; mode 'add' adds r,g,b saturating at 255 and leaves alpha alone
 * (additive channel composite, Fiji "Composite": clear `out` to opaque black, then add each channel).
 * NaN (and the `ignore` value if given, compared as float32 since that is what `src` holds) -> in
 * replace mode opaque black; in add mode nothing is added.
 *
 * It runs on every slice and LUT change, so: one 32-bit store per voxel; linear windows computed inline
 * with exactly valueToUnit's arithmetic; gamma and log through precomputed float32 thresholds of each
 * table index (index-steps.ts), so no voxel pays for a pow or log10 and the result is still exact.
 */
export function mapPlane(
  src: Float32Array,
  n: number,
  m: DisplayMapping,
  table: Uint8Array,
  out: Uint8Array | Uint8ClampedArray,
  mode: 'replace' | 'add',
  ignore?: number | null,
): void {
  if (!Number.isInteger(n) || n < 0 || n > src.length) throw new RangeError(`mapPlane: n = ${n} but the source holds ${src.length} values`);
  if (out.length < 4 * n) throw new RangeError(`mapPlane: output holds ${out.length} bytes, ${4 * n} needed`);
  if (table.length < 768) throw new RangeError(`mapPlane: a table has 768 bytes, not ${table.length}`);
  const add = mode === 'add';
  // NaN never compares equal, so "no ignore value" costs nothing in the loop.
  const ig = ignore === null || ignore === undefined ? NaN : Math.fround(ignore);
  // Add mode must not touch alpha, so its colours carry alpha 0.
  const colors = packTable(table, add ? 0 : 255);
  const direct = wordView(out, n);
  const words = direct ?? wordsOf(out, n);
  if (isStep(m) || (!m.log && effectiveGamma(m.gamma) === 1)) mapLinear(src, n, m, colors, words, add, ig);
  else mapBySteps(src, n, m, colors, words, add, ig);
  if (!direct) out.set(new Uint8Array(words.buffer, 0, 4 * n));
}

/**
 * For 0 <= x <= 255, floor(x + ALMOST_HALF) is x rounded half up: with the exact 0.5 the one double
 * just below 0.5 would round up (x + 0.5 rounds to 1), and halves like 2.5 still reach 3 because
 * 3 - 2^-54 rounds to 3.
 */
const ALMOST_HALF = 0.49999999999999994;

/**
 * roundHalfEven(x) for 0 <= x <= 255 (valueToIndex's rounding), without Math.round's cost or a
 * data-dependent branch: rounded half up, then an exact half that went up to an odd number goes back.
 */
export function roundToIndex(x: number): number {
  const r = (x + ALMOST_HALF) | 0;
  return r - (+(r - x === 0.5) & r);
}

/** Opaque black, as a little-endian RGBA word. */
const BLACK = 0xff000000;

/** A copy of the output as words, for outputs that cannot be viewed as aligned little-endian words. */
function wordsOf(out: Uint8Array | Uint8ClampedArray, n: number): Uint32Array {
  const words = new Uint32Array(n);
  new Uint8Array(words.buffer).set(out.subarray(0, 4 * n));
  return words;
}

function mapLinear(src: Float32Array, n: number, m: DisplayMapping, colors: Uint32Array, out: Uint32Array, add: boolean, ig: number): void {
  if (isStep(m)) return mapStepWindow(src, n, m, colors, out, add, ig);
  const { min, max, invert } = m;
  const range = max - min;
  for (let i = 0; i < n; i++) {
    const v = src[i];
    if (v !== v || v === ig) {
      if (!add) out[i] = BLACK;
      continue;
    }
    // The same operations in the same order as valueToUnit, so the rounding is identical.
    let t = (v - min) / range;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    if (invert) t = 1 - t;
    const c = colors[roundToIndex(t * 255)];
    out[i] = add ? addSaturated(out[i], c) : c;
  }
}

/** A window without a ramp: the first colour below max, the last from max on (swapped by invert). */
function mapStepWindow(src: Float32Array, n: number, m: DisplayMapping, colors: Uint32Array, out: Uint32Array, add: boolean, ig: number): void {
  const below = colors[m.invert ? 255 : 0];
  const above = colors[m.invert ? 0 : 255];
  for (let i = 0; i < n; i++) {
    const v = src[i];
    if (v !== v || v === ig) {
      if (!add) out[i] = BLACK;
      continue;
    }
    const c = v >= m.max ? above : below;
    out[i] = add ? addSaturated(out[i], c) : c;
  }
}

function mapBySteps(src: Float32Array, n: number, m: DisplayMapping, colors: Uint32Array, out: Uint32Array, add: boolean, ig: number): void {
  const steps = indexSteps(m);
  // The steps are found on un-inverted indices; inverting is then just reading the table backwards.
  const top = m.invert ? 255 : 0;
  const sign = m.invert ? -1 : 1;
  // The same memory read as int32: the steps are compared as ordered bit patterns.
  const bits = new Int32Array(src.buffer, src.byteOffset, n);
  for (let i = 0; i < n; i++) {
    const v = src[i];
    if (v !== v || v === ig) {
      if (!add) out[i] = BLACK;
      continue;
    }
    const c = colors[top + sign * stepIndex(steps, bits[i])];
    out[i] = add ? addSaturated(out[i], c) : c;
  }
}
