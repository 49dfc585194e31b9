import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  activeScaling, calibratedRange, calibratedWindow, calibrateInPlace, integerValued, toCalibrated, toStored, usableScaling, valueMapping,
} from '../../../app/model/calibration.js';
import { typedView } from '../../../app/model/dtype.js';
import { spectrumAt, spectrumMean } from '../../../app/measure/spectrum.js';
import { extractPlane } from '../../../app/view/planes.js';
import { FIXTURES } from '../paths.js';
import { fileSourceSet } from '../sources.js';
import { load, nodeCodecs } from '../nifti/helpers.js';
import { DIMS_5x4x3, syntheticVolume } from '../view/synthetic.js';

describe('calibration: value = stored * slope + inter', () => {
  it('applies the NIfTI rule: a finite, non-zero slope; a NaN or infinite intercept means 0', () => {
    expect(usableScaling(0.5, -1024)).toEqual({ slope: 0.5, inter: -1024 });
    expect(usableScaling(0, 7)).toBeNull();
    expect(usableScaling(NaN, 7)).toBeNull();
    expect(usableScaling(Infinity, 7)).toBeNull();
    expect(usableScaling(2, NaN)).toEqual({ slope: 2, inter: 0 });
    expect(usableScaling(2, -Infinity)).toEqual({ slope: 2, inter: 0 });
  });

  it('the identity and unusable scalings change nothing', () => {
    expect(activeScaling({ slope: 1, inter: 0 })).toBeNull();
    expect(activeScaling(null)).toBeNull();
    for (const s of [null, { slope: 1, inter: 0 }, { slope: 0, inter: 5 }, { slope: NaN, inter: 5 }]) {
      expect(toCalibrated(123, s)).toBe(123);
      expect(toStored(123, s)).toBe(123);
    }
    expect(toCalibrated(10, { slope: 1, inter: NaN })).toBe(10);
  });

  it('maps both ways, in float64', () => {
    const ct = { slope: 1, inter: -1024 };
    expect(toCalibrated(24, ct)).toBe(-1000);
    expect(toStored(-1000, ct)).toBe(24);
    const half = { slope: 0.5, inter: -1024 };
    expect(toCalibrated(2128, half)).toBe(40);
    expect(toStored(40, half)).toBe(2128);
    // nibabel's functional.nii: the float32 slope and intercept as exact numbers, applied in float64.
    const f32 = { slope: 0.07540696859359741, inter: 3100.76171875 };
    expect(Math.fround(f32.slope)).toBe(f32.slope);
    for (const v of [-32768, -1, 0, 1, 12345, 32767]) expect(toStored(toCalibrated(v, f32), f32)).toBeCloseTo(v, 9);
    expect(toCalibrated(1000, f32)).toBe(3176.1686873435974);
    expect(Math.fround(toCalibrated(1000, f32))).not.toBe(toCalibrated(1000, f32)); // float64, not float32
  });

  it('a range keeps its low end first, also under a negative slope', () => {
    expect(calibratedRange(0, 248, { slope: 1, inter: -1024 })).toEqual([-1024, -776]);
    expect(calibratedRange(0, 100, { slope: -2, inter: 50 })).toEqual([-150, 50]);
  });

  it('calibrates arrays in place, and leaves them alone without a scaling', () => {
    const a = new Float32Array([0, 24, 1024, 2048]);
    calibrateInPlace(a, 3, { slope: 1, inter: -1024 });
    expect([...a]).toEqual([-1024, -1000, 0, 2048]);
    const b = new Float64Array([1, 2]);
    calibrateInPlace(b, 2, { slope: 1, inter: 0 });
    expect([...b]).toEqual([1, 2]);
  });

  it('values stay whole numbers only for integer data under an integer slope and intercept', () => {
    expect(integerValued('int16', valueMapping(null))).toBe(true);
    expect(integerValued('int16', valueMapping({ slope: 1, inter: -1024 }))).toBe(true);
    expect(integerValued('int16', valueMapping({ slope: 0.5, inter: -1024 }))).toBe(false);
    expect(integerValued('uint8', valueMapping({ slope: 2, inter: 0.5 }))).toBe(false);
    expect(integerValued('float32', valueMapping(null))).toBe(false);
  });

  it('a window saved in stored units becomes the same window in calibrated values', () => {
    expect(calibratedWindow({ min: 0, max: 248, invert: false }, { slope: 1, inter: -1024 })).toEqual({ min: -1024, max: -776, invert: false });
    expect(calibratedWindow({ min: 100, max: 300, invert: false }, null)).toEqual({ min: 100, max: 300, invert: false });
    // A negative slope turns the value order around: the ends swap and the ramp flips to keep dark where it was.
    expect(calibratedWindow({ min: 0, max: 10, invert: false }, { slope: -1, inter: 0 })).toEqual({ min: -10, max: 0, invert: true });
  });
});

describe('planes and spectra in calibrated values', () => {
  const d = DIMS_5x4x3;
  it('extractPlane calibrates every axis, into float32 or float64', () => {
    const data = syntheticVolume(d, 'int16');
    const values = valueMapping({ slope: 0.5, inter: -1024 });
    for (const axis of ['xy', 'xz', 'yz'] as const) {
      const n = axis === 'xy' ? 20 : axis === 'xz' ? 15 : 12;
      const raw = new Float64Array(n);
      const cal = new Float64Array(n);
      const cal32 = new Float32Array(n);
      extractPlane({ data, dims: d, dtype: 'int16', axis, index: 1, c: 1, t: 1, out: raw });
      extractPlane({ data, dims: d, dtype: 'int16', axis, index: 1, c: 1, t: 1, out: cal, values });
      extractPlane({ data, dims: d, dtype: 'int16', axis, index: 1, c: 1, t: 1, out: cal32, values });
      expect([...cal]).toEqual([...raw].map((v) => v * 0.5 - 1024));
      expect([...cal32]).toEqual([...cal].map(Math.fround));
    }
  });

  it('spectra are calibrated; the "no data" value is compared in stored units', () => {
    const data = syntheticVolume(d, 'int16');
    const values = valueMapping({ slope: 2, inter: 1 });
    const at = spectrumAt({ data, dims: d, dtype: 'int16', x: 1, y: 2, z: 0, t: 0, values });
    expect([...at]).toEqual([21 * 2 + 1, 1021 * 2 + 1]);
    // Stored 21 (x 1, y 2, c 0) is the ignore value: left out of channel 0 only.
    const m = spectrumMean({ data, dims: d, dtype: 'int16', rect: { x0: 1, y0: 2, x1: 2, y1: 2 }, z: 0, t: 0, ignore: 21, values });
    expect([...m.counts]).toEqual([1, 2]);
    expect(m.mean[0]).toBe(22 * 2 + 1);
    expect(m.mean[1]).toBe(1021.5 * 2 + 1);
  });

  it('the committed CT fixtures read as the same Hounsfield units through slope 1 and slope 0.5', async () => {
    const hu = (x: number, z: number): number => [-1000, -100, 0, 40, 700][Math.min(4, Math.floor(x / 8))] + 10 * z;
    for (const name of ['ct_hu_slope1.nii.gz', 'ct_hu_slope05.nii.gz']) {
      const { header, voxels } = await load(fileSourceSet(join(FIXTURES, 'values', name)), nodeCodecs);
      const meta = header.meta;
      expect(meta.unit).toBe('mm');
      const out = new Float64Array(40 * 30);
      extractPlane({
        data: typedView(meta.dtype, voxels.buffer), dims: meta.dims, dtype: meta.dtype, axis: 'xy', index: 2, c: 0, t: 0, out, values: valueMapping(meta.scaling),
      });
      for (const x of [0, 9, 17, 30, 39]) expect(out[5 * 40 + x], `${name} x ${x}`).toBe(hu(x, 2));
    }
  });
});
