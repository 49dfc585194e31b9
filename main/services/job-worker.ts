import { parentPort } from 'node:worker_threads';
import { JOB_HANDLERS } from '../../app/jobs/handlers/index.js';
import type { FromJobWorker, ToJobWorker } from '../../app/jobs/protocol.js';
import { jobWorker } from '../../app/jobs/worker-core.js';
import { loadFilterKernels } from './filters-wasm.js';

/** A worker_threads worker of the host's (and the CLI's) job pool: the same job code as the renderer's. */
const port = parentPort!;
const handle = jobWorker(JOB_HANDLERS, (m: FromJobWorker) => port.postMessage(m));
// Messages wait for the wasm kernels (a few ms, once); in order, since each waits on the same promise.
const kernels = loadFilterKernels().catch(() => 'ts');
port.on('message', (m: ToJobWorker) => void kernels.then(() => handle(m)));
