import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { valueMapping } from '../../../app/model/calibration.js';
import { COMPLEX_PARTS, complexPart, complexReducer, isComplexPart } from '../../../app/model/complex.js';
import { typedView } from '../../../app/model/dtype.js';
import { extractPlane } from '../../../app/view/planes.js';
import { FIXTURES } from '../paths.js';
import { fileSourceSet } from '../sources.js';
import { load, nodeCodecs } from '../nifti/helpers.js';
import { DIMS_5x4x3, syntheticVolume } from '../view/synthetic.js';

describe('complex parts', () => {
  it('magnitude, phase (atan2, radians), real and imaginary', () => {
    expect(complexPart(3, 4, 'magnitude')).toBe(5);
    expect(complexPart(3, 4, 'real')).toBe(3);
    expect(complexPart(3, 4, 'imaginary')).toBe(4);
    expect(complexPart(0, 1, 'phase')).toBe(Math.PI / 2);
    expect(complexPart(-1, 0, 'phase')).toBe(Math.PI);
    expect(complexPart(0, -2, 'phase')).toBe(-Math.PI / 2);
    expect(complexPart(0, 0, 'phase')).toBe(0);
    expect(complexPart(1e200, 1e200, 'magnitude')).toBeCloseTo(Math.SQRT2 * 1e200, -186);
    expect(Number.isNaN(complexPart(NaN, 1, 'magnitude'))).toBe(true);
    expect(COMPLEX_PARTS.every(isComplexPart)).toBe(true);
    expect(isComplexPart('angle')).toBe(false);
  });

  it('scaling applies to the complex value as nibabel does (z * slope + inter, the intercept real)', () => {
    const r = complexReducer('real', { slope: 2, inter: 1 });
    expect(r(3, 4)).toBe(7);
    expect(complexReducer('imaginary', { slope: 2, inter: 1 })(3, 4)).toBe(8);
    expect(complexReducer('magnitude', { slope: 2, inter: 1 })(3, 4)).toBe(Math.hypot(7, 8));
    expect(complexReducer('magnitude', null)(3, 4)).toBe(5);
  });

  it('extractPlane reduces complex voxels to the chosen part on every axis', () => {
    const d = DIMS_5x4x3;
    const data = syntheticVolume(d, 'complex64'); // voxel v holds (3v, 4v)
    const v = (x: number, y: number, z: number): number => x + 10 * y + 100 * z + 1000;
    for (const part of COMPLEX_PARTS) {
      const out = new Float64Array(15);
      extractPlane({ data, dims: d, dtype: 'complex64', axis: 'xz', index: 2, c: 1, t: 0, out, values: valueMapping(null, part) });
      const want = [];
      for (let z = 0; z < 3; z++) for (let x = 0; x < 5; x++) want.push(Math.fround(complexPart(3 * v(x, 2, z), 4 * v(x, 2, z), part)));
      expect([...out].map(Math.fround), part).toEqual(want);
    }
  });

  it('the committed complex64 NIfTI: re = x - 8, im = y - 6 + 10 z', async () => {
    const { header, voxels } = await load(fileSourceSet(join(FIXTURES, 'values', 'complex_c64.nii.gz')), nodeCodecs);
    const m = header.meta;
    expect(m.dtype).toBe('complex64');
    const plane = (part: (typeof COMPLEX_PARTS)[number]): Float64Array => {
      const out = new Float64Array(16 * 12);
      extractPlane({ data: typedView(m.dtype, voxels.buffer), dims: m.dims, dtype: m.dtype, axis: 'xy', index: 1, c: 0, t: 0, out, values: valueMapping(m.scaling, part) });
      return out;
    };
    const at = (x: number, y: number): number => y * 16 + x;
    expect(plane('real')[at(3, 2)]).toBe(-5);
    expect(plane('imaginary')[at(3, 2)]).toBe(6);
    expect(plane('magnitude')[at(3, 2)]).toBeCloseTo(Math.hypot(5, 6), 5);
    expect(plane('phase')[at(3, 2)]).toBeCloseTo(Math.atan2(6, -5), 6);
  });
});
