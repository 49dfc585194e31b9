import { describe, expect, it } from 'vitest';
import { labelComponents } from '../../../app/filters/label/connected-components.js';
import { SEGMENTATION_FILTERS } from '../../../app/filters/segmentation.js';
import { MAX_INTEGER_BINS, valueRange } from '../../../app/filters/threshold/histogram.js';
import { thresholdMask, thresholdValue } from '../../../app/filters/threshold/threshold.js';
import type { VolumeView } from '../../../app/filters/types.js';
import { EXPECTED, makeImage } from './fixtures.js';

const { threshold, label } = SEGMENTATION_FILTERS;
const f32 = (values: number[]): VolumeView => ({ data: new Float32Array(values), dims: { x: values.length, y: 1, z: 1 }, dtype: 'float32' });

describe('threshold and label ops', () => {
  it('declare their parameters (scipy/skimage names, defaults otsu and 6) and refuse others', () => {
    expect(threshold.schema.parse({})).toEqual({ method: 'otsu' });
    expect(threshold.schema.parse({ method: 'yen' })).toEqual({ method: 'yen' });
    expect(threshold.schema.safeParse({ method: 'huang' }).success).toBe(false);
    expect(threshold.schema.safeParse({ method: 'otsu', nbins: 128 }).success).toBe(false);
    expect(label.schema.parse({})).toEqual({ connectivity: 6 });
    expect(label.schema.parse({ connectivity: 26 })).toEqual({ connectivity: 26 });
    expect(label.schema.safeParse({ connectivity: 8 }).success).toBe(false);
  });

  it('declare uint8 and int32 outputs and run whole (global, halo = the whole volume)', () => {
    expect(threshold.outputDtype('float32', { method: 'otsu' })).toBe('uint8');
    expect(label.outputDtype('uint8', { connectivity: 6 })).toBe('int32');
    for (const op of [threshold, label]) {
      expect(op.global).toBe(true);
      expect(op.halo({} as never)).toEqual({ x: Infinity, y: Infinity, z: Infinity });
    }
    const v = makeImage(EXPECTED.thresholds[0]);
    expect(() => threshold.run(v, { method: 'otsu' }, { ...v, data: new Uint8Array(v.data.length), dtype: 'uint8' }, [0, 1]))
      .toThrow(/^threshold: a global op runs on the whole volume, not planes 0..1/);
  });

  it('threshold then label gives the mask and labels of the functions', () => {
    const v = makeImage(EXPECTED.thresholds[0]);
    const n = v.data.length;
    const mask = { data: new Uint8Array(n), dims: v.dims, dtype: 'uint8' as const };
    threshold.run(v, { method: 'li' }, mask, [0, v.dims.z]);
    const want = new Uint8Array(n);
    thresholdMask(v, thresholdValue(v, 'li'), want);
    expect(mask.data).toEqual(want);
    const labels = { data: new Int32Array(n), dims: v.dims, dtype: 'int32' as const };
    label.run(mask, { connectivity: 18 }, labels, [0, v.dims.z]);
    const direct = new Int32Array(n);
    labelComponents(mask, 18, direct);
    expect(labels.data).toEqual(direct);
    expect(() => label.run(mask, { connectivity: 6 }, mask, [0, v.dims.z])).toThrow(/^label: the output must be int32, not uint8/);
    expect(() => threshold.run(v, { method: 'otsu' }, labels, [0, v.dims.z])).toThrow(/^threshold: the output must be uint8, not int32/);
  });
});

describe('threshold inputs skimage cannot threshold either', () => {
  it('NaN or infinity: one clear error for the histogram methods; mean and Li as skimage', () => {
    for (const m of ['otsu', 'yen', 'isodata', 'triangle'] as const) {
      expect(() => thresholdValue(f32([1, NaN, 3]), m)).toThrow(new RegExp(`^threshold ${m}: the image has NaN or infinite values`));
      expect(() => thresholdValue(f32([1, Infinity, 3]), m)).toThrow(/NaN or infinite/);
    }
    expect(thresholdValue(f32([1, NaN, 3]), 'mean')).toBeNaN();
    // threshold_li drops NaN, then infinities (values from skimage 0.19).
    expect(thresholdValue(f32([1, NaN, 3, Infinity]), 'li')).toBe(1);
    expect(thresholdValue(f32([1, 2, NaN, 3, 10]), 'li')).toBe(Math.fround(4.640957));
    expect(thresholdValue(f32([NaN, NaN]), 'li')).toBeNaN();
    expect(thresholdValue(f32([-Infinity, Infinity]), 'li')).toBe(0);
    // An image of one value (even infinite) is its own Otsu threshold, before any histogram.
    expect(thresholdValue(f32([Infinity, Infinity]), 'otsu')).toBe(Infinity);
  });

  it('finds the range of float32 values on their bits as the comparisons do: negatives, zeros, infinities, NaN', () => {
    const cases = [
      [3, -2.5, 7, -1e-40, 0], [-0, 0, -0], [-Infinity, 5, Infinity], [1, NaN, -3], [NaN, NaN], [-7.25], [2 ** -149, -(2 ** -149)],
    ];
    const zero = (v: number): number => (v === 0 ? 0 : v); // -0 and +0 compare equal: either is the extreme
    const norm = ({ min, max, nan }: { min: number; max: number; nan: boolean }) => ({ min: zero(min), max: zero(max), nan });
    for (const values of cases) {
      const f = Float32Array.from(values);
      const finite = [...f].filter((v) => v === v);
      const want = { min: Math.min(...finite), max: Math.max(...finite), nan: finite.length < f.length };
      expect(norm(valueRange(f)), String(values)).toEqual(norm(want));
      expect(norm(valueRange(Float64Array.from(f))), String(values)).toEqual(norm(want));
    }
  });

  it('refuses complex images, empty ones and integer ranges too wide for one bin per integer', () => {
    for (const dtype of ['complex64', 'complex128'] as const) {
      const c: VolumeView = { data: new Float64Array(4), dims: { x: 2, y: 1, z: 1 }, dtype };
      expect(() => thresholdValue(c, 'otsu')).toThrow(`threshold otsu: needs real values, not ${dtype}`);
    }
    expect(() => thresholdValue({ data: new Uint8Array(0), dims: { x: 0, y: 1, z: 1 }, dtype: 'uint8' }, 'mean')).toThrow(/the image is empty/);
    const wide: VolumeView = { data: new Uint32Array([0, MAX_INTEGER_BINS]), dims: { x: 2, y: 1, z: 1 }, dtype: 'uint32' };
    expect(() => thresholdValue(wide, 'otsu')).toThrow(`threshold: values 0..${MAX_INTEGER_BINS} need ${MAX_INTEGER_BINS + 1} histogram bins`);
    expect(thresholdValue({ ...wide, data: new Uint32Array([0, MAX_INTEGER_BINS - 1]) }, 'otsu')).toBe(0);
  });

  it('Li shifts integer images without wrapping (skimage 0.19 wraps int8 -100..100 and returns NaN)', () => {
    const values = Array.from({ length: 60 }, (_, i) => [-100, -90, -80, 80, 90, 100][i % 6]);
    const i8: VolumeView = { data: Int8Array.from(values), dims: { x: 60, y: 1, z: 1 }, dtype: 'int8' };
    // skimage 0.19 on the same values as int16 (to numpy's log: see li.ts):
    expect(thresholdValue(i8, 'li')).toBeCloseTo(-38.867811058880456, 12);
    expect(thresholdValue(i8, 'li')).toBe(thresholdValue({ ...i8, data: Int16Array.from(values), dtype: 'int16' }, 'li'));
  });

  it('thresholds 64-bit integers through doubles', () => {
    const v: VolumeView = { data: new BigInt64Array([-5n, -5n, 10n, 12n]), dims: { x: 4, y: 1, z: 1 }, dtype: 'int64' };
    const same: VolumeView = { data: new Int32Array([-5, -5, 10, 12]), dims: v.dims, dtype: 'int32' };
    for (const m of ['otsu', 'li', 'yen', 'isodata', 'triangle', 'mean'] as const) expect(thresholdValue(v, m)).toBe(thresholdValue(same, m));
  });
});
