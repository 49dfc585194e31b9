import { afterEach, describe, expect, it, vi } from 'vitest';
import { ResultBuffers } from '../../../main/services/result-buffers.js';

describe('ResultBuffers (the host job pool\'s result buffers)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands a released buffer out again for the same size only, as it is (the jobs write every voxel)', () => {
    const buffers = new ResultBuffers(1 << 20, 60_000);
    const a = buffers.allocate(4096);
    new Uint8Array(a).fill(7);
    buffers.release(a);
    expect(buffers.bytesKept).toBe(4096);
    const other = buffers.allocate(8192);
    expect(other).not.toBe(a);
    const b = buffers.allocate(4096);
    expect(b).toBe(a);
    expect(buffers.bytesKept).toBe(0);
  });

  it('keeps at most maxBytes: a buffer beyond that is dropped at once', () => {
    const dropped: number[] = [];
    const buffers = new ResultBuffers(10_000, 60_000, (n) => dropped.push(n));
    buffers.release(new SharedArrayBuffer(6000));
    buffers.release(new SharedArrayBuffer(6000));
    expect(buffers.bytesKept).toBe(6000);
    expect(dropped).toEqual([6000]);
  });

  it('lets kept buffers go after keepMs unused, so an idle host holds nothing', () => {
    vi.useFakeTimers();
    const dropped: number[] = [];
    const buffers = new ResultBuffers(1 << 20, 5_000, (n) => dropped.push(n));
    const a = new SharedArrayBuffer(1000);
    buffers.release(a);
    vi.advanceTimersByTime(4_000);
    expect(buffers.bytesKept).toBe(1000);
    vi.advanceTimersByTime(1_500);
    expect(buffers.bytesKept).toBe(0);
    expect(dropped).toEqual([1000]);
    expect(buffers.allocate(1000)).not.toBe(a);
  });
});
