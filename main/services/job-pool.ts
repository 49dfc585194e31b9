import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { JobPool, type WorkerPort } from '../../app/jobs/pool.js';
import type { FromJobWorker } from '../../app/jobs/protocol.js';
import { collectSoon } from './collect-garbage.js';
import { takePrestarted } from './prestart.js';
import { ResultBuffers } from './result-buffers.js';

/**
 * A worker_threads Worker as the job pool's worker (one the command line started early, if there is
 * one: prestart.ts); it does not keep the process alive when idle.
 */
function threadWorker(url: URL): WorkerPort {
  const w = takePrestarted(url) ?? new Worker(url);
  w.unref();
  return {
    post: (m) => w.postMessage(m),
    onMessage: (f) => w.on('message', (m: FromJobWorker) => f(m)),
    onError: (f) => w.on('error', f),
    terminate: () => w.terminate().then(() => undefined),
  };
}

/** The host's job pool: a worker thread per core (or `size`), running app/jobs's handlers, its results in reused buffers. */
export function hostJobPool(workerUrl: URL, size = Math.max(1, availableParallelism())): JobPool {
  const buffers = new ResultBuffers(512 << 20, 5_000, collectSoon);
  return new JobPool(() => threadWorker(workerUrl), size, (n) => buffers.allocate(n), undefined, (sab) => buffers.release(sab));
}
