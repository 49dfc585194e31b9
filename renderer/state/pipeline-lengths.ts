import { sigmaInVoxels, sizeInVoxels, type VoxelSpacing } from '../../app/filters/physical-units.js';
import type { XYZ } from '../../app/filters/params.js';
import type { VolumeMeta } from '../../app/model/volume.js';
import { hasPhysicalUnit } from '../../app/view/scale-bar.js';

/**
 * Sizes and sigmas of pipeline steps shown and typed in physical units (the volume's spacing unit)
 * instead of voxels, per step when the user asks. A step always stores voxels (what the recipe, Apply
 * and `voxelscope filter` take); this module is the one place that converts, with app/filters'
 * rounding rules: a sigma divides by the spacing, a size rounds to whole voxels (at least 1), and an
 * anisotropic volume gets a different number of voxels per axis.
 */
export type LengthKind = 'sigma' | 'size';

/** Lengths can be given in physical units: the spacing has a unit and is positive on x, y and z. */
export function physicalLengths(meta: Pick<VolumeMeta, 'unit' | 'spacing'> | undefined): boolean {
  if (!meta || !hasPhysicalUnit(meta.unit)) return false;
  const { x, y, z } = meta.spacing;
  return [x, y, z].every((d) => Number.isFinite(d) && d > 0);
}

/** One number when every axis has the same value, else [x, y, z]. */
function collapse(v: XYZ): number | XYZ {
  return v[0] === v[1] && v[1] === v[2] ? v[0] : v;
}

const perAxis = (v: number | readonly number[]): XYZ => (typeof v === 'number' ? [v, v, v] : [v[0], v[1], v[2]]);

/** A stored length (voxels, one number or x, y, z) in physical units; precision rounding noise removed. */
export function toPhysical(v: number | readonly number[], spacing: VoxelSpacing): number | XYZ {
  const s: XYZ = [spacing.x, spacing.y, spacing.z];
  return collapse(perAxis(v).map((n, i) => +(n * s[i]).toPrecision(12)) as XYZ);
}

/** A typed physical length (one number or x, y, z) as the voxels a step stores. */
export function toVoxels(kind: LengthKind, v: number | readonly number[], spacing: VoxelSpacing): number | XYZ {
  const given = perAxis(v);
  const voxels = kind === 'size' ? sizeInVoxels(given, spacing) : sigmaInVoxels(given, spacing).map((n) => +n.toPrecision(12)) as XYZ;
  return collapse(voxels);
}

/** The kind of a step's length parameter, or null for a parameter that is not a length. */
export function lengthKind(param: string): LengthKind | null {
  return param === 'size' ? 'size' : param === 'sigma' || param === 'sigma1' || param === 'sigma2' ? 'sigma' : null;
}
