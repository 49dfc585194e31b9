import { ChannelStatisticsBuilder, type ChannelStatistics } from '../../app/lut/channel-statistics.js';
import type { ValueMapping } from '../../app/model/calibration.js';
import { typedView, type DType, type TypedArray } from '../../app/model/dtype.js';
import type { Dims } from '../../app/model/volume.js';

/**
 * Per-channel statistics of a volume in shared memory (no copy), built as its planes arrive: the page
 * starts a job when a volume starts streaming, tells the worker which planes have arrived, and asks for
 * the result when the last one is in. The worker lives as long as the page; jobs come and go.
 */
export type ChannelStatsMessage =
  | { type: 'begin'; job: number; sab: SharedArrayBuffer; dims: Dims; dtype: DType; values: ValueMapping; bins: number }
  | { type: 'arrived'; job: number; first: number; count: number }
  | { type: 'finish'; job: number }
  | { type: 'cancel'; job: number };
export type ChannelStatsReply = { job: number; channels: ChannelStatistics[] } | { job: number; error: string };

const jobs = new Map<number, { builder: ChannelStatisticsBuilder; data: TypedArray }>();

self.onmessage = (e: MessageEvent<ChannelStatsMessage>) => {
  const m = e.data;
  try {
    switch (m.type) {
      case 'begin':
        jobs.set(m.job, { builder: new ChannelStatisticsBuilder(m.dims, m.dtype, m.values, m.bins), data: typedView(m.dtype, m.sab) });
        break;
      case 'arrived': {
        const j = jobs.get(m.job);
        if (j) for (let p = m.first; p < m.first + m.count; p++) j.builder.addPlane(j.data, p);
        break;
      }
      case 'finish': {
        const j = jobs.get(m.job);
        jobs.delete(m.job);
        if (j) self.postMessage({ job: m.job, channels: j.builder.finish(j.data) } satisfies ChannelStatsReply);
        break;
      }
      case 'cancel':
        jobs.delete(m.job);
        break;
    }
  } catch (err) {
    jobs.delete(m.job);
    self.postMessage({ job: m.job, error: err instanceof Error ? err.message : String(err) } satisfies ChannelStatsReply);
  }
};
