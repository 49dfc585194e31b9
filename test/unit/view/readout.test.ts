import { describe, expect, it } from 'vitest';
import type { VolumeMeta } from '../../../app/model/volume.js';
import { formatValue, readVoxel, voxelText, voxelToWorld } from '../../../app/view/readout.js';
import { DIMS_5x4x3, syntheticVolume } from './synthetic.js';

function meta(over: Partial<VolumeMeta>): VolumeMeta {
  return {
    format: 'nifti1', dims: DIMS_5x4x3, dtype: 'int16', spacing: { x: 0.5, y: 2, z: 3, t: 1 }, unit: 'mm', timeUnit: 's',
    channels: [], scaling: null, affine: null, extra: {}, warnings: [], ...over,
  };
}

describe('readout', () => {
  it('voxelToWorld: through the affine when there is one, else index * spacing', () => {
    expect(voxelToWorld(meta({}), { x: 2, y: 3, z: 1 })).toEqual({ x: 1, y: 6, z: 3 });
    const affine = [[-2, 0, 0, 90], [0, 0, 3, -126], [0, 2, 0, -72], [0, 0, 0, 1]];
    expect(voxelToWorld(meta({ affine }), { x: 2, y: 3, z: 1 })).toEqual({ x: 86, y: -123, z: -66 });
    expect(voxelToWorld(meta({ affine }), { x: 0.5, y: 0, z: 0 })).toEqual({ x: 89, y: -126, z: -72 });
  });

  it('voxelText: the stored value, then the calibrated one, or a complex voxel with the part shown', () => {
    const data = syntheticVolume(DIMS_5x4x3, 'int16');
    const at = { data, dims: DIMS_5x4x3, dtype: 'int16' as const, x: 2, y: 3, z: 1, c: 0, t: 0 }; // stored 132
    expect(voxelText(at, { scaling: null, complex: 'magnitude' })).toBe('132');
    expect(voxelText(at, { scaling: { slope: 1, inter: 0 }, complex: 'magnitude' })).toBe('132');
    expect(voxelText(at, { scaling: { slope: 0.5, inter: -1024 }, complex: 'magnitude' })).toBe('132 → -958');
    const cx = syntheticVolume(DIMS_5x4x3, 'complex64'); // (3v, 4v)
    const c = { ...at, data: cx, dtype: 'complex64' as const, x: 1, y: 0, z: 0 }; // v = 1: 3 + 4i
    expect(voxelText(c, { scaling: null, complex: 'magnitude' })).toBe('3 + 4i → |z| 5');
    expect(voxelText(c, { scaling: null, complex: 'imaginary' })).toBe('3 + 4i → Im z 4');
    expect(voxelText(c, { scaling: null, complex: 'phase' })).toBe(`3 + 4i → arg z ${+Math.atan2(4, 3).toPrecision(6)}`);
  });

  it('formatValue: integers exactly, floats to 6 significant digits, exponents at the extremes', () => {
    expect(formatValue(65535, 'uint16')).toBe('65535');
    expect(formatValue(-128, 'int8')).toBe('-128');
    expect(formatValue(2 ** 60, 'uint64')).toBe('1152921504606846976');
    expect(formatValue(3, 'float32')).toBe('3');
    expect(formatValue(0.1 + 0.2, 'float64')).toBe('0.3');
    expect(formatValue(123.456789, 'float32')).toBe('123.457');
    expect(formatValue(-0.00123456, 'float32')).toBe('-0.00123456');
    expect(formatValue(1.5e-7, 'float32')).toBe('1.5e-7');
    expect(formatValue(123456789.5, 'float64')).toBe('1.23457e+8');
    expect(formatValue(1e20, 'float64')).toBe('1e+20');
    expect(formatValue(2.5, 'int16')).toBe('2.5'); // a scaled integer value
    expect([formatValue(NaN, 'float32'), formatValue(Infinity, 'float32'), formatValue(-Infinity, 'float64')]).toEqual(['NaN', 'Inf', '-Inf']);
  });

  it('readVoxel reads any voxel of any dtype; complex by magnitude, 64-bit via Number', () => {
    const d = DIMS_5x4x3;
    const at = { x: 4, y: 3, z: 2, c: 1, t: 1 }; // 4 + 30 + 200 + 1000 + 10000
    expect(readVoxel({ data: syntheticVolume(d, 'int16'), dims: d, dtype: 'int16', ...at })).toBe(11234);
    expect(readVoxel({ data: syntheticVolume(d, 'int64'), dims: d, dtype: 'int64', ...at })).toBe(11234);
    expect(readVoxel({ data: syntheticVolume(d, 'uint64'), dims: d, dtype: 'uint64', ...at, t: 0 })).toBe(1234);
    expect(readVoxel({ data: syntheticVolume(d, 'complex64'), dims: d, dtype: 'complex64', ...at })).toBe(5 * 11234);
    expect(readVoxel({ data: syntheticVolume(d, 'complex128'), dims: d, dtype: 'complex128', ...at, x: 0 })).toBe(5 * 11230);
    expect(() => readVoxel({ data: syntheticVolume(d, 'int16'), dims: d, dtype: 'int16', ...at, x: 5 })).toThrow(RangeError);
  });
});
