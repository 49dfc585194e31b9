import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A real Dask cluster on 127.0.0.1 for tests: a scheduler and `workers` workers, on random free ports. */
export interface DaskCluster {
  address: string;
  scheduler: ChildProcess;
  /** The worker processes, named w0, w1, ... (no nanny: the process IS the worker). */
  workers: ChildProcess[];
  /** Starts one more worker (named wN) and resolves once it is registered. */
  addWorker(): Promise<ChildProcess>;
  /** SIGTERM to every process, SIGKILL to any still there 5 s later; resolves when all are gone. */
  stop(): Promise<void>;
}

const PYTHON = process.env.VOXELSCOPE_PYTHON || '/usr/bin/python3';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Resolves when the process prints `pattern` on stderr (where distributed logs), rejects if it exits first. */
function waitFor(p: ChildProcess, pattern: RegExp, what: string): Promise<void> {
  let log = '';
  return new Promise((resolve, reject) => {
    p.stderr!.setEncoding('utf8').on('data', (d: string) => {
      log += d;
      if (pattern.test(log)) resolve();
    });
    p.once('exit', (code) => reject(new Error(`${what} exited (${code}) before it was ready:\n${log}`)));
  });
}

const gone = (p: ChildProcess): boolean => p.exitCode !== null || p.signalCode !== null;

function end(p: ChildProcess): Promise<void> {
  if (gone(p)) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => p.kill('SIGKILL'), 5_000);
    p.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    p.kill('SIGTERM');
  });
}

/**
 * `env` goes to the scheduler and the workers (e.g. DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES).
 * One thread and no nanny per worker: a task is one CLI process, and killing a worker kills the worker.
 */
export async function startDaskCluster(workers = 2, env: Record<string, string> = {}): Promise<DaskCluster> {
  const port = await freePort();
  const address = `tcp://127.0.0.1:${port}`;
  const procs: ChildProcess[] = [];
  const workerProcs: ChildProcess[] = [];
  const start = (args: string[]): ChildProcess => {
    const p = spawn(PYTHON, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    procs.push(p);
    return p;
  };
  const addWorker = async (): Promise<ChildProcess> => {
    const i = workerProcs.length;
    const w = start(['-m', 'distributed.cli.dask_worker', address, '--nthreads', '1', '--no-nanny', '--no-dashboard', '--host', '127.0.0.1', '--name', `w${i}`]);
    workerProcs.push(w);
    await waitFor(w, /Registered to:/, `dask worker ${i}`);
    return w;
  };
  // Workers first: a worker whose scheduler is gone first tries to reconnect before it exits.
  const stop = async (): Promise<void> => {
    await Promise.all(workerProcs.map(end));
    await Promise.all(procs.map(end));
  };
  let scheduler: ChildProcess;
  try {
    scheduler = start(['-m', 'distributed.cli.dask_scheduler', '--host', '127.0.0.1', '--port', String(port), '--dashboard-address', ':0', '--no-dashboard']);
    await waitFor(scheduler, /Scheduler at:/, 'dask scheduler');
    await Promise.all(Array.from({ length: workers }, addWorker));
  } catch (e) {
    await stop();
    throw e;
  }
  return { address, scheduler, workers: workerProcs, addWorker, stop };
}

/** The processes whose parent is `pid` (from /proc), with their command lines. */
export function childrenOf(pid: number): { pid: number; argv: string[] }[] {
  const found: { pid: number; argv: string[] }[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== pid) continue;
      found.push({ pid: Number(d), argv: readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').filter(Boolean) });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Whether a process is still there (a zombie counts as gone). */
export function alive(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
