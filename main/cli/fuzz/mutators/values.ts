import type { Rng } from '../prng.js';

/** Integers that break size arithmetic: zero, one, sign and width boundaries, powers of two. */
const BOUNDARY = [
  0, 1, 2, 3, 4, 7, 8, 15, 16, 17, 31, 32, 63, 64, 127, 128, 255, 256, 511, 512, 1023, 1024, 4095, 4096,
  32767, 32768, 65535, 65536, 0x7fffff, 0x1000000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
  0x100000000, 2 ** 40, 2 ** 53 - 1, 2 ** 53,
];
const NEGATIVE = [-1, -2, -128, -32768, -0x80000000];
/** Bit patterns of 64-bit fields: sign bit alone, all ones, past 2^53. */
const BIG64 = [2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n, 2n ** 62n, 2n ** 56n];

/**
 * An "interesting" integer to write into a field of `width` bytes that now holds `current`, in a file of
 * `fileSize` bytes: boundaries, negatives, off-by-ones around the current value and the file size,
 * multiples that make a declared size huge.
 */
export function interestingInt(rng: Rng, width: 1 | 2 | 4 | 8, current: number, fileSize: number): number | bigint {
  const max = width === 8 ? 2 ** 53 : 2 ** (8 * width);
  return rng.weighted<() => number | bigint>([
    [5, () => rng.pick(BOUNDARY.filter((v) => v < max))],
    [2, () => rng.pick(NEGATIVE)],
    [width === 8 ? 2 : 0, () => rng.pick(BIG64)],
    [3, () => current + rng.pick([-1, 1, -2, 2])],
    [2, () => current * rng.pick([2, 3, 16, 1000, 65536])],
    [2, () => fileSize + rng.pick([-1, 0, 1, 8, -8])],
    [1, () => Math.floor(fileSize / rng.pick([2, 3, 4]))],
    [1, () => rng.u32() % max],
  ])();
}

/** A float field's troublemakers: NaN, infinities, zeros, denormals, huge and negative values. */
export function interestingFloat(rng: Rng, current: number): number {
  return rng.pick([
    NaN, Infinity, -Infinity, 0, -0, 1, -1, 1e-45, 1e-38, 3.4e38, -3.4e38, 1e20, 2 ** 31, 2 ** 53, 1e308,
    current * -1, current * 1e10, current + 1, current / 3, 0.5, 352, 348, 540, 544,
  ]);
}

/** Text that a number field must survive: signs, exponents, hex, blanks, huge digit runs, junk. */
export function interestingNumberText(rng: Rng, current: string): string {
  const n = Number(current) || 1;
  return rng.pick([
    '0', '-1', '1', '2', '3', '+5', '1e3', '1.5', '0x10', '', ' ', 'abc', 'NaN', 'Infinity', '-0',
    '2147483647', '2147483648', '4294967295', '4294967296', '9007199254740993', '99999999999999999999',
    String(n + 1), String(n - 1), String(n * 2), String(n * 1000), String(n * 65536), `${current}${current}`,
    `${current} 5`, `{${current}}`, '\u0000', '１２',
  ]);
}
