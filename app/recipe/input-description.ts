import type { VolumeMeta } from '../model/volume.js';
import type { RecipeInput } from './recipe.js';

/**
 * The recipe's description of the input it was tuned on, from the volume's metadata and the SHA-256 of
 * its voxels (in canonical order, as `voxelscope info` gives it); spacing and unit only where the file
 * states them (a spacing of 1 with no unit is "not stored").
 */
export function inputDescription(name: string, meta: VolumeMeta, sha256?: string): RecipeInput {
  const { x, y, z } = meta.spacing;
  const stated = meta.unit !== '' || x !== 1 || y !== 1 || z !== 1;
  return {
    name,
    dims: { ...meta.dims },
    ...(stated ? { spacing: { x, y, z } } : {}),
    ...(meta.unit ? { unit: meta.unit } : {}),
    dtype: meta.dtype,
    ...(sha256 ? { sha256 } : {}),
  };
}
