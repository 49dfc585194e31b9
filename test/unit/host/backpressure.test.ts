import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { drainedOrClosed } from '../../../main/serve/backpressure.js';

describe('waiting out backpressure', () => {
  it('leaves no listener behind however often the stream backs up (no MaxListenersExceededWarning)', async () => {
    const slow = new Writable({ highWaterMark: 4, write: (_c, _e, next) => setTimeout(next, 1) });
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on('warning', onWarning);
    const before = slow.listenerCount('close');
    try {
      for (let i = 0; i < 30; i++) if (!slow.write(Buffer.alloc(16))) await drainedOrClosed(slow);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(slow.listenerCount('close')).toBe(before);
    expect(slow.listenerCount('drain')).toBe(0);
    expect(warnings).toEqual([]);
  });

  it('resolves when the stream closes instead of draining (a client that went away)', async () => {
    const stuck = new Writable({ highWaterMark: 1, write: () => undefined });
    stuck.write(Buffer.alloc(8));
    const waiting = drainedOrClosed(stuck);
    stuck.destroy();
    await expect(waiting).resolves.toBeUndefined();
  });
});
