import * as z from 'zod';
import { CONNECTIVITIES, labelComponents } from './label/connected-components.js';
import { labelPlan } from './label/label-slabs.js';
import { THRESHOLD_METHODS, thresholdMask, thresholdValue } from './threshold/threshold.js';
import { thresholdPlan } from './threshold/threshold-slabs.js';
import type { Dims3, FilterOp, VolumeView } from './types.js';

/*
 * The segmentation ops of `voxelscope filter` (DESIGN.md): threshold (method; a 0/1 uint8 mask) and
 * label (connectivity; int32 labels). Both depend on the whole volume, a histogram or a component that
 * can cross any slab, so they are global: never computed slab by slab from a halo. Both still run in
 * parallel on the job pool, in rounds over slabs: labels joined across the slabs' boundaries
 * (label-slabs.ts), a histogram threshold from the slabs' histograms summed (threshold-slabs.ts).
 * For the count (the CLI prints it) call labelComponents directly; for a preview, thresholdValue once
 * and thresholdMask per slab.
 */

const WHOLE_VOLUME: Dims3 = { x: Infinity, y: Infinity, z: Infinity };

export const thresholdParams = z.object({ method: z.enum(THRESHOLD_METHODS).default('otsu') }).strict();
export type ThresholdParams = z.infer<typeof thresholdParams>;

/** scipy.ndimage.label's default structure is the cross: 6-connectivity. */
export const labelParams = z.object({ connectivity: z.literal(CONNECTIVITIES).default(6) }).strict();
export type LabelParams = z.infer<typeof labelParams>;

function wholeVolume(op: string, v: VolumeView, zRange: readonly [number, number]): void {
  if (zRange[0] !== 0 || zRange[1] !== v.dims.z) throw new Error(`${op}: a global op runs on the whole volume, not planes ${zRange[0]}..${zRange[1]}`);
}

export const thresholdOp: FilterOp<ThresholdParams> = {
  schema: thresholdParams,
  outputDtype: () => 'uint8',
  halo: () => WHOLE_VOLUME,
  global: true,
  run(input, params, output, zRange) {
    wholeVolume('threshold', input, zRange);
    if (!(output.data instanceof Uint8Array)) throw new Error(`threshold: the output must be uint8, not ${output.dtype}`);
    thresholdMask(input, thresholdValue(input, params.method), output.data, zRange);
  },
  split: (params, input) => thresholdPlan(params.method, input),
};

export const labelOp: FilterOp<LabelParams> = {
  schema: labelParams,
  outputDtype: () => 'int32',
  halo: () => WHOLE_VOLUME,
  global: true,
  run(input, params, output, zRange) {
    wholeVolume('label', input, zRange);
    if (!(output.data instanceof Int32Array)) throw new Error(`label: the output must be int32, not ${output.dtype}`);
    labelComponents(input, params.connectivity, output.data);
  },
  split: (params) => labelPlan(params.connectivity),
};

/** Joined with the kernels' ops into FILTERS. */
export const SEGMENTATION_FILTERS = { threshold: thresholdOp, label: labelOp };
