import { spawnSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { freePort, startDaskCluster, type DaskCluster } from './dask-cluster';
import { REPO } from './host';

/**
 * `voxelscope run --dask`: on a real scheduler with two workers (127.0.0.1), the outputs and log items
 * are those of the local run (timings aside) and the log says where it ran; --dask local works; --resume
 * works through Dask, and one with nothing left contacts no cluster; an unreachable scheduler is one line
 * and exit 2, quickly, with nothing written.
 * What happens when workers die or never come: run-dask-faults.spec.ts.
 */
const CLI = join(REPO, 'bin/voxelscope.mjs');
const run = (cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, 'run', ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (status) => resolve({ status, stdout, stderr }));
  });

let dir: string;
let cluster: DaskCluster;
const INPUTS = ['v0.npy', 'v1.npy', 'sub/v2.npy', 'bad.npy'];

test.describe.configure({ mode: 'serial', timeout: 90_000 });

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vs-dask-'));
  const py = spawnSync('/usr/bin/python3', ['-c', `
import numpy as np, os
os.makedirs('sub')
for i, n in enumerate(['v0.npy', 'v1.npy', 'sub/v2.npy']):
    np.save(n, ((np.arange(6 * 10 * 12).reshape(6, 10, 12) * (i + 3)) % 251).astype(np.uint8))
open('bad.npy', 'wb').write(b'\\x93NUMPY garbage')
`], { cwd: dir, encoding: 'utf8' });
  expect(py.status, py.stderr).toBe(0);
  cpSync(join(REPO, 'test/fixtures/recipes/v2-tophat.json'), join(dir, 'r.json'));
  cluster = await startDaskCluster(2);
});

test.afterAll(async () => {
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The log's items without timings and with the output folder's name taken out. */
function items(out: string): string[] {
  const log = JSON.parse(readFileSync(join(dir, out, 'voxelscope-run.json'), 'utf8')) as { items: Record<string, unknown>[] };
  return log.items.map(({ seconds: _s, ...i }) => JSON.stringify(i).replaceAll(`${dir}/${out}/`, 'OUT/'));
}

/** Where the log says the run ran (absent for a local run). */
function where(out: string): { scheduler: string; dask: string; distributed: string; python: string; workers: string[] } | undefined {
  return (JSON.parse(readFileSync(join(dir, out, 'voxelscope-run.json'), 'utf8')) as { dask?: ReturnType<typeof where> }).dask;
}

/** The versions the client's Python has (Debian's, as the run uses). */
function pythonVersions(): { dask: string; distributed: string; python: string } {
  const py = spawnSync('/usr/bin/python3', ['-c', 'import dask, distributed, platform, json; print(json.dumps({"dask": dask.__version__, "distributed": distributed.__version__, "python": platform.python_version()}))'], { encoding: 'utf8' });
  return JSON.parse(py.stdout) as { dask: string; distributed: string; python: string };
}

function files(out: string): string[] {
  return readdirSync(join(dir, out), { recursive: true, withFileTypes: false }).map(String).sort();
}

test('a Dask run (scheduler and two workers) equals the local run, byte for byte; --resume goes through Dask too', async () => {
  const local = await run(dir, ['r.json', ...INPUTS, '--out', 'local']);
  expect(local.status, local.stderr).toBe(1);
  const dask = await run(dir, ['r.json', ...INPUTS, '--out', 'dask', '--dask', cluster.address]);
  expect(dask.status, dask.stderr).toBe(1);
  expect(dask.stderr.trim().split('\n')).toEqual([expect.stringContaining('bad.npy')]);
  expect(dask.stdout).toContain('3 done, 1 failed, 0 skipped');
  expect(items('dask')).toEqual(items('local'));
  expect(files('dask')).toEqual(files('local')); // no temporary file left
  for (const f of ['v0.npy', 'v1.npy', 'v2.npy']) // a file argument's output is named after the file alone
    expect(readFileSync(join(dir, 'dask', f)).equals(readFileSync(join(dir, 'local', f))), f).toBe(true);
  expect(where('local')).toBeUndefined();
  const ran = where('dask')!;
  expect(ran).toEqual({ scheduler: cluster.address, ...pythonVersions(), workers: expect.any(Array) });
  expect(ran.workers.length).toBeGreaterThanOrEqual(1);
  for (const w of ran.workers) expect(w).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);

  rmSync(join(dir, 'dask', 'v1.npy'));
  const again = await run(dir, ['r.json', ...INPUTS, '--out', 'dask', '--dask', cluster.address, '--resume']);
  expect(again.status, again.stderr).toBe(1);
  expect(again.stdout).toContain('1 done, 1 failed, 2 skipped');
  expect(readFileSync(join(dir, 'dask', 'v1.npy')).equals(readFileSync(join(dir, 'local', 'v1.npy')))).toBe(true);
  expect(items('dask').map((s) => s.replace(',"resumed":true', ''))).toEqual(items('local'));
});

test('--dask local starts and stops its own LocalCluster', async () => {
  const r = await run(dir, ['r.json', 'v0.npy', 'sub/v2.npy', '--out', 'dlocal', '--dask', 'local']);
  expect(r.status, r.stderr).toBe(0);
  expect(items('dlocal')).toEqual(items('local').filter((s) => /v0|v2/.test(s)));
  expect(where('dlocal')).toEqual({ scheduler: 'local', ...pythonVersions(), workers: [expect.stringMatching(/^inproc:\/\//)] });
});

test('--resume with every input done contacts no cluster: all skipped, exit 0, even with no scheduler there', async () => {
  const before = items('dlocal');
  const t0 = Date.now();
  const r = await run(dir, ['r.json', 'v0.npy', 'sub/v2.npy', '--out', 'dlocal', '--dask', `tcp://127.0.0.1:${await freePort()}`, '--resume'], { VOXELSCOPE_DASK_TIMEOUT: '20' });
  expect(r.status, r.stderr).toBe(0);
  expect(Date.now() - t0).toBeLessThan(15_000); // it did not wait for the scheduler
  expect(r.stdout).toContain('0 done, 0 failed, 2 skipped');
  expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining('every input is done already (--resume); the Dask cluster was not contacted')]);
  expect(items('dlocal').map((s) => s.replace(',"resumed":true', ''))).toEqual(before);
  expect(where('dlocal')).toBeUndefined(); // nothing ran anywhere this time
});

test('an unreachable scheduler, or no dask in the Python, is one line and exit 2', async () => {
  const t0 = Date.now();
  const r = await run(dir, ['r.json', 'v0.npy', '--out', 'none', '--dask', `tcp://127.0.0.1:${await freePort()}`], { VOXELSCOPE_DASK_TIMEOUT: '2' });
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/cannot reach the Dask scheduler at tcp:\/\/127\.0\.0\.1:\d+ within 2 s/)]);
  expect(Date.now() - t0).toBeLessThan(20_000);
  expect(existsSync(join(dir, 'none'))).toBe(false); // nothing written
  // A Python without site-packages has no dask.
  const noDask = join(dir, 'python-without-dask');
  writeFileSync(noDask, '#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n', { mode: 0o755 });
  const m = await run(dir, ['r.json', 'v0.npy', '--out', 'none', '--dask', 'local'], { VOXELSCOPE_PYTHON: noDask });
  expect(m.status).toBe(2);
  expect(m.stderr.trim().split('\n')).toEqual([expect.stringContaining('install python3-dask and python3-distributed')]);
  const gone = await run(dir, ['r.json', 'v0.npy', '--out', 'none', '--dask', 'local'], { VOXELSCOPE_PYTHON: join(dir, 'no-such-python') });
  expect(gone.status).toBe(2);
  expect(gone.stderr.trim().split('\n')).toEqual([expect.stringContaining('cannot be started (ENOENT)')]);
});
