import type { SplitPlan, VolumeView, ZRange } from '../../../app/filters/types.js';
import { typedView, type DType } from '../../../app/model/dtype.js';
import { bytesPerVoxel } from '../../../app/model/dtype.js';

/** A split op's rounds run in this thread, slab by slab, as the job pool's workers run them (app/jobs/apply.ts). */
export function runInSlabs(plan: SplitPlan, input: VolumeView, outputDtype: DType, slabs: ZRange[]): VolumeView {
  const n = input.dims.x * input.dims.y * input.dims.z;
  const out: VolumeView = { dims: input.dims, dtype: outputDtype, data: typedView(outputDtype, new ArrayBuffer(n * bytesPerVoxel(outputDtype))) };
  // As a reused result buffer: whatever was there before (every voxel must be written).
  new Uint8Array(out.data.buffer).fill(0xa5);
  let args: unknown[] = slabs.map(() => undefined);
  for (let round = 0; round < plan.rounds; round++) {
    const summaries = slabs.map((s, k) => (args[k] === null ? null : plan.slab(round, input, out, s, args[k])));
    if (round < plan.rounds - 1) args = plan.between(round, summaries, slabs, input, out);
  }
  return out;
}

/** `n` slabs of z planes, as even as they come. */
export const evenSlabs = (z: number, n: number): ZRange[] => Array.from({ length: n }, (_, k) => [Math.floor((k * z) / n), Math.floor(((k + 1) * z) / n)]);
