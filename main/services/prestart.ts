import { Worker } from 'node:worker_threads';

/**
 * Worker threads started before the rest of the command line has loaded, for the job pool that asks
 * for one with the same script (job-pool.ts). A worker takes ~100 ms to start (its runtime, then the
 * job code); started first, it does so while the CLI's own bundle evaluates and the run prepares,
 * instead of after. One that failed to start is never handed out.
 */
const started = new Map<string, { worker: Worker; dead: boolean }[]>();

/** Starts a worker for `url` (returned for its ending to be awaited, not to be used: takePrestarted hands it out). */
export function prestartWorker(url: URL): Worker {
  const entry = { worker: new Worker(url), dead: false };
  entry.worker.unref();
  // Until a pool takes it, nothing else listens: an error must not go unheard (it would end the process).
  entry.worker.once('error', () => (entry.dead = true));
  entry.worker.once('exit', () => (entry.dead = true));
  started.set(url.href, [...(started.get(url.href) ?? []), entry]);
  return entry.worker;
}

/** A worker started for `url` and still alive, now the caller's; null when there is none. */
export function takePrestarted(url: URL): Worker | null {
  const list = started.get(url.href) ?? [];
  for (let e = list.shift(); e; e = list.shift()) if (!e.dead) return e.worker;
  return null;
}
