import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPS } from '../../../app/filters/catalog.js';
import type { PipelineStep } from '../../../app/filters/pipeline.js';
import { applyPipeline } from '../../../app/jobs/apply.js';
import type { JobPool } from '../../../app/jobs/pool.js';
import { JobCancelledError } from '../../../app/jobs/protocol.js';
import { hostJobPool } from '../../../main/services/job-pool.js';
import { REPO } from '../paths.js';
import { tempDir } from '../host/host-kit.js';

/**
 * Cancel really stops the work, on real worker threads: once a cancelled Apply or job has settled, no
 * worker is busy and the process's CPU time (all its threads: process.cpuUsage) barely moves. A job
 * that never checks its cancel flag is ended by the pool after its grace, and its worker replaced.
 */
let dir = '';
let pool: JobPool;
beforeAll(async () => {
  dir = tempDir('vs-cancel-');
  await build({
    entryPoints: [join(REPO, 'test/unit/jobs/fixtures/stubborn-worker.ts')], bundle: true, platform: 'node', format: 'esm',
    outfile: join(dir, 'worker.mjs'), logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  pool = hostJobPool(pathToFileURL(join(dir, 'worker.mjs')), 2);
});
afterAll(() => {
  pool?.terminate();
  rmSync(dir, { recursive: true, force: true });
});

/** CPU milliseconds the whole process (every thread) spends over the next `ms`. */
async function cpuOver(ms: number): Promise<number> {
  const a = process.cpuUsage();
  await new Promise((r) => setTimeout(r, ms));
  const d = process.cpuUsage(a);
  return (d.user + d.system) / 1000;
}

describe('cancel stops the workers', () => {
  it('a cancelled Apply settles only after its slabs did, and the CPU idles after it', async () => {
    const dims = { x: 96, y: 96, z: 64, c: 1, t: 1 };
    const sab = new SharedArrayBuffer(dims.x * dims.y * dims.z * 4);
    const v = new Float32Array(sab);
    for (let i = 0; i < v.length; i++) v[i] = (i * 7919) % 1013;
    const steps = [{ op: 'median', size: 9 }] as unknown as PipelineStep[];
    let started!: () => void;
    const progressed = new Promise<void>((r) => (started = r));
    const apply = applyPipeline(pool, { sab, dims, dtype: 'float32' }, steps, OPS, () => started());
    await Promise.race([progressed, new Promise((r) => setTimeout(r, 400))]);
    apply.cancel();
    await expect(apply.result).rejects.toBeInstanceOf(JobCancelledError);
    expect(pool.busy).toBe(0);
    expect(await cpuOver(300)).toBeLessThan(60);
  });

  it('Apply rejects only once every slab has settled (one slab stopping late)', async () => {
    // Two slabs: the first stops at once when cancelled, the second only when released.
    let release!: () => void;
    const late = new Promise<void>((r) => (release = r));
    let n = 0;
    let lateSettled = false;
    const fake = {
      size: 2,
      allocate: (bytes: number) => new SharedArrayBuffer(bytes),
      release: () => undefined,
      run: () => {
        const k = n++;
        let reject!: (e: Error) => void;
        const result = new Promise((_ok, fail) => (reject = fail));
        return {
          result,
          send: () => undefined,
          cancel: () => (k === 0 ? reject(new JobCancelledError()) : void late.then(() => ((lateSettled = true), reject(new JobCancelledError())))),
        };
      },
    } as unknown as JobPool;
    const dims = { x: 4, y: 4, z: 64, c: 1, t: 1 };
    const apply = applyPipeline(fake, { sab: new SharedArrayBuffer(4 * 4 * 64), dims, dtype: 'uint8' }, [{ op: 'gaussian', sigma: 1 }] as never, OPS, undefined, 0);
    expect(n).toBeGreaterThan(1);
    let rejected = false;
    apply.result.catch(() => (rejected = true));
    apply.cancel();
    await new Promise((r) => setTimeout(r, 50));
    expect(rejected).toBe(false);
    release();
    await expect(apply.result).rejects.toBeInstanceOf(JobCancelledError);
    expect(lateSettled).toBe(true);
  });

  it('a job that ignores its cancel is ended after the grace, its worker replaced', async () => {
    const job = pool.run('stubborn', { ms: 20_000 });
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    job.cancel();
    await expect(job.result).rejects.toBeInstanceOf(JobCancelledError);
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(pool.busy).toBe(0);
    expect(await cpuOver(300)).toBeLessThan(60);
    // The pool still works: a new worker takes the next job.
    const next = pool.run<number>('stubborn', { ms: 1 });
    await expect(next.result).resolves.toBeTypeOf('number');
  }, 30_000);
});
