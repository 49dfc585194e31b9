import { afterEach, describe, expect, it, vi } from 'vitest';
import { BufferPool } from '../../../main/services/buffer-pool.js';

describe('BufferPool', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands a released buffer to the next volume that fits, and says it was used before', () => {
    const pool = new BufferPool(1, 60_000, 1.25);
    const a = pool.take(1000);
    expect(a.recycled).toBe(false);
    pool.give(a.sab);
    const b = pool.take(900);
    expect(b.sab).toBe(a.sab);
    expect(b.recycled).toBe(true);
    expect(pool.bytesKept).toBe(0);
    pool.drain();
  });

  it('does not reuse a buffer that is too small or much too large, and drops it before allocating', () => {
    const dropped: number[] = [];
    const pool = new BufferPool(1, 60_000, 1.25, () => dropped.push(1));
    const a = pool.take(1000);
    pool.give(a.sab);
    const small = pool.take(2000);
    expect(small.sab).not.toBe(a.sab);
    expect(dropped).toHaveLength(1); // the 1000-byte buffer was let go first
    pool.give(small.sab);
    expect(pool.take(1000).sab).not.toBe(small.sab); // 2x larger than needed: not kept for this
    pool.drain();
  });

  it('keeps at most maxBuffers, and gives every buffer up after keepMs', () => {
    vi.useFakeTimers();
    let dropped = 0;
    const pool = new BufferPool(1, 30_000, 1.25, () => dropped++);
    pool.give(new SharedArrayBuffer(10));
    pool.give(new SharedArrayBuffer(20));
    expect(pool.bytesKept).toBe(20);
    expect(dropped).toBe(1);
    vi.advanceTimersByTime(30_001);
    expect(pool.bytesKept).toBe(0);
    expect(dropped).toBe(2);
  });

  it('with no room keeps nothing', () => {
    let dropped = 0;
    const pool = new BufferPool(0, 30_000, 1.25, () => dropped++);
    pool.give(new SharedArrayBuffer(10));
    expect(pool.bytesKept).toBe(0);
    expect(dropped).toBe(1);
  });
});
