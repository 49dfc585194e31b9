import { describe, expect, it } from 'vitest';
import { thresholdPlan } from '../../../app/filters/threshold/threshold-slabs.js';
import { thresholdMask, thresholdValue, THRESHOLD_METHODS, type ThresholdMethod } from '../../../app/filters/threshold/threshold.js';
import type { VolumeView } from '../../../app/filters/types.js';
import { HAVE_WASM, withBackend } from '../filters/backends.js';
import { EXPECTED, makeImage, sha256 } from './fixtures.js';
import { evenSlabs, runInSlabs } from './split-kit.js';

/**
 * A histogram threshold in slabs (threshold-slabs.ts) gives thresholdMask(thresholdValue(...)) exactly
 * (threshold.test.ts checks that against scikit-image), whatever the slabs, on both kernel backends:
 * or the same error.
 */
const SPLIT_METHODS = THRESHOLD_METHODS.filter((m) => m !== 'li' && m !== 'mean') as Exclude<ThresholdMethod, 'li' | 'mean'>[];

function wholeMask(v: VolumeView, method: ThresholdMethod): Uint8Array | string {
  try {
    const mask = new Uint8Array(v.data.length);
    thresholdMask(v, thresholdValue(v, method), mask);
    return mask;
  } catch (e) {
    return (e as Error).message;
  }
}

function slabMask(v: VolumeView, method: ThresholdMethod, n: number): Uint8Array | string {
  try {
    return runInSlabs(thresholdPlan(method, v.dtype)!, v, 'uint8', evenSlabs(v.dims.z, n)).data as Uint8Array;
  } catch (e) {
    return (e as Error).message;
  }
}

const show = (m: Uint8Array | string): string => (typeof m === 'string' ? m : sha256(m));

/** A float32 volume with a NaN in its last plane, and one with an infinity. */
function withValue(value: number): VolumeView {
  const data = Float32Array.from({ length: 6 * 5 * 4 }, (_, i) => (i * 37) % 11);
  data[data.length - 3] = value;
  return { data, dims: { x: 6, y: 5, z: 4 }, dtype: 'float32' };
}

describe('histogram thresholds in slabs equal the whole-volume threshold', () => {
  const images: [string, VolumeView][] = [
    ...EXPECTED.thresholds.filter((t) => t.dtype !== 'uint32' && t.dtype !== 'int32').map((t) => [t.name, makeImage(t)] as [string, VolumeView]),
    ['float32 with a NaN', withValue(NaN)],
    ['float32 with an infinity', withValue(Infinity)],
  ];
  for (const backend of ['ts', 'wasm'] as const) {
    for (const [name, view] of images) {
      it.skipIf(backend === 'wasm' && !HAVE_WASM)(`${name}, ${backend} kernels`, () => withBackend(backend, () => {
        for (const method of SPLIT_METHODS) {
          const want = show(wholeMask(view, method));
          for (const n of new Set([1, 2, 3, view.dims.z].filter((k) => k <= view.dims.z))) expect(show(slabMask(view, method, n)), `${method}, ${n} slabs`).toBe(want);
        }
      }));
    }
  }

  it('the fixtures include a one-value image (otsu returns the value, no histogram), errors and every small dtype', () => {
    const names = EXPECTED.thresholds.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['u8_constant', 'f32_constant', 'i16_negative', 'i8_small', 'u16_bimodal', 'f64_tail']));
    expect(wholeMask(withValue(NaN), 'otsu')).toMatch(/NaN or infinite/);
    expect(EXPECTED.thresholds.some((t) => SPLIT_METHODS.some((m) => 'error' in t.results[m]))).toBe(true);
  });

  it('does not split li, mean or 32- and 64-bit integers (the job pool then runs the op as one job)', () => {
    expect(thresholdPlan('li', 'float32')).toBeNull();
    expect(thresholdPlan('mean', 'uint8')).toBeNull();
    for (const dtype of ['int32', 'uint32', 'int64', 'uint64'] as const) expect(thresholdPlan('otsu', dtype)).toBeNull();
    expect(thresholdPlan('otsu', 'float32')?.rounds).toBe(3);
  });
});
