import { activeBackend, currentEngine } from '../kernels/engine.js';

/*
 * The three passes of a histogram threshold over a float32 image on the WebAssembly kernels
 * (native/filters/filters.c: range_key_f32, hist_f32, above_f32), block by block through the kernels'
 * heap, so the memory taken stays a few MB whatever the volume. Under the TypeScript backend these
 * return false and the callers run their own loops in place, without the copies (those loops are also
 * the TypeScript twins of the kernels, so both backends give the same bytes).
 */

/** Voxels copied into the heap at a time. */
const BLOCK = 1 << 20;

const wasmOn = (): boolean => activeBackend() === 'wasm';

/** f(s, n) for the blocks [s, s + n) of [start, end). */
function inBlocks(start: number, end: number, f: (s: number, n: number) => void): void {
  for (let s = start; s < end; s += BLOCK) f(s, Math.min(BLOCK, end - s));
}

/** Folds the order keys' min and max of every float32 bit pattern into keys; false under TypeScript. */
export function rangeKeysByKernel(bits: Int32Array, keys: Int32Array): boolean {
  if (!wasmOn()) return false;
  const e = currentEngine();
  const data = e.base;
  const k = data + 4 * BLOCK;
  const heap = e.reserve(k + 8);
  const h = new Int32Array(heap);
  h.set(keys, k >> 2);
  inBlocks(0, bits.length, (s, n) => {
    h.set(bits.subarray(s, s + n), data >> 2);
    e.kernels.range_key_f32(data, n, k);
  });
  keys.set(h.subarray(k >> 2, (k >> 2) + 2));
  return true;
}

/** Adds the voxels of a to counts4 (countBins' four lanes of bins, edges one more than the bins), as countBins does; false under TypeScript. */
export function histogramByKernel(a: Float32Array, first: number, norm: number, edges: Float64Array, counts4: Float64Array): boolean {
  if (!wasmOn()) return false;
  const e = currentEngine();
  const data = e.base;
  const ed = data + 4 * BLOCK;
  const co = ed + 8 * edges.length;
  const heap = e.reserve(co + 8 * counts4.length);
  const f64 = new Float64Array(heap);
  const f32 = new Float32Array(heap);
  f64.set(edges, ed >> 3);
  f64.set(counts4, co >> 3);
  inBlocks(0, a.length, (s, n) => {
    f32.set(a.subarray(s, s + n), data >> 2);
    e.kernels.hist_f32(data, n, first, norm, ed, co);
  });
  counts4.set(f64.subarray(co >> 3, (co >> 3) + counts4.length));
  return true;
}

/** out[i] = +(a[i] > threshold) for start <= i < end; false under TypeScript. */
export function maskByKernel(a: Float32Array, threshold: number, out: Uint8Array, start: number, end: number): boolean {
  if (!wasmOn()) return false;
  const e = currentEngine();
  const data = e.base;
  const dst = data + 4 * BLOCK;
  const heap = e.reserve(dst + BLOCK);
  const f32 = new Float32Array(heap);
  const u8 = new Uint8Array(heap);
  // The kernel compares in float32: the largest float32 not above the threshold has the same float32s above it.
  const t = float32AtMost(threshold);
  inBlocks(start, end, (s, n) => {
    f32.set(a.subarray(s, s + n), data >> 2);
    e.kernels.above_f32(data, n, t, dst);
    out.set(u8.subarray(dst, dst + n), s);
  });
  return true;
}

/** The largest float32 <= x (x not NaN): no float32 lies between it and x, so v > it exactly when v > x. */
export function float32AtMost(x: number): number {
  const f = Math.fround(x);
  if (f <= x) return f;
  // One float32 step down from f (f > x, so f is not -Infinity).
  if (f === 0) return -(2 ** -149);
  const bits = new Int32Array(Float32Array.of(f).buffer)[0];
  return new Float32Array(Int32Array.of(f > 0 ? bits - 1 : bits + 1).buffer)[0];
}
