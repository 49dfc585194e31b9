import { existsSync, readFileSync } from 'node:fs';
import { installWasmKernels, type Backend } from '../../app/filters/kernels/engine.js';

/**
 * The host side of the filters' injected wasm loader: app/ reads no files, so whoever runs filters in
 * Node passes it the bytes of dist/native/filters.wasm (built beside this bundle by scripts/build.mjs).
 * Without the file, or without SIMD128, the filters keep their TypeScript kernels (same results).
 */
export const FILTERS_WASM = new URL('../native/filters.wasm', import.meta.url);

export function readFiltersWasm(): Uint8Array | null {
  return existsSync(FILTERS_WASM) ? readFileSync(FILTERS_WASM) : null;
}

/** Installs the wasm kernels in this thread when the bytes are there; returns the backend now active. */
export async function loadFilterKernels(bytes: Uint8Array | null = readFiltersWasm()): Promise<Backend> {
  return bytes && (await installWasmKernels(bytes)) ? 'wasm' : 'ts';
}
