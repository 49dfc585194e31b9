import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A real Dask cluster on 127.0.0.1 for tests: a scheduler and `workers` workers, on random free ports. */
export interface DaskCluster {
  address: string;
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

export async function startDaskCluster(workers = 2): Promise<DaskCluster> {
  const port = await freePort();
  const address = `tcp://127.0.0.1:${port}`;
  const procs: ChildProcess[] = [];
  const start = (args: string[]): ChildProcess => {
    const p = spawn(PYTHON, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    procs.push(p);
    return p;
  };
  const stop = async (): Promise<void> => {
    await Promise.all(procs.map((p) => (p.exitCode !== null || p.signalCode !== null ? null : new Promise((r) => { p.once('exit', r); p.kill('SIGTERM'); }))));
  };
  try {
    const scheduler = start(['-m', 'distributed.cli.dask_scheduler', '--host', '127.0.0.1', '--port', String(port), '--dashboard-address', ':0', '--no-dashboard']);
    await waitFor(scheduler, /Scheduler at:/, 'dask scheduler');
    // One thread and no nanny each: a task is one CLI process, and two workers are what the issue asks.
    await Promise.all(Array.from({ length: workers }, (_, i) => waitFor(start(['-m', 'distributed.cli.dask_worker', address, '--nthreads', '1', '--no-nanny', '--no-dashboard', '--host', '127.0.0.1', '--name', `w${i}`]), /Registered to:/, `dask worker ${i}`)));
  } catch (e) {
    await stop();
    throw e;
  }
  return { address, stop };
}
