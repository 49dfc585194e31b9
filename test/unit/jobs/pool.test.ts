import { describe, expect, it } from 'vitest';
import { JobPool, type WorkerPort } from '../../../app/jobs/pool.js';
import { JobCancelledError, type FromJobWorker, type ToJobWorker } from '../../../app/jobs/protocol.js';
import { jobWorker, type JobHandler } from '../../../app/jobs/worker-core.js';

/**
 * The job pool's scheduling, with workers in this thread (messages delivered asynchronously, as a real
 * transport does): one job per worker at a time, superseding by key, cancel, progress, input, a dying worker.
 */
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

function inProcess(handlers: Record<string, JobHandler>, log: string[]): () => WorkerPort {
  let n = 0;
  return () => {
    const id = ++n;
    let onMsg: (m: FromJobWorker) => void = () => undefined;
    let onErr: (e: Error) => void = () => undefined;
    const handle = jobWorker(handlers, (m) => setTimeout(() => onMsg(m), 0));
    return {
      post: (m: ToJobWorker) => {
        if (m.type === 'run') log.push(`w${id} runs ${(m.payload as { name: string }).name}`);
        if (m.type === 'run' && (m.payload as { die?: boolean }).die) setTimeout(() => onErr(new Error('boom')), 0);
        else setTimeout(() => handle(m), 0);
      },
      onMessage: (f) => (onMsg = f),
      onError: (f) => (onErr = f),
      terminate: () => undefined,
    };
  };
}

/** A job that counts to `steps`, a tick per step, reporting progress and checking its cancel flag. */
const count: JobHandler = async (payload, ctx) => {
  const { steps, name } = payload as { steps: number; name: string };
  for (let i = 1; i <= steps; i++) {
    await tick();
    ctx.throwIfCancelled();
    ctx.progress(i, steps);
  }
  return `${name} done`;
};

/** A job that sums what it is sent until it is sent null. */
const sum: JobHandler = async (_p, ctx) => {
  let s = 0;
  for (let v = await ctx.nextInput(); v !== null; v = await ctx.nextInput()) s += v as number;
  return s;
};

describe('JobPool', () => {
  it('runs jobs on at most `size` workers, in order, and reports progress', async () => {
    const log: string[] = [];
    const pool = new JobPool(inProcess({ count }, log), 2);
    const progress: number[] = [];
    const jobs = ['a', 'b', 'c'].map((name) => pool.run<string>('count', { steps: 3, name }, { onProgress: (d) => name === 'a' && progress.push(d) }));
    expect(await Promise.all(jobs.map((j) => j.result))).toEqual(['a done', 'b done', 'c done']);
    expect(log).toEqual(['w1 runs a', 'w2 runs b', 'w1 runs c']);
    expect(progress).toEqual([1, 2, 3]);
    expect(pool.busy).toBe(0);
  });

  it('a newer job with the same key supersedes the one waiting or running', async () => {
    const pool = new JobPool(inProcess({ count }, []), 1);
    const running = pool.run<string>('count', { steps: 50, name: 'slice 1' }, { key: 'preview' });
    const waiting = pool.run<string>('count', { steps: 1, name: 'other' });
    const queued = pool.run<string>('count', { steps: 1, name: 'slice 2' }, { key: 'preview' });
    const latest = pool.run<string>('count', { steps: 1, name: 'slice 3' }, { key: 'preview' });
    await expect(running.result).rejects.toBeInstanceOf(JobCancelledError);
    await expect(queued.result).rejects.toThrow('superseded by a newer request');
    expect(await waiting.result).toBe('other done');
    expect(await latest.result).toBe('slice 3 done');
  });

  it('cancel stops a running job at its next check and frees its worker', async () => {
    const log: string[] = [];
    const pool = new JobPool(inProcess({ count }, log), 1);
    const long = pool.run<string>('count', { steps: 1000, name: 'long' });
    const next = pool.run<string>('count', { steps: 1, name: 'next' });
    await tick();
    long.cancel();
    await expect(long.result).rejects.toBeInstanceOf(JobCancelledError);
    expect(await next.result).toBe('next done');
  });

  it('input reaches the job in order, also when sent before a worker took it', async () => {
    const pool = new JobPool(inProcess({ sum, count }, []), 1);
    const first = pool.run<string>('count', { steps: 3, name: 'first' });
    const s = pool.run<number>('sum', { name: 'sum' });
    s.send(1);
    s.send(2);
    await first.result;
    s.send(39);
    s.send(null);
    expect(await s.result).toBe(42);
  });

  it('a worker that dies fails its job with the reason, and the pool goes on with a new worker', async () => {
    const log: string[] = [];
    const pool = new JobPool(inProcess({ count }, log), 1);
    const dead = pool.run<string>('count', { steps: 1, name: 'doomed', die: true });
    const after = pool.run<string>('count', { steps: 1, name: 'after' });
    await expect(dead.result).rejects.toThrow('the worker died: boom');
    expect(await after.result).toBe('after done');
    expect(log).toEqual(['w1 runs doomed', 'w2 runs after']);
  });

  it('an unknown kind of job and a job that throws fail with their message', async () => {
    const pool = new JobPool(inProcess({ bad: () => { throw new Error('bad parameter: sigma'); } }, []), 1);
    await expect(pool.run('nope', {}).result).rejects.toThrow('no such job: nope');
    await expect(pool.run('bad', {}).result).rejects.toThrow('bad parameter: sigma');
  });

  it('a worker posts progress only for a job someone listens to (a batch of small jobs posted messages nobody read)', async () => {
    const posted: FromJobWorker[] = [];
    const handle = jobWorker({ count }, (m) => posted.push(m));
    const run = (job: number, progress: boolean): void =>
      handle({ type: 'run', job, kind: 'count', payload: { steps: 3, name: 'x' }, cancel: new SharedArrayBuffer(4), progress });
    run(1, false);
    run(2, true);
    await new Promise((r) => setTimeout(r, 20));
    expect(posted.filter((m) => m.type === 'progress').map((m) => m.job)).toEqual([2, 2, 2]);
    expect(posted.filter((m) => m.type === 'result').map((m) => m.job).sort()).toEqual([1, 2]);
  });
});
