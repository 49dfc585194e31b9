import { parentPort } from 'node:worker_threads';
import { JOB_HANDLERS } from '../../app/jobs/handlers/index.js';
import type { FromJobWorker, ToJobWorker } from '../../app/jobs/protocol.js';
import { jobWorker } from '../../app/jobs/worker-core.js';
import { collectSoon } from './collect-garbage.js';
import { loadFilterKernels } from './filters-wasm.js';

/** A worker_threads worker of the host's (and the CLI's) job pool: the same job code as the renderer's. */
const port = parentPort!;
let running = 0;
let idle: ReturnType<typeof setTimeout> | null = null;
/** How long without a job before the worker collects (ms): not between the slabs of one Apply. */
const IDLE_MS = 20;
const handle = jobWorker(JOB_HANDLERS, (m: FromJobWorker) => {
  port.postMessage(m);
  // Idle: collect. This thread's handles on the volumes its jobs read and wrote are the last thing
  // keeping a dropped result resident (collect-garbage.ts); an idle worker allocates nothing and would
  // never collect, so every Apply's result stayed in memory, and the next one's buffer was fresh
  // memory, faulted in page by page, instead of the pages just given back.
  if (m.type !== 'progress' && --running === 0) {
    idle = setTimeout(() => {
      idle = null;
      if (running === 0) collectSoon();
    }, IDLE_MS);
    idle.unref();
  }
});
// Messages wait for the wasm kernels (a few ms, once); in order, since each waits on the same promise.
const kernels = loadFilterKernels().catch(() => 'ts');
port.on('message', (m: ToJobWorker) => {
  if (m.type === 'run') {
    running++;
    if (idle) clearTimeout(idle);
    idle = null;
  }
  void kernels.then(() => handle(m));
});
