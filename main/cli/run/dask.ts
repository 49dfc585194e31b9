import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../command-line.js';
import type { ItemResult } from './item.js';
import type { LogItem, RunCluster } from './log.js';
import type { PlannedItem } from './outputs.js';
import { removeStalePartials } from './temp-files.js';

/**
 * `voxelscope run --dask tcp://HOST:PORT|local`: each input becomes one task of a Dask distributed
 * cluster, which runs the same CLI on it (`voxelscope run RECIPE INPUT --item-json --keep-temp`) on
 * shared storage. Dask itself is driven by a small Python client (dask-client.py, beside this file in the
 * build); this side keeps everything else as a local run does (scheduler.ts): progress, the journal and
 * run log, --resume, and the rename of each output after its item is logged, so nothing partial appears.
 */

/** Where the worker's CLI finds what the client was given; the same absolute paths on every node. */
export interface DaskRunSettings {
  address: string;
  recipeFile: string;
  outDir: string;
  overwrite: boolean;
  /** --jobs, when given: the worker threads each item uses on its worker (default: that node's cores). */
  jobs?: number;
  /** SIGINT/SIGTERM: the client is stopped (its tasks cancelled) and the items still out are interrupted. */
  signal?: AbortSignal;
}

export interface DaskRunner {
  /** Workers the scheduler had when the client connected (at least one: the client waits for one). */
  workers: number;
  /**
   * Tasks to keep in flight: twice the cluster's threads as last reported, so every thread has its next
   * input queued while nothing floods the scheduler (a run over 100k files submits about this many).
   */
  window(): number;
  /** Calls `grow` whenever window() has grown (workers joined). */
  onGrow(grow: () => void): void;
  /** For the run log: the scheduler, the client's versions, the workers that ran items so far. */
  cluster(): RunCluster;
  runItem(plan: PlannedItem): Promise<ItemResult>;
  /** Ends the client (and a LocalCluster it started); items still running end as errors. */
  close(): Promise<void>;
}

interface TaskReply {
  id: number;
  rc?: number;
  stdout?: string;
  stderr?: string;
  /** The address of the worker that ran it. */
  worker?: string;
  error?: string;
}

/** The client's first line, once connected and a worker is there. */
interface Ready {
  workers: number;
  threads: number;
  dask: string;
  distributed: string;
  python: string;
}

/** The Python with dask.distributed: Debian's, unless VOXELSCOPE_PYTHON names another. */
export function daskPython(): string {
  return process.env.VOXELSCOPE_PYTHON || '/usr/bin/python3';
}

/** The client script: beside the bundled CLI in dist/main (scripts/build.mjs copies it), or this source file. */
function clientScript(): string {
  return fileURLToPath(new URL('./dask-client.py', import.meta.url));
}

/** What a worker runs: Node and the CLI at the client's own paths unless VOXELSCOPE_WORKER_* say otherwise. */
function workerCommand(): { node: string; cli: string } {
  return {
    node: process.env.VOXELSCOPE_WORKER_NODE || process.execPath,
    cli: process.env.VOXELSCOPE_WORKER_CLI || fileURLToPath(new URL('./cli.mjs', import.meta.url)),
  };
}

/**
 * Starts the Python client and waits until it is connected and the cluster has a worker. Any problem
 * here (no Python, no dask, the scheduler not reachable within VOXELSCOPE_DASK_TIMEOUT, no worker within
 * VOXELSCOPE_DASK_WORKER_TIMEOUT) is a UsageError: one line, exit 2, nothing ran.
 */
export async function startDask(s: DaskRunSettings): Promise<DaskRunner> {
  const python = daskPython();
  const child = spawn(python, [clientScript(), s.address, String(s.jobs ?? Math.max(1, availableParallelism()))], {
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group: a terminal's Ctrl-C reaches this process, which stops the client in order.
    detached: true,
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const pending = new Map<number, (r: TaskReply) => void>();
  let exited = false;
  const lines = createInterface({ input: child.stdout });

  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('error', (e: NodeJS.ErrnoException) =>
      reject(new UsageError(`voxelscope run: --dask needs Python 3 with dask.distributed, but ${python} cannot be started (${e.code ?? e.message}); install python3-distributed or set VOXELSCOPE_PYTHON`)),
    );
    child.once('exit', (code) => {
      exited = true;
      const why = stderr.trim().split('\n').filter(Boolean).pop() ?? `${python} exited with status ${code}`;
      reject(new UsageError(`voxelscope run: --dask ${s.address}: ${why}`));
    });
    lines.once('line', (l) => {
      try {
        resolve(JSON.parse(l) as Ready);
      } catch {
        reject(new UsageError(`voxelscope run: --dask ${s.address}: the Dask client said ${JSON.stringify(l.slice(0, 200))}`));
      }
    });
  });

  // From here on, a reply settles its task, and a thread count moves the window; if the client dies,
  // every task still waiting is an error.
  let threads = ready.threads;
  const growers: (() => void)[] = [];
  const workersSeen = new Set<string>();
  lines.on('line', (l) => {
    let r: TaskReply | { threads: number };
    try {
      r = JSON.parse(l) as TaskReply | { threads: number };
    } catch {
      return; // not ours (a library printing to stdout)
    }
    if ('threads' in r) {
      const grew = r.threads > threads;
      threads = r.threads;
      if (grew) for (const g of growers) g();
      return;
    }
    if (r.worker) workersSeen.add(r.worker);
    pending.get(r.id)?.(r);
    pending.delete(r.id);
  });
  child.removeAllListeners('exit');
  child.on('exit', (code) => {
    exited = true;
    const why = stderr.trim().split('\n').filter(Boolean).pop() ?? `status ${code}`;
    const error = s.signal?.aborted ? 'interrupted' : `the Dask client stopped (${why})`;
    for (const settle of pending.values()) settle({ id: -1, error });
    pending.clear();
  });

  const onAbort = (): void => void closeClient(child);
  s.signal?.addEventListener('abort', onAbort, { once: true });
  const { node, cli } = workerCommand();
  let nextId = 0;
  /** Outputs of the tasks handed to the cluster, for the sweep at the end (close). */
  const submitted: string[] = [];
  const runItem = (plan: PlannedItem): Promise<ItemResult> => {
    const id = nextId++;
    const argv = ['run', s.recipeFile, plan.input, '--out', s.outDir, '--item-json', '--keep-temp', '--item-output', relative(s.outDir, plan.output!)];
    if (s.overwrite) argv.push('--overwrite');
    if (s.jobs !== undefined) argv.push('--jobs', String(s.jobs));
    return new Promise<ItemResult>((resolve) => {
      if (exited) return resolve(failed(plan, 'the Dask client stopped'));
      if (plan.output) submitted.push(plan.output);
      pending.set(id, (r) => resolve(itemOf(plan, r)));
      child.stdin.write(`${JSON.stringify({ id, argv, node, cli })}\n`);
    });
  };
  // A worker killed mid-item may have left its attempt's temporary file (the item ran again elsewhere),
  // as may a CLI that finished its item as the run was interrupted. Swept once the client is done, one
  // listing per folder: a listing after every item made a run over many files into one folder quadratic.
  // What a CLI still writes after this is removed by the next run into the folder, before it runs.
  const close = async (): Promise<void> => {
    s.signal?.removeEventListener('abort', onAbort);
    await closeClient(child);
    try {
      removeStalePartials(submitted);
    } catch {
      // left for the next run into this folder
    }
  };
  return {
    workers: ready.workers,
    window: () => Math.max(2, 2 * threads),
    onGrow: (g) => void growers.push(g),
    cluster: () => ({ scheduler: s.address, dask: ready.dask, distributed: ready.distributed, python: ready.python, workers: [...workersSeen].sort() }),
    runItem,
    close,
  };
}

/** The worker's answer as the item's result: the CLI's own JSON item, or an error naming the input. */
function itemOf(plan: PlannedItem, r: TaskReply): ItemResult {
  if (r.error === 'interrupted') return failed(plan, 'interrupted');
  if (r.error) return failed(plan, `the Dask task failed: ${r.error}`);
  const last = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  try {
    const { temp, ...item } = JSON.parse(last) as LogItem & { temp?: string };
    if (typeof item.input === 'string' && (item.status === 'ok' || item.status === 'error')) return { item, temp: temp ?? null };
  } catch {
    // not an item: the CLI failed before it ran the input
  }
  const why = (r.stderr ?? '').trim().split('\n').filter(Boolean).pop() ?? `exit status ${r.rc}`;
  return failed(plan, `the Voxelscope CLI on the Dask worker failed: ${why}`);
}

function failed(plan: PlannedItem, why: string): ItemResult {
  const item: LogItem = { input: plan.input, status: 'error', output: plan.output, error: `${plan.input}: ${why}`, input_sha256: null, output_sha256: null, seconds: null };
  return { item, temp: null };
}

/** End of stdin lets the client cancel what is left and stop a LocalCluster; it is killed if it lingers. */
function closeClient(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.stdin.end();
  });
}
