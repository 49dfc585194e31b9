import { type DisplayMapping, valueToIndex } from './value-to-unit.js';

/**
 * Gamma and log make valueToUnit cost a pow or log10 per voxel, too slow for a 512x512 plane on every
 * slider move. But the table index is a monotone step function of the value, and the voxels are float32,
 * so we find, once per mapping, the smallest float32 at which each of the 255 steps happens (a bisection
 * over float32 bit patterns against valueToIndex itself), and per voxel only compare integers. The result
 * is exactly valueToIndex for every float32 input, not an approximation.
 *
 * Everything works on "keys": a float32's bit pattern turned into an int32 that orders like the values
 * (negative patterns get their low 31 bits flipped; -0 sits just below +0, which is harmless because both
 * map alike). To find a voxel's step without a 256-way search, the keys between the first and last step
 * are cut into at most 65536 buckets of 2^shift keys, each knowing the index at its first key; a voxel
 * starts there and moves up past any step inside its bucket, which fine buckets make rare (a predictable
 * branch). Bit patterns are logarithmic in value, which suits log windows and spreads a gamma window's
 * crowded low end over many buckets.
 */
export interface IndexSteps {
  /** startKeys[k]: key of the smallest float32 whose un-inverted index is >= k; [0] and [256] are sentinels. */
  startKeys: Int32Array;
  /** Bucket of key: (key - keyLo) >>> shift, clamped to 0..lastBucket. */
  keyLo: number;
  span: number;
  shift: number;
  lastBucket: number;
  /** Index of the first key of each bucket. */
  first: Uint8Array;
}

const MAX_BUCKETS = 65536;
const CACHE_SIZE = 8;

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** Ordered key of a float32 given its bits as an int32. */
export function keyOfBits(bits: number): number {
  return bits ^ ((bits >> 31) & 0x7fffffff);
}
function keyOfFloat(v: number): number {
  f32[0] = v;
  return keyOfBits(i32[0]);
}
function floatOfKey(key: number): number {
  i32[0] = key ^ ((key >> 31) & 0x7fffffff); // the flip is its own inverse
  return f32[0];
}
/** Key of the largest float32 <= v, or of the smallest float32 >= v when `up`. */
function keyAround(v: number, up: boolean): number {
  const f = Math.fround(v);
  const k = keyOfFloat(f);
  if (up) return f < v ? k + 1 : k;
  return f > v ? k - 1 : k;
}

// Several channels, each with its own mapping, are drawn per frame: keep a few recent ones.
const cache = new Map<string, IndexSteps>();

/** The steps of a mapping with a real ramp (not a step window: max > min, and max > 0 for log), cached. */
export function indexSteps(m: DisplayMapping): IndexSteps {
  const id = `${m.min},${m.max},${m.gamma},${m.log},${m.invert}`;
  const hit = cache.get(id);
  if (hit) {
    cache.delete(id);
    cache.set(id, hit);
    return hit;
  }
  const steps = buildSteps(m);
  cache.set(id, steps);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return steps;
}

function buildSteps(m: DisplayMapping): IndexSteps {
  // The index with invert undone, so that it rises with the value.
  const rising = (v: number): number => (m.invert ? 255 - valueToIndex(v, m) : valueToIndex(v, m));
  const startKeys = new Int32Array(257);
  startKeys[0] = -0x80000000; // below every key
  startKeys[256] = 0x7fffffff; // above every non-NaN key
  // valueToUnit clamps: everything at or below min is index 0 and everything at or above max is 255.
  const fill = (loKey: number, hiKey: number, loIdx: number, hiIdx: number): void => {
    if (loIdx >= hiIdx) return;
    if (hiKey - loKey <= 1) {
      for (let k = loIdx + 1; k <= hiIdx; k++) startKeys[k] = hiKey;
      return;
    }
    const midKey = Math.floor((loKey + hiKey) / 2);
    // Clamping keeps the recursion consistent should the maths ever be non-monotone by an ulp.
    const mid = Math.min(hiIdx, Math.max(loIdx, rising(floatOfKey(midKey))));
    fill(loKey, midKey, loIdx, mid);
    fill(midKey, hiKey, mid, hiIdx);
  };
  fill(keyAround(m.min, false), keyAround(m.max, true), 0, 255);

  // keyLo is the last key of index 0, so keys clamped into bucket 0 from below are right too.
  const keyLo = startKeys[1] - 1;
  const span = startKeys[255] - keyLo;
  let shift = 0;
  while (Math.floor(span / 2 ** shift) + 1 > MAX_BUCKETS) shift++;
  const lastBucket = Math.floor(span / 2 ** shift);
  const first = new Uint8Array(lastBucket + 1);
  // One sweep: bucket starts rise, and so does their index.
  const width = 2 ** shift;
  for (let b = 0, k = 0; b <= lastBucket; b++) {
    const key = keyLo + b * width;
    while (startKeys[k + 1] <= key) k++;
    first[b] = k;
  }
  return { startKeys, keyLo, span, shift, lastBucket, first };
}

/** Un-inverted index (0..255) of a non-NaN float32 whose raw bits, read as int32, are `bits`. */
export function stepIndex(s: IndexSteps, bits: number): number {
  const key = bits ^ ((bits >> 31) & 0x7fffffff);
  const d = key - s.keyLo;
  const b = d < 0 ? 0 : d > s.span ? s.lastBucket : d >>> s.shift;
  let k = s.first[b];
  // startKeys[256] is above every non-NaN key, so this stops by 255 at the latest.
  while (key >= s.startKeys[k + 1]) k++;
  return k;
}
