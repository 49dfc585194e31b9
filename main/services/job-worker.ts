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
/** Bytes of the shared buffers jobs read or wrote since the last collection: what this thread's handles may keep resident. */
let touched = 0;
const counted = new WeakSet<SharedArrayBuffer>();
/**
 * How long without a job before the worker collects (ms): not between the jobs of one Apply (its parts,
 * a split op's rounds, with the main thread's work between them). A forced collection costs more than
 * its own 7-10 ms: the TypeScript kernels of the next job ran up to 3x slower after one (labeling a
 * 64-plane slab of a 256^2 Otsu mask: 50 ms, 165 ms after a collection), which made every label slab
 * after the threshold's job slow at 20 ms.
 */
const IDLE_MS = 250;
const handle = jobWorker(JOB_HANDLERS, (m: FromJobWorker) => {
  port.postMessage(m);
  // Idle: collect. This thread's handles on the volumes its jobs read and wrote are the last thing
  // keeping a dropped result resident (collect-garbage.ts); an idle worker allocates nothing and would
  // never collect, so every Apply's result stayed in memory, and the next one's buffer was fresh
  // memory, faulted in page by page, instead of the pages just given back.
  if (m.type !== 'progress' && --running === 0) {
    idle = setTimeout(() => {
      idle = null;
      if (running !== 0) return;
      collectSoon(touched);
      touched = 0;
    }, IDLE_MS);
    idle.unref();
  }
});
// Messages wait for the wasm kernels (a few ms, once); in order, since each waits on the same promise.
const kernels = loadFilterKernels().catch(() => 'ts');
port.on('message', (m: ToJobWorker) => {
  if (m.type === 'run') {
    running++;
    touched += sharedBytesIn(m.payload);
    if (idle) clearTimeout(idle);
    idle = null;
  }
  void kernels.then(() => handle(m));
});

/** Bytes of the shared buffers in a job's payload (its volumes, two levels deep), each buffer counted once. */
function sharedBytesIn(payload: unknown, depth = 2): number {
  if (payload instanceof SharedArrayBuffer) {
    if (counted.has(payload)) return 0;
    counted.add(payload);
    return payload.byteLength;
  }
  if (depth === 0 || typeof payload !== 'object' || payload === null) return 0;
  let n = 0;
  for (const v of Object.values(payload)) n += sharedBytesIn(v, depth - 1);
  return n;
}
