import { JobPool, type WorkerPort } from '../../app/jobs/pool.js';
import type { FromJobWorker } from '../../app/jobs/protocol.js';

/** A Web Worker as the job pool's worker. */
function webWorker(): WorkerPort {
  const w = new Worker(new URL('./job.worker.js', import.meta.url), { type: 'module' });
  return {
    post: (m) => w.postMessage(m),
    onMessage: (f) => w.addEventListener('message', (e: MessageEvent<FromJobWorker>) => f(e.data)),
    onError: (f) => w.addEventListener('error', (e) => f(new Error(e.message || 'worker error'))),
    terminate: () => w.terminate(),
  };
}

let pool: JobPool | null = null;

/** The page's one job pool: a worker per core, started as jobs need them. */
export function jobs(): JobPool {
  return (pool ??= new JobPool(webWorker, Math.max(1, Math.min(8, navigator.hardwareConcurrency || 2))));
}
