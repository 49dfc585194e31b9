import type { Numbers } from '../real-values.js';

/*
 * Finding runs of foreground along a row: the inner loop of labeling. A uint8 mask (what threshold
 * makes) is read four voxels at a time where it is aligned, so the background, most of a typical
 * mask, costs a quarter of the reads; any other input is read voxel by voxel. Foreground is any
 * nonzero value (NaN too), as scipy.
 */
export interface RunScan {
  /** The first foreground index in [i, end), or end. */
  nextForeground(i: number, end: number): number;
  /** The first background index in [i, end), or end. */
  nextBackground(i: number, end: number): number;
}

const ONES = 0x01010101;
const HIGH = 0x80808080;

export function runScan(a: Numbers): RunScan {
  if (a instanceof Uint8Array && a.byteOffset % 4 === 0) return maskScan(a);
  return {
    nextForeground(i, end) {
      while (i < end && a[i] === 0) i++;
      return i;
    },
    nextBackground(i, end) {
      while (i < end && a[i] !== 0) i++;
      return i;
    },
  };
}

function maskScan(a: Uint8Array): RunScan {
  const w = new Uint32Array(a.buffer, a.byteOffset, a.length >> 2);
  return {
    nextForeground(i, end) {
      while (i < end && (i & 3) !== 0 && a[i] === 0) i++;
      while (i + 4 <= end && w[i >> 2] === 0) i += 4;
      while (i < end && a[i] === 0) i++;
      return i;
    },
    nextBackground(i, end) {
      while (i < end && (i & 3) !== 0 && a[i] !== 0) i++;
      // A word with no zero byte (the classic has-zero-byte test is false).
      for (let v; i + 4 <= end && (((v = w[i >> 2]) - ONES) & ~v & HIGH) === 0; ) i += 4;
      while (i < end && a[i] !== 0) i++;
      return i;
    },
  };
}
