import { describe, expect, it } from 'vitest';
import { FILTERS, parseFilterParams } from '../../../app/filters/registry.js';
import type { DType } from '../../../app/model/dtype.js';
import { BACKENDS, HAVE_WASM, bytesOf, runFilter, sameBytes, volume, withBackend } from './backends.js';

/**
 * A filter run on z slabs gives exactly the bytes of one whole-volume run (the boundary mode applies at
 * the volume's ends only): every op, windows wider than a slab, every mode, both output forms (the
 * whole volume, or just the slab), both backends.
 */
const CASES: [string, Record<string, unknown>][] = [
  ['gaussian', { sigma: [1, 1.5, 2.5] }],
  ['gaussian', { sigma: 2, mode: 'constant', cval: 3 }],
  ['uniform', { size: [3, 4, 6], mode: 'wrap' }],
  ['median', { size: 3 }],
  ['median', { size: [3, 3, 4], mode: 'mirror' }],
  ['median', { size: 3, axes: ['x', 'y'], mode: 'nearest' }],
  ['minimum', { size: 5, mode: 'constant', cval: 50 }],
  ['maximum', { size: [2, 3, 4] }],
  ['variance', { size: 4, mode: 'mirror' }],
  ['std', { size: 3, mode: 'constant', cval: -2 }],
  ['sobel', { axis: 'magnitude', mode: 'wrap' }],
  ['sobel', { axis: 'y', mode: 'constant', cval: 9 }],
  ['laplace', { mode: 'nearest' }],
  ['dog', { sigma1: 1, sigma2: 3 }],
  ['white_tophat', { size: 4, mode: 'constant', cval: 20 }],
  ['black_tophat', { size: 5, footprint: 'ball', mode: 'reflect' }],
];
const SPLITS = [[0, 3, 9], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [0, 8, 9]];

function input(dtype: DType) {
  const v = volume(dtype, { x: 11, y: 7, z: 9 });
  for (let i = 0; i < v.data.length; i++) {
    const x = (i * 2654435761) % 997;
    (v.data as Float32Array)[i] = dtype === 'float32' ? x / 7 - 40 : x % 250;
  }
  return v;
}

describe('slab runs equal a whole-volume run', () => {
  for (const dtype of ['float32', 'uint8'] as DType[]) {
    for (const [op, raw] of CASES) {
      it(`${op} ${JSON.stringify(raw)} on ${dtype}`, () => {
        const v = input(dtype);
        const params = parseFilterParams(op, raw);
        const f = FILTERS[op];
        for (const b of BACKENDS.filter((x) => x === 'ts' || HAVE_WASM)) {
          withBackend(b, () => {
            const whole = runFilter(op, v, raw);
            for (const cuts of SPLITS) {
              const into = volume(whole.dtype, v.dims);
              for (let s = 0; s + 1 < cuts.length; s++) {
                const [z0, z1] = [cuts[s], cuts[s + 1]];
                f.run(v, params, into, [z0, z1]);
                // The slab-sized output form: planes z0..z1-1 only.
                const slab = volume(whole.dtype, { ...v.dims, z: z1 - z0 });
                f.run(v, params, slab, [z0, z1]);
                const plane = v.dims.x * v.dims.y * whole.data.BYTES_PER_ELEMENT;
                expect(Buffer.compare(bytesOf(slab), bytesOf(whole).subarray(z0 * plane, z1 * plane))).toBe(0);
              }
              expect(sameBytes(into, whole), `${b}, slabs ${cuts.join(',')}`).toBeNull();
            }
          });
        }
      });
    }
  }

  it('writes only the planes asked for', () => {
    const v = input('float32');
    const out = volume('float32', v.dims);
    (out.data as Float32Array).fill(12345);
    FILTERS.gaussian.run(v, parseFilterParams('gaussian', { sigma: 2 }), out, [3, 5]);
    const plane = v.dims.x * v.dims.y;
    const data = out.data as Float32Array;
    expect(data.subarray(0, 3 * plane).every((x) => x === 12345)).toBe(true);
    expect(data.subarray(5 * plane).every((x) => x === 12345)).toBe(true);
    expect(data.subarray(3 * plane, 5 * plane).some((x) => x === 12345)).toBe(false);
  });
});
