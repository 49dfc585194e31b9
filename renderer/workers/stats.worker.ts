import { basicStats } from '../../app/measure/stats.js';
import type { DType } from '../../app/model/dtype.js';

/**
 * Computes stats over a volume in shared memory, reading the same SharedArrayBuffer as the page (no
 * copy), and writes the result into a small shared Float64Array the page reads: [min, max, mean, done].
 */
export interface StatsRequest {
  sab: SharedArrayBuffer;
  byteOffset: number;
  byteLength: number;
  dtype: DType;
  result: SharedArrayBuffer;
}

self.onmessage = (e: MessageEvent<StatsRequest>) => {
  const { sab, byteOffset, byteLength, dtype, result } = e.data;
  const s = basicStats(dtype, new Uint8Array(sab, byteOffset, byteLength));
  const out = new Float64Array(result);
  out[0] = s.min;
  out[1] = s.max;
  out[2] = s.mean;
  Atomics.store(new Int32Array(result, 24, 2), 0, 1);
  self.postMessage('done');
};
