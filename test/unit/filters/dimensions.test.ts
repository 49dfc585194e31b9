import { describe, expect, it } from 'vitest';
import { FILTERS } from '../../../app/filters/registry.js';
import { BACKENDS, HAVE_WASM, bytesOf, runFilter, volume, withBackend } from './backends.js';

/**
 * 2D is a volume with z = 1, and a 2D filter on a volume (axes x, y) is that filter on each plane: the
 * bytes of plane z of a plane-by-plane run equal a run on plane z alone.
 */
const OPS: [string, Record<string, unknown>][] = [
  ['gaussian', { sigma: [1.2, 2, 7] }],
  ['uniform', { size: 3 }],
  ['median', { size: 3 }],
  ['median', { size: [4, 2, 3] }],
  ['minimum', { size: 3 }],
  ['maximum', { size: 4 }],
  ['variance', { size: 3 }],
  ['std', { size: 3 }],
  ['sobel', { axis: 'magnitude' }],
  ['sobel', { axis: 'x' }],
  ['laplace', {}],
  ['dog', { sigma1: 1 }],
  ['white_tophat', { size: 3, footprint: 'ball' }],
  ['black_tophat', { size: 4 }],
];

describe('2D images and plane-by-plane volumes', () => {
  const dims = { x: 10, y: 9, z: 5 };
  const v = volume('int16', dims);
  for (let i = 0; i < v.data.length; i++) (v.data as Int16Array)[i] = ((i * 7919) % 2001) - 1000;
  const n = dims.x * dims.y;

  for (const [op, raw] of OPS) {
    for (const mode of ['reflect', 'constant']) {
      it(`${op} ${JSON.stringify(raw)} ${mode}`, () => {
        for (const b of BACKENDS.filter((x) => x === 'ts' || HAVE_WASM)) {
          withBackend(b, () => {
            const perPlane = runFilter(op, v, { ...raw, mode, cval: 5, axes: ['x', 'y'] });
            for (let z = 0; z < dims.z; z++) {
              const plane = volume('int16', { ...dims, z: 1 }, (v.data as Int16Array).slice(z * n, (z + 1) * n));
              const alone = runFilter(op, plane, { ...raw, mode, cval: 5 });
              const size = perPlane.data.BYTES_PER_ELEMENT * n;
              expect(Buffer.compare(bytesOf(alone), bytesOf(perPlane).subarray(z * size, (z + 1) * size)), `${b} plane ${z}`).toBe(0);
            }
          });
        }
      });
    }
  }

  it('filters z too by default when there is more than one plane', () => {
    const all = runFilter('gaussian', v, { sigma: 1 });
    const xy = runFilter('gaussian', v, { sigma: 1, axes: ['x', 'y'] });
    expect(Buffer.compare(bytesOf(all), bytesOf(xy))).not.toBe(0);
    expect(FILTERS.gaussian.halo({ sigma: [1, 2, 3], truncate: 4, mode: 'reflect', cval: 0, axes: ['x', 'y'] } as never)).toEqual({ x: 4, y: 8, z: 0 });
    expect(FILTERS.gaussian.halo({ sigma: [1, 2, 3], truncate: 4, mode: 'reflect', cval: 0 } as never)).toEqual({ x: 4, y: 8, z: 12 });
  });
});
