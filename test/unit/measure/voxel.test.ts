import { describe, expect, it } from 'vitest';
import { int64Words, magnitude, valueAt, voxelIndex } from '../../../app/measure/voxel.js';

describe('voxel access helpers', () => {
  it('int64Words gives exactly Number() of each 64-bit value, rounding ties included', () => {
    let s = 12345n;
    const next = () => (s = (s * 6364136223846793005n + 1442695040888963407n) & (2n ** 64n - 1n));
    const u = [0n, 1n, 2n ** 53n + 1n, 2n ** 53n + 3n, 2n ** 64n - 1n, 2n ** 63n, ...Array.from({ length: 200 }, next)];
    const a = new BigUint64Array(u);
    const w = int64Words(a)!;
    u.forEach((v, i) => expect(w.hi[2 * i + 1] * 4294967296 + w.lo[2 * i]).toBe(Number(v)));
    const signed = new BigInt64Array(a.buffer);
    const ws = int64Words(signed)!;
    signed.forEach((v, i) => expect(ws.hi[2 * i + 1] * 4294967296 + ws.lo[2 * i]).toBe(Number(v)));
  });

  it('int64Words respects the array offset into its buffer', () => {
    const buf = new BigInt64Array([5n, -6n, 7n]);
    const view = new BigInt64Array(buf.buffer, 8, 2);
    const w = int64Words(view)!;
    expect([w.hi[1] * 4294967296 + w.lo[0], w.hi[3] * 4294967296 + w.lo[2]]).toEqual([-6, 7]);
  });

  it('voxelIndex is canonical order; valueAt reads complex by magnitude', () => {
    const d = { x: 5, y: 4, z: 3, c: 2, t: 2 };
    expect(voxelIndex(d, 1, 2, 1, 1, 1)).toBe(1 + 5 * (2 + 4 * (1 + 3 * (1 + 2 * 1))));
    expect(valueAt(new Float32Array([0, 0, 3, -4]), 'complex64', 1)).toBe(5);
    expect(valueAt(new BigInt64Array([0n, -9n]), 'int64', 1)).toBe(-9);
    expect(magnitude(3e200, 4e200)).toBeCloseTo(5e200, -190); // past the plain formula's overflow
  });
});
