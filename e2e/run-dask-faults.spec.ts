import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from '@playwright/test';
import { alive, childrenOf, startDaskCluster, type DaskCluster } from './dask-cluster';
import { REPO } from './host';
import { cli, CLI, writeVolume } from './run-kit';

/**
 * `voxelscope run --dask` when the cluster misbehaves, on real schedulers and workers on 127.0.0.1: a
 * scheduler without workers, a worker killed (SIGKILL) mid-item, a worker lost for good, every worker
 * lost, the scheduler lost, the run interrupted; and how many tasks the run keeps in flight as the cluster grows.
 */
const N = 12;
const INPUTS = Array.from({ length: N }, (_, i) => `v${i}.npy`);
const PARTIAL = /^\.(.+)\.[0-9a-f]{8}\.partial$/;

let dir: string;
const clusters: DaskCluster[] = [];
/** CLI processes a test stopped (SIGSTOP): killed in afterAll should one outlive its worker. */
const stopped: number[] = [];
/** Runs of a failed test may still be going: ended in afterAll. */
const runs: ChildProcess[] = [];

test.describe.configure({ mode: 'serial', timeout: 60_000 });

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vs-dask-faults-'));
  INPUTS.forEach((f, i) => writeVolume(join(dir, f), i, { x: 48, y: 40, z: 24, c: 1, t: 1 }));
  cpSync(join(REPO, 'test/fixtures/recipes/v2-tophat.json'), join(dir, 'r.json'));
  const local = cli(['run', 'r.json', ...INPUTS, '--out', 'local'], dir);
  expect(local.status, local.stderr).toBe(0);
});

test.afterAll(async () => {
  for (const p of runs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  for (const pid of stopped) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await Promise.all(clusters.map((c) => c.stop()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function cluster(workers: number, env: Record<string, string> = {}): Promise<DaskCluster> {
  const c = await startDaskCluster(workers, env);
  clusters.push(c);
  return c;
}

interface Run {
  done: Promise<{ status: number | null; stdout: string; stderr: string }>;
  /** Resolves when the progress shows `n` inputs done. */
  itemsDone(n: number): Promise<void>;
  kill(signal: NodeJS.Signals): void;
}

function run(args: string[], env: Record<string, string> = {}): Run {
  const p = spawn(process.execPath, [CLI, 'run', ...args], { cwd: dir, env: { ...process.env, ...env } });
  runs.push(p);
  let stdout = '';
  let stderr = '';
  const waiters: { n: number; resolve: () => void }[] = [];
  p.stdout.on('data', (d) => {
    stdout += d;
    const n = (stdout.match(/^\[\d+\/\d+\]/gm) ?? []).length;
    for (const w of waiters.filter((w) => w.n <= n)) w.resolve();
  });
  p.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => p.on('close', (status) => resolve({ status, stdout, stderr })));
  return { done, itemsDone: (n) => new Promise((resolve) => waiters.push({ n, resolve })), kill: (sig) => void p.kill(sig) };
}

interface Log {
  items: ({ input: string; status: string; error: string | null; output: string } & Record<string, unknown>)[];
  dask?: { scheduler: string; workers: string[] };
}

const log = (out: string): Log => JSON.parse(readFileSync(join(dir, out, 'voxelscope-run.json'), 'utf8')) as Log;

/** A log item without its timings (nor --resume's mark), the output folder's name taken out: what must equal the local run's. */
const same = (out: string, item: Record<string, unknown>): string => {
  const { seconds: _s, resumed: _r, ...rest } = item;
  return JSON.stringify(rest).replaceAll(`${dir}/${out}/`, 'OUT/');
};

const files = (out: string): string[] => readdirSync(join(dir, out)).sort();

/** Every ok output of `out` equals the local run's, byte for byte, and so does its log item. */
function expectOkAsLocal(out: string): void {
  const local = new Map(log('local').items.map((i) => [i.input, same('local', i)]));
  for (const item of log(out).items.filter((i) => i.status === 'ok')) {
    expect(same(out, item)).toBe(local.get(item.input));
    const name = item.input.split('/').pop()!;
    expect(readFileSync(join(dir, out, name)).equals(readFileSync(join(dir, 'local', name))), name).toBe(true);
  }
}

/**
 * Waits until a CLI process of `worker` has written its item's temporary output under `out`, stops that
 * process (SIGSTOP) before it can exit, and says which it was. A CLI exits some 20 ms after its temporary
 * file appears, so a miss is possible: the next item of that worker is the next chance.
 */
function catchTempOutput(worker: ChildProcess, out: string): Promise<{ pid: number; output: string; partial: string }> {
  return new Promise((resolve) => {
    const start = (): void => {
      if (!existsSync(join(dir, out))) return void setTimeout(start, 10);
      const w = watch(join(dir, out), (_ev, name) => {
        const m = name ? PARTIAL.exec(name) : null;
        if (!m) return;
        const child = childrenOf(worker.pid!).find((c) => c.argv[c.argv.indexOf('--item-output') + 1] === m[1]);
        if (!child) return; // another worker's, or it has exited already
        process.kill(child.pid, 'SIGSTOP');
        stopped.push(child.pid);
        if (!existsSync(join(dir, out, name!))) return void process.kill(child.pid, 'SIGCONT'); // too late: its item is done
        w.close();
        resolve({ pid: child.pid, output: m[1], partial: name! });
      });
    };
    start();
  });
}

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Stops (SIGSTOP) a CLI running on one of the workers and returns its pid and input, once /proc says it
 * is stopped. A CLI that was just ending when it was picked (a zombie, or gone) cannot be held: another
 * is taken.
 */
async function holdACli(workers: number[]): Promise<{ pid: number; input: string }> {
  let held = { pid: 0, input: '' };
  await until('a CLI on a worker, held', () => {
    // Only a child already running the CLI on an input: one just forked by the worker still has the
    // worker's own command line until it execs (seen once under load: held with no input).
    const cli = workers.flatMap((w) => childrenOf(w)).find((p) => alive(p.pid) && p.argv.some((a) => INPUTS.includes(basename(a))));
    if (!cli) return false;
    try {
      process.kill(cli.pid, 'SIGSTOP');
    } catch {
      return false;
    }
    stopped.push(cli.pid);
    held = { pid: cli.pid, input: cli.argv.map((a) => basename(a)).find((a) => INPUTS.includes(a))! };
    return true;
  });
  // The stop takes effect asynchronously; a process that exited meanwhile is not held.
  await until('the CLI stopped, or ended', () => ['T', 'Z', 'gone'].includes(procState(held.pid)), 2000).catch(() => undefined);
  return procState(held.pid) === 'T' ? held : holdACli(workers);
}

/** A SIGTERM is pending for the process (signal 15: bit 14 of /proc's pending masks, thread or process). */
function sigtermPending(pid: number): boolean {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return [...status.matchAll(/^(?:SigPnd|ShdPnd):\s*([0-9a-f]+)$/gm)].some((m) => ((BigInt(`0x${m[1]}`) >> 14n) & 1n) !== 0n);
  } catch {
    return false;
  }
}

function procState(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return 'gone';
  }
}

/** Tasks the scheduler holds that are not finished, sampled every 50 ms by a client of its own. */
function watchInFlight(address: string): { samples: { t: number; n: number }[]; stop(): void } {
  const p = spawn('/usr/bin/python3', ['-c', `
import sys, time
from distributed import Client
c = Client(sys.argv[1], timeout=10)
def unfinished(dask_scheduler):
    return sum(ts.state not in ('memory', 'erred', 'forgotten') for ts in dask_scheduler.tasks.values())
while True:
    print(c.run_on_scheduler(unfinished), flush=True)
    time.sleep(0.05)
`, address], { stdio: ['ignore', 'pipe', 'ignore'] });
  const samples: { t: number; n: number }[] = [];
  createInterface({ input: p.stdout }).on('line', (l) => samples.push({ t: Date.now(), n: Number(l) }));
  return { samples, stop: () => void p.kill('SIGKILL') };
}

test('a scheduler with no worker: one line naming it, exit 2, within the wait, nothing written', async () => {
  const c = await cluster(0);
  const t0 = Date.now();
  const r = await run(['r.json', 'v0.npy', '--out', 'idle', '--dask', c.address], { VOXELSCOPE_DASK_WORKER_TIMEOUT: '2' }).done;
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split('\n')).toEqual([`voxelscope run: --dask ${c.address}: the Dask scheduler at ${c.address} has no workers: none came within 2 s (VOXELSCOPE_DASK_WORKER_TIMEOUT sets the wait)`]);
  expect(Date.now() - t0).toBeLessThan(15_000);
  expect(existsSync(join(dir, 'idle'))).toBe(false);
  const bad = await run(['r.json', 'v0.npy', '--out', 'idle', '--dask', c.address], { VOXELSCOPE_DASK_WORKER_TIMEOUT: 'soon' }).done;
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain("VOXELSCOPE_DASK_WORKER_TIMEOUT must be a positive number of seconds (got 'soon')");
});

test('at most twice the cluster\'s threads in flight, and more once a worker joins', async () => {
  const c = await cluster(1);
  const seen = watchInFlight(c.address);
  await until('the observer', () => seen.samples.length > 0);
  const r = run(['r.json', ...INPUTS, '--out', 'window', '--dask', c.address]);
  await r.itemsDone(1);
  await c.addWorker();
  const joined = Date.now();
  const { status, stderr } = await r.done;
  seen.stop();
  expect(status, stderr).toBe(0);
  expectOkAsLocal('window');
  const before = seen.samples.filter((s) => s.t < joined).map((s) => s.n);
  const after = seen.samples.filter((s) => s.t >= joined).map((s) => s.n);
  expect(Math.max(...before)).toBe(2); // one thread: that one's task and the next
  expect(Math.max(...after)).toBeGreaterThan(2);
  expect(Math.max(...after)).toBeLessThanOrEqual(4);
  expect(log('window').dask?.workers).toHaveLength(2);
});

test('a worker killed while its temporary output exists: the item runs again on the other; all as the local run, nothing partial', async () => {
  const c = await cluster(2);
  const [w0, w1] = c.workers;
  const r = run(['r.json', ...INPUTS, '--out', 'killed', '--dask', c.address]);
  const caught = await Promise.race([catchTempOutput(w1, 'killed'), r.done.then(() => null)]);
  expect(caught, 'a CLI of w1 was caught with its temporary output written').not.toBeNull();
  w1.kill('SIGKILL');
  // The stopped CLI dies with its worker (PR_SET_PDEATHSIG) instead of living on as an orphan.
  await until('the CLI of the killed worker ends', () => !alive(caught!.pid), 5_000);
  expect(existsSync(join(dir, 'killed', caught!.output))).toBe(false);
  const { status, stdout, stderr } = await r.done;
  expect(status, stderr).toBe(0);
  expect(stdout).toContain(`${N} done, 0 failed`);
  expect(log('killed').items.map((i) => same('killed', i))).toEqual(log('local').items.map((i) => same('local', i)));
  expectOkAsLocal('killed');
  expect(files('killed')).toEqual(files('local')); // the killed attempt's temporary file is gone too
  expect(w0.exitCode).toBeNull();
});

test('a task whose worker dies more often than Dask allows is that input\'s error; the others complete', async () => {
  const c = await cluster(2, { DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES: '0' });
  const r = run(['r.json', ...INPUTS, '--out', 'lost', '--dask', c.address]);
  const caught = await Promise.race([catchTempOutput(c.workers[1], 'lost'), r.done.then(() => null)]);
  expect(caught).not.toBeNull();
  c.workers[1].kill('SIGKILL');
  const { status, stdout, stderr } = await r.done;
  expect(status, stdout).toBe(1);
  const items = log('lost').items;
  expect(items.map((i) => i.input)).toEqual(INPUTS.map((f) => join(dir, f)));
  const failed = items.filter((i) => i.status === 'error');
  // The caught item failed; so may others queued on the same worker (of the 4 in flight, w0 runs one).
  expect(failed.map((i) => i.output)).toContain(join(dir, 'lost', caught!.output));
  expect(failed.length).toBeLessThanOrEqual(3);
  for (const f of failed) {
    expect(f.error).toMatch(/: the Dask task failed: its worker died while running it, 1 time\(s\), and Dask gave up \(distributed\.scheduler\.allowed-failures is 0\); the last was tcp:\/\/127\.0\.0\.1:\d+$/);
    expect(stderr).toContain(f.error);
  }
  expectOkAsLocal('lost');
  expect(files('lost')).toEqual(files('local').filter((f) => !failed.some((i) => i.output.endsWith(`/${f}`))));
});

test('every worker gone for VOXELSCOPE_DASK_WORKER_TIMEOUT: the inputs not done fail, the rest is kept', async () => {
  const c = await cluster(1);
  const r = run(['r.json', ...INPUTS, '--out', 'orphaned', '--dask', c.address], { VOXELSCOPE_DASK_WORKER_TIMEOUT: '2' });
  await r.itemsDone(2);
  c.workers[0].kill('SIGKILL');
  const t0 = Date.now();
  const { status, stdout } = await r.done;
  expect(Date.now() - t0).toBeLessThan(15_000);
  expect(status, stdout).toBe(1);
  const items = log('orphaned').items;
  expect(items).toHaveLength(N);
  const failed = items.filter((i) => i.status === 'error');
  expect(failed.length).toBeGreaterThan(0);
  expect(items.filter((i) => i.status === 'ok').length).toBeGreaterThanOrEqual(2);
  for (const f of failed) expect(f.error).toMatch(/: the Dask task failed: no Dask worker was left at tcp:\/\/127\.0\.0\.1:\d+ for 2 s \(VOXELSCOPE_DASK_WORKER_TIMEOUT\)$/);
  expectOkAsLocal('orphaned');
  expect(readdirSync(join(dir, 'orphaned')).filter((f) => PARTIAL.test(f))).toEqual([]);
});

test('the scheduler killed mid-run: the inputs not done fail once the client gives up, and --resume on a new cluster completes the run', async () => {
  const c = await cluster(1);
  const r = run(['r.json', ...INPUTS, '--out', 'headless', '--dask', c.address], { VOXELSCOPE_DASK_TIMEOUT: '2' });
  await r.itemsDone(2);
  c.scheduler.kill('SIGKILL');
  const t0 = Date.now();
  const { status, stdout } = await r.done;
  expect(Date.now() - t0).toBeLessThan(15_000);
  expect(status, stdout).toBe(1);
  const items = log('headless').items;
  expect(items).toHaveLength(N);
  const failed = items.filter((i) => i.status === 'error');
  expect(failed.length).toBeGreaterThan(0);
  for (const f of failed) expect(f.error).toMatch(/: the Dask task failed: lost the connection to the Dask scheduler at tcp:\/\/127\.0\.0\.1:\d+ \(VOXELSCOPE_DASK_TIMEOUT: 2 s to come back\)$/);
  expectOkAsLocal('headless');
  // Its worker may still finish the item it had (a hidden temporary file, never the output's name);
  // the next run into the folder removes such files.
  await c.stop();
  const again = await run(['r.json', ...INPUTS, '--out', 'headless', '--dask', (await cluster(2)).address, '--resume']).done;
  expect(again.status, again.stderr).toBe(0);
  expect(again.stdout).toContain(`${failed.length} done, 0 failed, ${N - failed.length} skipped`);
  expect(log('headless').items.map((i) => same('headless', i))).toEqual(log('local').items.map((i) => same('local', i)));
  expectOkAsLocal('headless');
  expect(files('headless')).toEqual(files('local'));
});

test('SIGINT during a Dask run: exit 130, the CLI still running on a worker is stopped and leaves nothing, --resume finishes', async () => {
  const c = await cluster(2);
  const r = run(['r.json', ...INPUTS, '--out', 'interrupted', '--dask', c.address]);
  await r.itemsDone(1);
  // Hold one worker's CLI (SIGSTOP) so that it is certainly mid-item when the run is interrupted.
  const held = await holdACli(c.workers.map((w) => w.pid!));
  expect(held.input).toMatch(/^v\d+\.npy$/);
  r.kill('SIGINT');
  const { status, stdout } = await r.done;
  expect(status, stdout).toBe(130);
  // The cancelled task's worker tells it to stop (a SIGTERM waits, pending, while it is held: seen in
  // /proc, however long the scheduler takes under load); once let go it does, instead of finishing.
  await until('the worker sends the held CLI SIGTERM', () => sigtermPending(held.pid), 30_000);
  process.kill(held.pid, 'SIGCONT');
  await until('the held CLI ends', () => !alive(held.pid), 10_000);
  await until('no CLI left on the workers', () => c.workers.every((w) => childrenOf(w.pid!).length === 0), 10_000);
  // The held CLI left nothing. (A CLI on the other worker that wrote its item's temporary file just as the
  // run was interrupted may leave that hidden file, never an output's name: --resume below removes it.)
  expect(readdirSync(join(dir, 'interrupted')).filter((f) => PARTIAL.exec(f)?.[1] === held.input)).toEqual([]);
  const items = log('interrupted').items;
  expect(items.map((i) => i.input)).toEqual(INPUTS.map((f) => join(dir, f)));
  expect(items.filter((i) => i.status === 'error').length).toBeGreaterThan(0);
  expectOkAsLocal('interrupted');
  const again = await run(['r.json', ...INPUTS, '--out', 'interrupted', '--dask', c.address, '--resume']).done;
  expect(again.status, again.stderr).toBe(0);
  expect(log('interrupted').items.map((i) => same('interrupted', i))).toEqual(log('local').items.map((i) => same('local', i)));
  expect(files('interrupted')).toEqual(files('local'));
});
