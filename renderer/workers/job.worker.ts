import { JOB_HANDLERS } from '../../app/jobs/handlers/index.js';
import type { FromJobWorker, ToJobWorker } from '../../app/jobs/protocol.js';
import { jobWorker } from '../../app/jobs/worker-core.js';

/** A Web Worker of the renderer's job pool: the pool's messages in, app/jobs's job code run. */
const handle = jobWorker(JOB_HANDLERS, (m: FromJobWorker) => self.postMessage(m));
self.onmessage = (e: MessageEvent<ToJobWorker>) => handle(e.data);
