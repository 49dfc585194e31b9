import { installWasmKernels, useBackend, type Backend } from '../app/filters/kernels/engine';
import { FILTERS, parseFilterParams } from '../app/filters/registry';
import type { VolumeView } from '../app/filters/types';

/**
 * The filter library as the renderer's workers will load it, bundled for the browser by
 * filters-browser.spec.ts: runs a few filters on a deterministic volume and returns their bytes.
 */
export const CASES: [string, Record<string, unknown>][] = [
  ['gaussian', { sigma: [1, 2, 1.5] }],
  ['median', { size: 3 }],
  ['median', { size: [3, 3, 1], mode: 'constant', cval: 4 }],
  ['variance', { size: 3, mode: 'wrap' }],
  ['sobel', { axis: 'magnitude' }],
  ['laplace', { mode: 'mirror' }],
  ['white_tophat', { size: 3, footprint: 'ball' }],
];

export function testVolume(): VolumeView {
  const dims = { x: 23, y: 17, z: 9 };
  const data = new Float32Array(dims.x * dims.y * dims.z);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 2654435761) % 1009) / 3 - 100;
  return { data, dims, dtype: 'float32' };
}

export async function install(bytes: Uint8Array): Promise<boolean> {
  return installWasmKernels(bytes);
}

/** The cases' parameters as their schemas give them (parsed on the Node side: see the spec). */
export const parsedCases = (): unknown[] => CASES.map(([op, raw]) => parseFilterParams(op, raw));

/** Each case's output bytes (as plain arrays), with the given backend. */
export function runAll(backend: Backend, params: unknown[]): number[][] {
  useBackend(backend);
  const v = testVolume();
  return CASES.map(([op], i) => {
    const f = FILTERS[op];
    const p = params[i];
    const out = new Float32Array(v.data.length);
    f.run(v, p, { data: out, dims: v.dims, dtype: 'float32' }, [0, v.dims.z]);
    return Array.from(new Uint8Array(out.buffer));
  });
}
