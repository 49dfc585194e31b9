import { resultScaling } from '../filters/scaling.js';
import type { PipelineStep } from '../filters/pipeline.js';
import type { DType } from '../model/dtype.js';
import type { VolumeMeta } from '../model/volume.js';

/**
 * The metadata a pipeline's result is WRITTEN with, by every writer of one: `voxelscope filter`,
 * `voxelscope run`, and the app when it writes an Apply result. One function, so the app's result and
 * the command line's are the same bytes for the same recipe and input.
 *  - the input's geometry carries over (dims, spacing and units, the world affine, channels);
 *  - the result's dtype;
 *  - no intensity scaling: filters work on stored values, and a recipe must equal its steps chained
 *    through `voxelscope filter` with .npy intermediates, which hold none (DESIGN.md);
 *  - no reader warnings or format extras (they described the input file, not this one).
 * The app's Apply layer keeps the input's calibration for reading values where it still holds
 * (app/filters/scaling.ts resultScaling); that is a display fact of the layer, not part of the file.
 */
export function resultFileMeta(input: VolumeMeta, dtype: DType): VolumeMeta {
  return { ...input, dtype, scaling: null, warnings: [], extra: {} };
}

/**
 * The metadata of an Apply result as the app holds it (a layer): the file form, plus the input's
 * calibration where every step keeps the scale (a smoothed CT still reads in HU), for reading values only.
 */
export function resultLayerMeta(input: VolumeMeta, steps: readonly PipelineStep[], dtype: DType): VolumeMeta {
  return { ...resultFileMeta(input, dtype), scaling: resultScaling(steps, input.scaling) };
}
