import { parentPort } from 'node:worker_threads';
import { JOB_HANDLERS } from '../../app/jobs/handlers/index.js';
import type { FromJobWorker, ToJobWorker } from '../../app/jobs/protocol.js';
import { jobWorker } from '../../app/jobs/worker-core.js';

/** A worker_threads worker of the host's (and the CLI's) job pool: the same job code as the renderer's. */
const port = parentPort!;
const handle = jobWorker(JOB_HANDLERS, (m: FromJobWorker) => port.postMessage(m));
port.on('message', (m: ToJobWorker) => handle(m));
