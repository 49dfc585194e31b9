import { STORED_VALUES, type ValueMapping } from '../../app/model/calibration.js';
import type { DType } from '../../app/model/dtype.js';
import type { Dims } from '../../app/model/volume.js';
import type { ChannelStatsReply, ChannelStatsRequest } from './channel-stats.worker.js';

/** Runs the per-channel statistics worker over a shared volume, off the main thread, in the values shown. */
export function channelStatsInWorker(sab: SharedArrayBuffer, dims: Dims, dtype: DType, values: ValueMapping = STORED_VALUES, bins = 256): Promise<ChannelStatsReply['channels']> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./channel-stats.worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<ChannelStatsReply>) => {
      worker.terminate();
      resolve(e.data.channels);
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message || 'statistics worker failed'));
    };
    worker.postMessage({ sab, dims, dtype, values, bins } satisfies ChannelStatsRequest);
  });
}
