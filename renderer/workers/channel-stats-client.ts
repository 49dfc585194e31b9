import type { ChannelStatistics } from '../../app/lut/channel-statistics.js';
import type { ChannelStatsInput, ChannelStatsPayload } from '../../app/jobs/handlers/channel-stats.js';
import type { ValueMapping } from '../../app/model/calibration.js';
import type { DType } from '../../app/model/dtype.js';
import type { Dims } from '../../app/model/volume.js';
import { jobs } from './jobs.js';

/** One volume's statistics being built: planes are handed over as they arrive, the result comes at the end. */
export interface ChannelStatsJob {
  arrived(first: number, count: number): void;
  /** All planes are in (or all that will come): the statistics. */
  finish(): Promise<ChannelStatistics[]>;
  cancel(): void;
}

/** Starts building the statistics of a volume in shared memory, in the values shown (calibration, complex part). */
export function startChannelStats(sab: SharedArrayBuffer, dims: Dims, dtype: DType, values: ValueMapping, bins = 256): ChannelStatsJob {
  const job = jobs().run<ChannelStatistics[]>('channel-stats', { sab, dims, dtype, values, bins } satisfies ChannelStatsPayload);
  job.result.catch(() => undefined); // a cancelled job's rejection is expected
  const send = (input: ChannelStatsInput): void => job.send(input);
  return {
    arrived: (first, count) => send({ arrived: [first, count] }),
    finish: () => {
      send({ finish: true });
      return job.result;
    },
    cancel: () => job.cancel(),
  };
}

/** The statistics of a volume that is already whole. */
export function channelStatsInWorker(sab: SharedArrayBuffer, dims: Dims, dtype: DType, values: ValueMapping, bins = 256): Promise<ChannelStatistics[]> {
  return startChannelStats(sab, dims, dtype, values, bins).finish();
}
