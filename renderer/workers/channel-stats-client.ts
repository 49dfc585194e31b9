import type { ChannelStatistics } from '../../app/lut/channel-statistics.js';
import type { ValueMapping } from '../../app/model/calibration.js';
import type { DType } from '../../app/model/dtype.js';
import type { Dims } from '../../app/model/volume.js';
import type { ChannelStatsMessage, ChannelStatsReply } from './channel-stats.worker.js';

/** One volume's statistics being built: planes are handed over as they arrive, the result comes at the end. */
export interface ChannelStatsJob {
  arrived(first: number, count: number): void;
  /** All planes are in (or all that will come): the statistics. */
  finish(): Promise<ChannelStatistics[]>;
  cancel(): void;
}

let worker: Worker | null = null;
let nextJob = 1;
const waiting = new Map<number, { resolve(c: ChannelStatistics[]): void; reject(e: Error): void }>();

/** The page's one statistics worker, started on first use and kept (starting one costs more than a small volume's statistics). */
function statsWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./channel-stats.worker.js', import.meta.url), { type: 'module' });
  w.onmessage = (e: MessageEvent<ChannelStatsReply>) => {
    const r = e.data;
    const p = waiting.get(r.job);
    waiting.delete(r.job);
    if ('error' in r) p?.reject(new Error(r.error));
    else p?.resolve(r.channels);
  };
  w.onerror = (e) => {
    // A worker that died takes its jobs with it; the next job starts a new one.
    worker = null;
    for (const p of waiting.values()) p.reject(new Error(e.message || 'statistics worker failed'));
    waiting.clear();
  };
  return (worker = w);
}

/** Starts building the statistics of a volume in shared memory, in the values shown (calibration, complex part). */
export function startChannelStats(sab: SharedArrayBuffer, dims: Dims, dtype: DType, values: ValueMapping, bins = 256): ChannelStatsJob {
  const w = statsWorker();
  const job = nextJob++;
  const send = (m: ChannelStatsMessage): void => w.postMessage(m);
  send({ type: 'begin', job, sab, dims, dtype, values, bins });
  let done = false;
  return {
    arrived: (first, count) => {
      if (!done) send({ type: 'arrived', job, first, count });
    },
    finish: () => {
      done = true;
      return new Promise((resolve, reject) => {
        waiting.set(job, { resolve, reject });
        send({ type: 'finish', job });
      });
    },
    cancel: () => {
      if (done) return;
      done = true;
      send({ type: 'cancel', job });
    },
  };
}

/** The statistics of a volume that is already whole. */
export function channelStatsInWorker(sab: SharedArrayBuffer, dims: Dims, dtype: DType, values: ValueMapping, bins = 256): Promise<ChannelStatistics[]> {
  return startChannelStats(sab, dims, dtype, values, bins).finish();
}
