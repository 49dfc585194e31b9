import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { JobPool, type WorkerPort } from '../../app/jobs/pool.js';
import type { FromJobWorker } from '../../app/jobs/protocol.js';
import { adviseHugePages } from './huge-pages.js';

/** A worker_threads Worker as the job pool's worker; it does not keep the process alive when idle. */
function threadWorker(url: URL): WorkerPort {
  const w = new Worker(url);
  w.unref();
  return {
    post: (m) => w.postMessage(m),
    onMessage: (f) => w.on('message', (m: FromJobWorker) => f(m)),
    onError: (f) => w.on('error', f),
    terminate: () => w.terminate().then(() => undefined),
  };
}

/** A result volume on huge pages (advised before its first write): 2 MB pages fault 512 times less often. */
function hugePageBuffer(bytes: number): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(bytes);
  adviseHugePages(sab);
  return sab;
}

/** The host's job pool: a worker thread per core (or `size`), running app/jobs's handlers. */
export function hostJobPool(workerUrl: URL, size = Math.max(1, availableParallelism())): JobPool {
  return new JobPool(() => threadWorker(workerUrl), size, hugePageBuffer);
}
