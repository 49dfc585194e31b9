import { intBytes, splice, truncate, type Op } from '../ops.js';
import type { Rng } from '../prng.js';
import { interestingInt } from './values.js';

/**
 * Format-blind edits of one file: bit flips, interesting values at any offset, truncation, ranges
 * deleted, duplicated, zeroed or filled. `hot` offsets (structure boundaries a format mutator found)
 * are preferred over uniformly random ones when given.
 */
export function genericOps(rng: Rng, f: string, b: Uint8Array, hot: readonly number[] = []): Op[] {
  const n = b.length;
  const where = (): number => (hot.length && rng.chance(0.5) ? Math.min(n, rng.pick(hot)) : rng.int(n + 1));
  if (n === 0) return [splice(f, 0, 0, rng.bytes(rng.range(1, 64)), 'empty file: random bytes written')];
  return [
    rng.weighted<() => Op>([
      [4, () => {
        const at = rng.int(n);
        const bits = rng.range(1, 8);
        let v = b[at];
        for (let i = 0; i < bits; i++) v ^= 1 << rng.int(8);
        return splice(f, at, 1, [v], `${f}: bit flips at byte ${at}`);
      }],
      [3, () => {
        const width = rng.pick([1, 2, 4, 8] as const);
        const at = Math.min(where(), Math.max(0, n - width));
        const le = rng.chance(0.5);
        const v = interestingInt(rng, width, 0, n);
        return splice(f, at, width, intBytes(v, width, le), `${f}: ${width}-byte ${le ? 'LE' : 'BE'} ${v} at ${at}`);
      }],
      [3, () => {
        const at = where();
        return truncate(f, at, `${f}: truncated at ${at} of ${n}`);
      }],
      [1, () => {
        const at = rng.int(n);
        const len = rng.range(1, Math.min(n - at, 1 << rng.range(0, 12)));
        return splice(f, at, len, [], `${f}: ${len} bytes deleted at ${at}`);
      }],
      [1, () => {
        const at = rng.int(n);
        const len = rng.range(1, Math.min(n - at, 1 << rng.range(0, 12)));
        return splice(f, where(), 0, b.subarray(at, at + len), `${f}: ${len} bytes from ${at} duplicated`);
      }],
      [1, () => {
        const at = rng.int(n);
        const len = rng.range(1, Math.min(n - at, 1 << rng.range(0, 10)));
        const v = rng.pick([0, 0xff, 0x7f, 0x80]);
        return splice(f, at, len, new Uint8Array(len).fill(v), `${f}: ${len} bytes set to ${v} at ${at}`);
      }],
      [1, () => {
        const at = where();
        const len = rng.range(1, 32);
        return splice(f, at, 0, rng.bytes(len), `${f}: ${len} random bytes inserted at ${at}`);
      }],
    ])(),
  ];
}
