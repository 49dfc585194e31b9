import { describe, expect, it } from 'vitest';
import { gather, swapInPlace } from '../../../app/formats/envi/bytes.js';

describe('ENVI byte loops', () => {
  const src = new Uint8Array(200).map((_, i) => (i * 7 + 3) & 0xff);
  for (const size of [1, 2, 4, 8, 16]) {
    for (const shift of [0, 1, 3]) {
      it(`gathers ${size}-byte voxels, source shifted by ${shift}`, () => {
        const s = src.subarray(shift);
        const stride = size * 3;
        const count = 5;
        const want = new Uint8Array(count * size);
        for (let i = 0; i < count; i++) want.set(s.subarray(size + i * stride, size + i * stride + size), i * size);
        const dest = new Uint8Array(count * size + 8);
        gather(s, size, stride, count, size, dest, 8);
        expect(dest.subarray(8)).toEqual(want);
      });
    }
  }
  it('swaps 2, 4 and 8 byte elements', () => {
    const b = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    swapInPlace(b, 2); expect([...b]).toEqual([2, 1, 4, 3, 6, 5, 8, 7]);
    swapInPlace(b, 2); swapInPlace(b, 4); expect([...b]).toEqual([4, 3, 2, 1, 8, 7, 6, 5]);
    swapInPlace(b, 4); swapInPlace(b, 8); expect([...b]).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
  });
});
