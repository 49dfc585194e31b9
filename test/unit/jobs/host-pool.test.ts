import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelStatistics } from '../../../app/lut/channel-statistics.js';
import { computeHistogram } from '../../../app/lut/histogram.js';
import type { JobPool } from '../../../app/jobs/pool.js';
import { valueMapping } from '../../../app/model/calibration.js';
import { hostJobPool } from '../../../main/services/job-pool.js';
import { REPO } from '../paths.js';
import { tempDir } from '../host/host-kit.js';

/** The host's job pool with real worker threads, on a volume in shared memory (no copy). */
let dir = '';
let pool: JobPool;
beforeAll(async () => {
  dir = tempDir('vs-jobs-');
  await build({
    entryPoints: [join(REPO, 'main/services/job-worker.ts')], bundle: true, platform: 'node', format: 'esm',
    outfile: join(dir, 'job-worker.mjs'), logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  pool = hostJobPool(pathToFileURL(join(dir, 'job-worker.mjs')), 2);
});
afterAll(() => {
  pool?.terminate();
  rmSync(dir, { recursive: true, force: true });
});

describe('the host job pool', () => {
  it('runs a statistics job on worker threads over shared memory, fed as planes arrive', async () => {
    const dims = { x: 64, y: 32, z: 8, c: 1, t: 1 };
    const sab = new SharedArrayBuffer(dims.x * dims.y * dims.z * 2);
    const v = new Uint16Array(sab);
    for (let i = 0; i < v.length; i++) v[i] = (i * 37) % 1000;
    const job = pool.run<ChannelStatistics[]>('channel-stats', { sab, dims, dtype: 'uint16', values: valueMapping(null), bins: 64 });
    for (let z = 0; z < dims.z; z++) job.send({ arrived: [z, 1] });
    job.send({ finish: true });
    const [s] = await job.result;
    expect([s.min, s.max]).toEqual([0, 999]);
    expect([...s.histogram.counts]).toEqual([...computeHistogram(v, v.length, 64, [0, 999], true).counts]);
  });

  it('cancels a job waiting for input, and runs the next', async () => {
    const dims = { x: 2, y: 2, z: 1, c: 1, t: 1 };
    const sab = new SharedArrayBuffer(8);
    const waiting = pool.run('channel-stats', { sab, dims, dtype: 'uint16', values: valueMapping(null), bins: 4 });
    await new Promise((r) => setTimeout(r, 50)); // the job runs, waiting for input
    waiting.cancel();
    await expect(waiting.result).rejects.toThrow('cancelled');
    const next = pool.run<ChannelStatistics[]>('channel-stats', { sab, dims, dtype: 'uint16', values: valueMapping(null), bins: 4 });
    next.send({ finish: true });
    expect((await next.result)[0].max).toBe(0);
  });
});
