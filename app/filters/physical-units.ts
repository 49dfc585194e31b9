import type { XYZ } from './params.js';

/**
 * Filter sizes given in physical units (the volume's spacing unit) instead of voxels. Anisotropic data
 * gets a different number of voxels per axis. Values are x, y, z, as everywhere in the filters.
 *
 * - sigma: divided by the spacing, not rounded (a gaussian takes any sigma).
 * - size: divided by the spacing and rounded to the nearest whole number of voxels (halves up), at
 *   least 1: a 5 um window on 2 um voxels is 3 voxels (2.5 rounds up), on 0.4 um voxels 13 (12.5).
 *   A tiny tolerance keeps 0.3 / 0.1 (= 2.9999999999999996) at 3.
 */
export interface VoxelSpacing { x: number; y: number; z: number }

const perAxis = (v: number | XYZ): XYZ => (typeof v === 'number' ? [v, v, v] : v);

function spacingOf(s: VoxelSpacing): XYZ {
  const xyz: XYZ = [s.x, s.y, s.z];
  if (!xyz.every((d) => Number.isFinite(d) && d > 0)) throw new Error(`voxel spacing ${xyz.join(', ')} must be positive to convert physical sizes`);
  return xyz;
}

export function sigmaInVoxels(sigma: number | XYZ, spacing: VoxelSpacing): XYZ {
  const s = spacingOf(spacing);
  return perAxis(sigma).map((v, i) => v / s[i]) as XYZ;
}

export function sizeInVoxels(size: number | XYZ, spacing: VoxelSpacing): XYZ {
  const s = spacingOf(spacing);
  return perAxis(size).map((v, i) => Math.max(1, Math.floor(v / s[i] + 0.5 + 1e-9))) as XYZ;
}

/** The parameters physical units apply to, and how each converts. */
const CONVERT: Record<string, (v: number | XYZ, s: VoxelSpacing) => XYZ> = {
  sigma: sigmaInVoxels,
  sigma1: sigmaInVoxels,
  sigma2: sigmaInVoxels,
  size: sizeInVoxels,
};

/** An op's parameters with every sigma and size converted from physical units to voxels; the rest as given. */
export function paramsInVoxels<P extends Record<string, unknown>>(params: P, spacing: VoxelSpacing): P {
  const out: Record<string, unknown> = { ...params };
  for (const [k, convert] of Object.entries(CONVERT)) {
    const v = params[k];
    if (typeof v === 'number' || (Array.isArray(v) && v.length === 3)) out[k] = convert(v as number | XYZ, spacing);
  }
  return out as P;
}
