import type { DType } from '../../app/model/dtype.js';
import type { StatsRequest } from './stats.worker.js';

/** Runs the stats worker over (part of) a shared volume; the result comes back through shared memory. */
export function statsInWorker(sab: SharedArrayBuffer, dtype: DType, byteOffset = 0, byteLength = sab.byteLength): Promise<{ min: number; max: number; mean: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./stats.worker.js', import.meta.url), { type: 'module' });
    const result = new SharedArrayBuffer(32);
    worker.onmessage = () => {
      const out = new Float64Array(result);
      worker.terminate();
      resolve({ min: out[0], max: out[1], mean: out[2] });
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message || 'stats worker failed'));
    };
    worker.postMessage({ sab, byteOffset, byteLength, dtype, result } satisfies StatsRequest);
  });
}
