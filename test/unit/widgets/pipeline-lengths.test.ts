import { describe, expect, it } from 'vitest';
import { lengthKind, physicalLengths, toPhysical, toVoxels } from '../../../renderer/state/pipeline-lengths.js';

const aniso = { x: 0.5, y: 0.5, z: 2 };

describe('pipeline lengths in physical units', () => {
  it('a sigma in µm is per-axis voxels on anisotropic data, and back', () => {
    expect(toVoxels('sigma', 1, aniso)).toEqual([2, 2, 0.5]);
    expect(toPhysical([2, 2, 0.5], aniso)).toBe(1);
    expect(toVoxels('sigma', 1, { x: 0.5, y: 0.5, z: 0.5 })).toBe(2);
    expect(toVoxels('sigma', [0.3, 0.3, 0.3], { x: 0.1, y: 0.1, z: 0.1 })).toBe(3);
  });

  it('a size rounds to whole voxels, at least one', () => {
    expect(toVoxels('size', 5, { x: 2, y: 2, z: 0.4 })).toEqual([3, 3, 13]);
    expect(toVoxels('size', 0.1, aniso)).toBe(1);
    expect(toPhysical([3, 3, 1], aniso)).toEqual([1.5, 1.5, 2]);
  });

  it('only for a spacing with a unit; only sizes and sigmas are lengths', () => {
    expect(physicalLengths({ unit: 'um', spacing: { x: 1, y: 1, z: 1, t: 1 } })).toBe(true);
    expect(physicalLengths({ unit: '', spacing: { x: 1, y: 1, z: 1, t: 1 } })).toBe(false);
    expect(physicalLengths(undefined)).toBe(false);
    expect(['size', 'sigma', 'sigma1', 'sigma2', 'truncate', 'cval'].map(lengthKind)).toEqual(['size', 'sigma', 'sigma', 'sigma', null, null]);
  });
});
