import { installWasmKernels } from '../../app/filters/kernels/engine.js';
import { JOB_HANDLERS } from '../../app/jobs/handlers/index.js';
import type { FromJobWorker, ToJobWorker } from '../../app/jobs/protocol.js';
import { jobWorker } from '../../app/jobs/worker-core.js';

/** A Web Worker of the renderer's job pool: the pool's messages in, app/jobs's job code run. */
const handle = jobWorker(JOB_HANDLERS, (m: FromJobWorker) => self.postMessage(m));

/** The wasm filter kernels served beside this file; without them (or SIMD128) the TypeScript ones run, same results. */
async function loadKernels(): Promise<void> {
  try {
    const res = await fetch(new URL('./filters.wasm', import.meta.url));
    if (res.ok) await installWasmKernels(await res.arrayBuffer());
  } catch {
    // no kernels file: keep TypeScript
  }
}
// Messages wait for the kernels (once); in order, since each waits on the same promise.
const kernels = loadKernels();
self.onmessage = (e: MessageEvent<ToJobWorker>) => void kernels.then(() => handle(e.data));
