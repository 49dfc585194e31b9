import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { float32AtMost } from '../../../app/filters/threshold/kernel-passes.js';
import { histogram, valueRange } from '../../../app/filters/threshold/histogram.js';
import { thresholdMask, thresholdValue, THRESHOLD_METHODS } from '../../../app/filters/threshold/threshold.js';
import type { VolumeView } from '../../../app/filters/types.js';
import { HAVE_WASM, withBackend } from '../filters/backends.js';
import { EXPECTED, makeImage } from './fixtures.js';

/**
 * The threshold's float32 passes on the WebAssembly kernels (min/max keys, the wide-bin histogram, the
 * mask) give what the TypeScript loops give, which threshold.test.ts checks against scikit-image: on the
 * skimage fixtures and on images that cross the kernels' 1M-voxel blocks, have lengths that are not a
 * multiple of the vector width, negative values, signed zeros, subnormals and thresholds that are not
 * float32 numbers.
 */
function f32Image(n: number, f: (i: number) => number): VolumeView {
  const data = Float32Array.from({ length: n }, (_, i) => f(i));
  return { data, dtype: 'float32', dims: { x: n, y: 1, z: 1 } };
}

/** The float32 next to v, above (dir 1) or below (-1). */
function nextFloat32(v: number, dir: 1 | -1): number {
  const f = new Float32Array([v]);
  const u = new Int32Array(f.buffer);
  u[0] += (v > 0 ? 1 : v < 0 ? -1 : dir) * dir;
  return f[0];
}

const digest = (a: Uint8Array): string => createHash('sha256').update(a).digest('hex');

let seed = 12345;
const rnd = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
const IMAGES: [string, VolumeView][] = [
  ['blobs crossing two blocks, odd length', f32Image((1 << 20) * 2 + 13, () => 100 + rnd() * 400 + (rnd() < 0.05 ? 1500 : 0))],
  ['negative and positive, signed zeros', f32Image(1003, (i) => (i % 7 === 0 ? (i % 2 ? -0 : 0) : (rnd() - 0.6) * 1e3))],
  ['subnormals and tiny values', f32Image(517, (i) => (i % 3 ? 2 ** -140 * rnd() : rnd() * 1e-30))],
  ['one value', f32Image(61, () => 3.25)],
  ['two values', f32Image(300, (i) => (i % 5 ? 1 : 1e6))],
  // Every voxel on a bin edge or one float32 beside it (where the histogram's corrections move voxels,
  // and the kernel's quick count of four voxels must not be taken), and a range far from zero.
  ['on and beside every bin edge', f32Image(257 * 3 * 4 + 3, (i) => {
    const edge = Math.fround(((i >> 2) % 257) * (1000 / 256) - 300);
    return [edge, nextFloat32(edge, -1), nextFloat32(edge, 1), edge][i % 4];
  })],
  ['a narrow range far from zero, a value per bin', f32Image(4099, (i) => 1e6 + (i % 257) * 0.0625)],
  ...EXPECTED.thresholds.filter((t) => t.dtype === 'float32').map((t) => [`skimage fixture ${t.name}`, makeImage(t)] as [string, VolumeView]),
];

describe.skipIf(!HAVE_WASM)('threshold passes: WebAssembly = TypeScript', () => {
  for (const [name, view] of IMAGES) {
    it(name, () => {
      const a = view.data as Float32Array;
      const run = (): unknown => {
        const range = valueRange(a);
        const h = histogram(a, 'float32', range, 'test');
        const values = THRESHOLD_METHODS.map((m) => {
          try {
            return thresholdValue(view, m);
          } catch (e) {
            return (e as Error).message;
          }
        });
        const otsu = typeof values[0] === 'number' ? values[0] : range.min;
        const mask = new Uint8Array(a.length);
        thresholdMask(view, otsu, mask);
        // A threshold between two float32s, and one on a voxel's own value.
        const between = new Uint8Array(a.length);
        thresholdMask(view, a[a.length >> 1] + 1e-12, between);
        const onValue = new Uint8Array(a.length);
        thresholdMask(view, a[7], onValue);
        // Masks as digests: a deep comparison of millions of elements is what would take the time.
        return { range, counts: Array.from(h.counts), centers: Array.from(h.centers), values, mask: digest(mask), between: digest(between), onValue: digest(onValue), foreground: mask.reduce((n, v) => n + v, 0) };
      };
      const ts = withBackend('ts', run);
      const wasm = withBackend('wasm', run);
      expect(wasm).toEqual(ts);
    });
  }

  it('masks a slab of planes only', () => {
    const view: VolumeView = { data: Float32Array.from({ length: 4 * 5 * 6 }, (_, i) => i), dtype: 'float32', dims: { x: 4, y: 5, z: 6 } };
    const run = (): Uint8Array => {
      const out = new Uint8Array(120).fill(7);
      thresholdMask(view, 50.5, out, [2, 4]);
      return out;
    };
    const ts = withBackend('ts', run);
    expect(withBackend('wasm', run)).toEqual(ts);
    expect(ts[39]).toBe(7);
    expect(ts[80]).toBe(7);
    expect(ts[50]).toBe(0);
    expect(ts[51]).toBe(1);
  });
});

describe('float32AtMost', () => {
  it('is the largest float32 not above x', () => {
    for (const x of [0.1, -0.1, 1 / 3, -1 / 3, 1e-46, -1e-46, 3.4e38, 1e39, -1e39, 0, -0, 1, 2 ** -149, 16777217]) {
      const f = float32AtMost(x);
      expect(Math.fround(f)).toBe(f);
      expect(f).toBeLessThanOrEqual(x);
      // The next float32 up is above x.
      const bits = new Int32Array(Float32Array.of(f).buffer)[0];
      const up = Object.is(f, -0) || f === 0 ? 2 ** -149 : new Float32Array(Int32Array.of(f > 0 ? bits + 1 : bits - 1).buffer)[0];
      expect(up, String(x)).toBeGreaterThan(x);
    }
  });
});
