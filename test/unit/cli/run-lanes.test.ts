import { describe, expect, it } from 'vitest';
import type { ItemContext, ItemResult } from '../../../main/cli/run/item.js';
import type { LogItem } from '../../../main/cli/run/log.js';
import type { PlannedItem } from '../../../main/cli/run/outputs.js';
import { SMALL_VOLUME } from '../../../app/jobs/apply.js';
import { inputsInFlight, runLocal } from '../../../main/cli/run/scheduler.js';

/**
 * runLocal's lanes: how many inputs are in flight, in a fixed or a changing concurrency (a Dask cluster
 * that grows or shrinks), every input run once and logged in input order.
 */
const plans = (n: number): PlannedItem[] => Array.from({ length: n }, (_, i) => ({ input: `in${i}`, output: null, error: null }));
const ctx = { overwrite: false } as ItemContext;
const ITEM: LogItem = { input: 'x', status: 'ok', output: null, error: null, input_sha256: null, output_sha256: null, seconds: null };

/** A runItem whose items finish when the test says so; it records how many were in flight at most. */
function controlled(voxels?: (input: string) => number) {
  const waiting: { plan: PlannedItem; finish: () => void }[] = [];
  const started: string[] = [];
  let inFlight = 0;
  let max = 0;
  const runItem = (plan: PlannedItem): Promise<ItemResult> =>
    new Promise((resolve) => {
      started.push(plan.input);
      max = Math.max(max, ++inFlight);
      const item: LogItem = { input: plan.input, status: 'ok', output: null, error: null, input_sha256: null, output_sha256: null, seconds: null, voxels: voxels?.(plan.input) };
      waiting.push({ plan, finish: () => (inFlight--, resolve({ item, temp: null })) });
    });
  const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
  /** Finishes the oldest `k` items in flight and lets the lanes move on. */
  const finish = async (k = 1): Promise<void> => {
    for (const w of waiting.splice(0, k)) w.finish();
    await settle();
  };
  return { runItem, finish, settle, started, waiting, inFlight: () => inFlight, max: () => max, resetMax: () => (max = inFlight) };
}

describe('runLocal lanes', () => {
  it('keep a fixed concurrency in flight and log every input once, in input order', async () => {
    const c = controlled();
    const recorded: string[] = [];
    const run = runLocal(plans(10), ctx, { concurrency: 3, runItem: c.runItem, record: (i) => recorded.push(i.input) });
    await c.settle();
    expect(c.inFlight()).toBe(3);
    while (c.waiting.length) await c.finish();
    const items = await run;
    expect(c.max()).toBe(3);
    expect(items.map((i) => i.input)).toEqual(plans(10).map((p) => p.input));
    expect([...recorded].sort()).toEqual(plans(10).map((p) => p.input).sort());
    expect(c.started).toEqual(plans(10).map((p) => p.input)); // started in input order
  });

  it('follow a concurrency that grows (at once, through onGrow) and shrinks (as items finish)', async () => {
    const c = controlled();
    let want = 1;
    let grow = (): void => undefined;
    const run = runLocal(plans(30), ctx, { concurrency: () => want, onGrow: (g) => (grow = g), runItem: c.runItem, record: () => undefined });
    await c.settle();
    expect(c.inFlight()).toBe(1);
    want = 4; // workers joined: new lanes open without waiting for an item to finish
    grow();
    await c.settle();
    expect(c.inFlight()).toBe(4);
    await c.finish(2);
    expect(c.inFlight()).toBe(4); // each finished item's lane takes the next input
    want = 2; // a worker left: lanes end after their item, down to 2
    c.resetMax();
    await c.finish(1);
    expect(c.inFlight()).toBe(3);
    await c.finish(1);
    expect(c.inFlight()).toBe(2);
    await c.finish(1);
    expect(c.inFlight()).toBe(2);
    expect(c.max()).toBe(4); // never above what was in flight when it shrank
    want = 6; // grows again, picked up at the next finished item even without onGrow
    await c.finish(1);
    expect(c.inFlight()).toBe(6);
    while (c.waiting.length) await c.finish();
    const items = await run;
    expect(items.map((i) => i.input)).toEqual(plans(30).map((p) => p.input));
    expect(new Set(c.started).size).toBe(30);
    expect(c.started).toHaveLength(30);
  });

  it('keep one input more in flight than the workers, and at least three once the inputs are small', async () => {
    // in0..in3 are large, the rest small (one job each): the extra lane opens after the first small one.
    const c = controlled((input) => (Number(input.slice(2)) < 4 ? 2 * SMALL_VOLUME : SMALL_VOLUME));
    const run = runLocal(plans(20), ctx, { concurrency: inputsInFlight(1), runItem: c.runItem, record: () => undefined });
    await c.settle();
    expect(c.inFlight()).toBe(2); // nothing finished yet: --jobs + 1
    for (let k = 0; k < 4; k++) {
      await c.finish(1); // in0..in3, large
      expect(c.inFlight()).toBe(2);
    }
    await c.finish(1); // in4, small
    expect(c.inFlight()).toBe(3);
    while (c.waiting.length) await c.finish();
    expect((await run).map((i) => i.input)).toEqual(plans(20).map((p) => p.input));
    expect(c.max()).toBe(3);
    expect(inputsInFlight(2)({ ...ITEM, voxels: SMALL_VOLUME })).toBe(3);
    expect(inputsInFlight(4)({ ...ITEM, voxels: SMALL_VOLUME })).toBe(5);
    expect(inputsInFlight(4)({ ...ITEM, voxels: SMALL_VOLUME + 1 })).toBe(5);
    expect(inputsInFlight(1)({ ...ITEM, voxels: SMALL_VOLUME + 1 })).toBe(2);
  });

  it('with no inputs, resolves at once', async () => {
    expect(await runLocal([], ctx, { concurrency: () => 4, runItem: () => Promise.reject(new Error('not called')), record: () => undefined })).toEqual([]);
  });
});
