/**
 * scipy.ndimage's boundary modes for filters, as index maps: where sample i of an axis of length n comes
 * from when i lies outside 0..n-1. The same periodic extensions as scipy's NI_ExtendLine at any distance
 * (a window larger than the axis keeps reflecting or wrapping).
 *
 *   reflect   half-sample symmetric  d c b a | a b c d | d c b a   (numpy 'symmetric')
 *   mirror    whole-sample symmetric   d c b | a b c d | c b a     (numpy 'reflect'; n = 1 repeats)
 *   nearest   edge value             a a a a | a b c d | d d d d
 *   constant  cval                   k k k k | a b c d | k k k k
 *   wrap      periodic               a b c d | a b c d | a b c d   (scipy >= 1.6 grid-wrap)
 */
export const MODES = ['reflect', 'mirror', 'nearest', 'constant', 'wrap'] as const;
export type Mode = (typeof MODES)[number];

/** The in-range index sample i comes from, or -1 where it is cval (constant mode). */
export function mapIndex(i: number, n: number, mode: Mode): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'constant':
      return -1;
    case 'nearest':
      return i < 0 ? 0 : n - 1;
    case 'wrap':
      return ((i % n) + n) % n;
    case 'reflect': {
      const m = ((i % (2 * n)) + 2 * n) % (2 * n);
      return m < n ? m : 2 * n - 1 - m;
    }
    case 'mirror': {
      if (n === 1) return 0;
      const p = 2 * n - 2;
      const m = ((i % p) + p) % p;
      return m < n ? m : p - m;
    }
  }
}

/** A window's offsets from the output sample: lo..hi, lo <= 0 <= hi. */
export interface Window { lo: number; hi: number }

/**
 * scipy's window of `size` samples: [i - size//2, i + size - size//2 - 1] (an even size reaches one
 * further back than forward).
 */
export function boxWindow(size: number): Window {
  return { lo: -Math.floor(size / 2), hi: size - Math.floor(size / 2) - 1 };
}

/** The same window mirrored, as scipy's grey_dilation uses it for an even size. */
export function mirrored(w: Window): Window {
  return { lo: -w.hi, hi: -w.lo };
}

export const windowSize = (w: Window): number => w.hi - w.lo + 1;
