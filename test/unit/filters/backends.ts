import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DTYPES, typedView, bytesPerVoxel, type DType, type TypedArray } from '../../../app/model/dtype.js';
import { installWasmKernels, useBackend, type Backend } from '../../../app/filters/kernels/engine.js';
import { FILTERS, parseFilterParams } from '../../../app/filters/registry.js';
import type { VolumeView } from '../../../app/filters/types.js';
// @ts-expect-error: a plain .mjs build script without type declarations
import { buildFiltersWasm } from '../../../scripts/build-native.mjs';

/**
 * Both kernel backends for the filter tests: the wasm module is built here with clang (as the app's build
 * does) into a temp dir; where clang cannot build it the wasm half of each test reports itself skipped.
 */
async function loadWasm(): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'vs-filters-wasm-'));
  try {
    const path = (buildFiltersWasm as (out: string) => string | null)(dir);
    return path ? await installWasmKernels(readFileSync(path)) : false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
export const HAVE_WASM = await loadWasm();
export const BACKENDS: Backend[] = ['ts', 'wasm'];

/** Runs f with the given backend active, and TypeScript after. */
export function withBackend<T>(b: Backend, f: () => T): T {
  useBackend(b);
  try {
    return f();
  } finally {
    useBackend('ts');
  }
}

export function volume(dtype: DType, dims: { x: number; y: number; z: number }, data?: TypedArray): VolumeView {
  const n = dims.x * dims.y * dims.z;
  return { dtype, dims, data: data ?? typedView(dtype, new ArrayBuffer(n * bytesPerVoxel(dtype))) };
}

/** Runs op (by name, raw params validated by its schema) over planes [z0, z1) into a whole-volume output. */
export function runFilter(op: string, input: VolumeView, raw: Record<string, unknown>, out?: VolumeView, zRange?: [number, number]): VolumeView {
  const f = FILTERS[op];
  const params = parseFilterParams(op, raw);
  const output = out ?? volume(f.outputDtype(input.dtype, params), input.dims);
  f.run(input, params, output, zRange ?? [0, input.dims.z]);
  return output;
}

export function bytesOf(v: VolumeView | TypedArray): Uint8Array {
  const a = 'data' in v ? v.data : v;
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Byte-for-byte equality, NaN payloads aside (the two backends may produce different quiet NaNs). */
export function sameBytes(a: VolumeView, b: VolumeView): string | null {
  if (a.dtype !== b.dtype || a.data.length !== b.data.length) return `dtype/length ${a.dtype}/${a.data.length} vs ${b.dtype}/${b.data.length}`;
  const x = bytesOf(a);
  const y = bytesOf(b);
  const size = a.data.BYTES_PER_ELEMENT;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === y[i]) continue;
    const k = Math.floor(i / size);
    const p = a.data[k] as number;
    const q = b.data[k] as number;
    if (typeof p === 'number' && Number.isNaN(p) && Number.isNaN(q)) {
      i = (k + 1) * size - 1;
      continue;
    }
    return `voxel ${k}: ${String(p)} vs ${String(q)}`;
  }
  return null;
}

export { DTYPES };
