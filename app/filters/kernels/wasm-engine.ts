import { KERNEL_NAMES, type Engine, type Kernel, type Kernels } from './engine.js';

/*
 * app/ compiles without the DOM or Node types, so the few WebAssembly calls used are typed here; every
 * runtime the core runs in (Node 20, Chromium, their workers) has them.
 */
interface WasmMemory { buffer: ArrayBuffer; grow(pages: number): number }
interface WasmGlobal { value: number }
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  instantiate(bytes: Uint8Array): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const wasmApi = (): WasmApi | undefined => (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** The smallest module using a SIMD128 instruction (v128.const; drop): validates only where SIMD128 works. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 23, 1, 21, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 26, 11,
]);

export function wasmSimdSupported(): boolean {
  return wasmApi()?.validate(SIMD_PROBE) ?? false;
}

const PAGE = 65536;

export async function wasmEngine(bytes: ArrayBuffer | Uint8Array): Promise<Engine> {
  const api = wasmApi();
  if (!api) throw new Error('no WebAssembly in this runtime');
  const { instance } = await api.instantiate(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
  const ex = instance.exports;
  const memory = ex.memory as WasmMemory;
  const heapBase = (ex.__heap_base as WasmGlobal | undefined)?.value;
  if (!memory || typeof heapBase !== 'number') throw new Error('filters.wasm exports no memory or __heap_base');
  const kernels = {} as Kernels;
  for (const name of KERNEL_NAMES) {
    if (typeof ex[name] !== 'function') throw new Error(`filters.wasm has no kernel ${name}`);
    kernels[name] = ex[name] as Kernel;
  }
  return {
    backend: 'wasm',
    kernels,
    base: Math.ceil(heapBase / 64) * 64,
    reserve(n) {
      const have = memory.buffer.byteLength;
      if (n > have) memory.grow(Math.ceil((n - have) / PAGE));
      return memory.buffer;
    },
  };
}
