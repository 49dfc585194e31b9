import type { PipelineStep } from '../filters/pipeline.js';
import type { DType } from '../model/dtype.js';
import type { Scaling, VolumeMeta } from '../model/volume.js';

/**
 * The metadata of a pipeline's result as the app shows it (an Apply layer): the geometry (dims, spacing, units, affine, channels) carries over (DESIGN.md), the type is the last
 * step's, and the file's reader notes (warnings, extra, format details) do not: the result was not read.
 *
 * The intensity scaling (NIfTI scl_slope/scl_inter): filters work on the stored values, so whether
 * `stored * slope + inter` still gives calibrated values depends on the op.
 *   - averages and order statistics (gaussian, uniform, median, minimum, maximum) commute with
 *     `slope * v + inter` for slope > 0 (weights sum to 1): the scaling carries over as is;
 *   - differences (sobel, laplace, dog, the top-hats) cancel the offset: slope, inter 0; std |slope|,
 *     variance slope squared;
 *   - a mask or labels (threshold, label) are not intensities: none. So is anything else, and any
 *     order statistic under a negative slope (it swaps minimum and maximum).
 */
export function resultMeta(input: VolumeMeta, steps: readonly PipelineStep[], outputDtype: DType): VolumeMeta {
  let scaling = input.scaling;
  for (const s of steps) if (s.enabled !== false) scaling = scaled(scaling, s.op);
  const { format, dims, spacing, unit, timeUnit, channels, affine, wavelengthUnit } = input;
  return { format, dims, dtype: outputDtype, spacing, unit, timeUnit, channels, affine, wavelengthUnit, scaling, extra: {}, warnings: [] };
}

const SAME_SCALE = new Set(['gaussian', 'uniform', 'median', 'minimum', 'maximum']);
const DIFFERENCE = new Set(['sobel', 'laplace', 'dog', 'white_tophat', 'black_tophat']);

function scaled(s: Scaling | null, op: string): Scaling | null {
  if (!s) return null;
  if (SAME_SCALE.has(op)) return s.slope > 0 ? s : null;
  if (DIFFERENCE.has(op)) return { slope: s.slope, inter: 0 };
  if (op === 'std') return { slope: Math.abs(s.slope), inter: 0 };
  if (op === 'variance') return { slope: s.slope * s.slope, inter: 0 };
  return null;
}

/**
 * The metadata a result FILE gets (voxelscope filter, voxelscope run, a layer written by the app): the
 * same geometry, and no intensity scaling. DESIGN.md makes a recipe equal its steps chained through
 * `voxelscope filter` with .npy intermediates, and .npy holds no scaling, so a file that carried one would
 * differ from the chain; the file holds what the filters computed, on the stored values.
 */
export function resultFileMeta(input: VolumeMeta, outputDtype: DType): VolumeMeta {
  return { ...resultMeta(input, [], outputDtype), scaling: null };
}
