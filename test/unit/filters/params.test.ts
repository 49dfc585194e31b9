import { describe, expect, it } from 'vitest';
import { FilterParamsError } from '../../../app/filters/params.js';
import { FILTERS, parseFilterParams } from '../../../app/filters/registry.js';
import { paramsInVoxels, sigmaInVoxels, sizeInVoxels } from '../../../app/filters/physical-units.js';
import { runFilter, volume } from './backends.js';

/** Parameter schemas: scipy's names and defaults, and one clear error naming the op and the field. */
const error = (op: string, raw: unknown): string => {
  try {
    parseFilterParams(op, raw);
  } catch (e) {
    expect(e).toBeInstanceOf(FilterParamsError);
    return (e as Error).message;
  }
  throw new Error(`${op} ${JSON.stringify(raw)} was accepted`);
};

describe('filter parameter schemas', () => {
  it('registers every op of the command-line contract', () => {
    expect(Object.keys(FILTERS).sort()).toEqual(['black_tophat', 'dog', 'gaussian', 'laplace', 'maximum', 'median', 'minimum', 'sobel', 'std', 'uniform', 'variance', 'white_tophat']);
  });

  it("fills scipy's defaults and writes per-axis values x, y, z", () => {
    expect(parseFilterParams('gaussian', { sigma: 2 })).toEqual({ sigma: [2, 2, 2], truncate: 4, mode: 'reflect', cval: 0 });
    expect(parseFilterParams('gaussian', { sigma: [2, 2, 1], mode: 'wrap' })).toMatchObject({ sigma: [2, 2, 1], mode: 'wrap' });
    expect(parseFilterParams('uniform', {})).toMatchObject({ size: [3, 3, 3] });
    expect(parseFilterParams('sobel', {})).toMatchObject({ axis: 'x' });
    expect(parseFilterParams('white_tophat', { size: 5 })).toMatchObject({ footprint: 'cube' });
    expect(parseFilterParams('median', { size: 3, axes: ['x', 'y'], mode: 'constant', cval: -1 })).toMatchObject({ axes: ['x', 'y'], cval: -1 });
  });

  it('refuses bad values with one error naming the field', () => {
    expect(error('gaussian', {})).toBe('gaussian: sigma: required');
    expect(error('gaussian', { sigma: -1 })).toBe('gaussian: sigma: must be at least 0');
    expect(error('gaussian', { sigma: [1, -1, 1] })).toBe('gaussian: sigma (y): must be at least 0');
    expect(error('gaussian', { sigma: [1, 1] })).toBe('gaussian: sigma: expected a number or an [x, y, z] array');
    expect(error('gaussian', { sigma: 'big' })).toBe('gaussian: sigma: expected a number or an [x, y, z] array');
    expect(error('gaussian', { sigma: 300, truncate: 4 })).toMatch(/^gaussian: sigma( \(x\))?: .*radius of 1200 voxels/);
    expect(error('gaussian', { sigma: 1, truncate: 0 })).toBe('gaussian: truncate: must be above 0');
    expect(error('gaussian', { sigma: 1, sigmaa: 2 })).toBe("gaussian: unknown parameter 'sigmaa' (parameters: sigma, truncate, mode, cval, axes)");
    expect(error('gaussian', { sigma: 1, mode: 'reflekt' })).toMatch(/^gaussian: mode: .*reflect/);
    expect(error('gaussian', { sigma: 1, cval: Infinity })).toMatch(/^gaussian: cval: /);
    expect(error('median', {})).toBe('median: size: required');
    expect(error('median', { size: 2.5 })).toBe('median: size: must be a whole number of voxels');
    expect(error('median', { size: 0 })).toBe('median: size: must be at least 1');
    expect(error('minimum', { size: [3, 3, 5000] })).toBe('minimum: size (z): must be at most 2001');
    expect(error('uniform', { axes: ['x', 'x'] })).toBe('uniform: axes: name each axis at most once');
    expect(error('uniform', { axes: ['w'] })).toMatch(/^uniform: axes: /);
    expect(error('sobel', { axis: 'w' })).toMatch(/^sobel: axis: /);
    expect(error('sobel', { axis: 'z', axes: ['x', 'y'] })).toBe('sobel: axis: is not among the filtered axes');
    expect(error('dog', { sigma1: 2, sigma2: [3, 1, 3] })).toBe('dog: sigma2 (y): must be at least sigma1 (2)');
    expect(error('white_tophat', { size: 3, footprint: 'disk' })).toMatch(/^white_tophat: footprint: /);
    expect(error('black_tophat', { size: 103, footprint: 'ball' })).toBe('black_tophat: size: must be at most 101 for a ball footprint');
    expect(error('laplace', { size: 3 })).toMatch(/^laplace: unknown parameter 'size'/);
    expect(error('gauss', { sigma: 1 })).toMatch(/^unknown filter 'gauss' \(filters: gaussian, /);
  });

  it('defaults sigma2 to 1.6 sigma1 as skimage does', () => {
    const v = volume('float32', { x: 9, y: 8, z: 7 });
    for (let i = 0; i < v.data.length; i++) (v.data as Float32Array)[i] = (i * 7919) % 113;
    expect(runFilter('dog', v, { sigma1: 1 }).data).toEqual(runFilter('dog', v, { sigma1: 1, sigma2: 1.6 }).data);
  });
});

describe('refused inputs', () => {
  const v = volume('float32', { x: 4, y: 4, z: 2 });
  it('refuses complex input with a clear error', () => {
    const c = volume('complex64', { x: 4, y: 4, z: 2 });
    for (const op of Object.keys(FILTERS)) {
      const params = parseFilterParams(op, paramsFor(op));
      expect(() => FILTERS[op].outputDtype(c.dtype, params)).toThrow(`${op}: complex64 input cannot be filtered: take its real or imaginary part or its magnitude first`);
      expect(() => FILTERS[op].run(c, params, volume('float32', c.dims), [0, 2])).toThrow(/complex64 input cannot be filtered/);
    }
  });
  it('refuses an output of the wrong type or shape and planes outside the volume', () => {
    const p = parseFilterParams('gaussian', { sigma: 1 });
    expect(() => FILTERS.gaussian.run(v, p, volume('float64', v.dims), [0, 2])).toThrow('gaussian: output must be float32 for float32 input, not float64');
    expect(() => FILTERS.gaussian.run(v, p, volume('float32', { x: 4, y: 3, z: 2 }), [0, 2])).toThrow(/fit neither the volume/);
    expect(() => FILTERS.gaussian.run(v, p, volume('float32', v.dims), [1, 3])).toThrow('gaussian: planes [1, 3) are not within 0..2');
    expect(() => FILTERS.median.run(v, parseFilterParams('median', { size: 3 }), volume('float32', { x: 4, y: 4, z: 1 }), [0, 2])).toThrow(/fit neither/);
  });
  it('refuses a run whose z window would need more than 2 GB, and windows the kernels cannot hold', () => {
    const big = volume('float32', { x: 2048, y: 2048, z: 200 }, new Float32Array(0));
    const out = volume('float32', big.dims, new Float32Array(0));
    // Checked before anything is read or written: the arrays may be empty for this.
    Object.defineProperty(big.data, 'length', { value: 2048 * 2048 * 200 });
    Object.defineProperty(out.data, 'length', { value: 2048 * 2048 * 200 });
    expect(() => FILTERS.gaussian.run(big, parseFilterParams('gaussian', { sigma: [1, 1, 20] }), out, [0, 1])).toThrow(/^filters: this run needs 2\d{3} MB of working memory .*plane by plane \(axes x, y\)$/);
    const raw = { ...parseFilterParams('uniform', {}) as object, size: [3, 3, 5000] };
    expect(() => FILTERS.uniform.run(v, raw as never, volume('float32', v.dims), [0, 2])).toThrow(/window longer than 2001 voxels/);
  });
  it('refuses a z derivative of a single-plane image', () => {
    expect(() => runFilter('sobel', volume('uint8', { x: 5, y: 5, z: 1 }), { axis: 'z' })).toThrow('sobel: axis z is not filtered (axes y, x; a single-plane image has no z derivative)');
  });
});

function paramsFor(op: string): Record<string, unknown> {
  if (op === 'gaussian') return { sigma: 1 };
  if (op === 'dog') return { sigma1: 1 };
  if (op === 'sobel' || op === 'laplace' || op === 'uniform') return {};
  return { size: 3 };
}

describe('physical units', () => {
  const spacing = { x: 0.5, y: 0.5, z: 2 };
  it('divides sigma by the spacing per axis', () => {
    expect(sigmaInVoxels(1, spacing)).toEqual([2, 2, 0.5]);
    expect(sigmaInVoxels([1, 2, 3], spacing)).toEqual([2, 4, 1.5]);
  });
  it('rounds sizes to the nearest voxel count, halves up, at least 1', () => {
    expect(sizeInVoxels(5, { x: 2, y: 0.4, z: 10 })).toEqual([3, 13, 1]);
    expect(sizeInVoxels(0.3, { x: 0.1, y: 0.1, z: 0.1 })).toEqual([3, 3, 3]);
    expect(sizeInVoxels([1, 1.4, 0.74], { x: 1, y: 1, z: 1 })).toEqual([1, 1, 1]);
  });
  it('converts only the sigma and size fields of an op', () => {
    expect(paramsInVoxels({ sigma: 1, truncate: 4, mode: 'wrap' }, spacing)).toEqual({ sigma: [2, 2, 0.5], truncate: 4, mode: 'wrap' });
    expect(paramsInVoxels({ sigma1: 1, sigma2: [2, 2, 2] }, spacing)).toEqual({ sigma1: [2, 2, 0.5], sigma2: [4, 4, 1] });
    expect(paramsInVoxels({ size: 3, footprint: 'ball' }, spacing)).toEqual({ size: [6, 6, 2], footprint: 'ball' });
    expect(() => sizeInVoxels(3, { x: 0, y: 1, z: 1 })).toThrow(/must be positive/);
  });
});
