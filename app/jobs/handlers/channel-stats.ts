import { ChannelStatisticsBuilder } from '../../lut/channel-statistics.js';
import type { ValueMapping } from '../../model/calibration.js';
import { typedView, type DType } from '../../model/dtype.js';
import type { Dims } from '../../model/volume.js';
import type { JobHandler } from '../worker-core.js';

/**
 * Per-channel statistics of a volume in shared memory (no copy), built as its planes arrive: the job
 * starts when a volume starts streaming in, its input says which planes have arrived, and it answers
 * once told that all have.
 */
export interface ChannelStatsPayload { sab: SharedArrayBuffer; dims: Dims; dtype: DType; values: ValueMapping; bins: number }
export type ChannelStatsInput = { arrived: [first: number, count: number] } | { finish: true };

export const channelStatsJob: JobHandler = async (payload, ctx) => {
  const p = payload as ChannelStatsPayload;
  const builder = new ChannelStatisticsBuilder(p.dims, p.dtype, p.values, p.bins);
  const data = typedView(p.dtype, p.sab);
  for (;;) {
    const input = (await ctx.nextInput()) as ChannelStatsInput;
    ctx.throwIfCancelled();
    if ('finish' in input) return builder.finish(data);
    const [first, count] = input.arrived;
    for (let q = first; q < first + count; q++) builder.addPlane(data, q);
  }
};
