/**
 * The kernels the filters run on, in one of two backends with the same names, arguments and results:
 * WebAssembly SIMD128 (native/filters/filters.c, compiled by scripts/build-native.mjs) and TypeScript
 * (ts-kernels.ts). Both work on one flat heap addressed by byte offsets (the wasm memory, or an
 * ArrayBuffer for TypeScript), so the driver code above them is one and the same.
 *
 * The TypeScript backend is always there. The wasm one is installed by whoever can read the .wasm file
 * (app/ reads no files): the host and CLI pass the bytes from dist/, a renderer worker fetches them.
 */
import { tsKernels } from './ts-kernels.js';
import { wasmEngine, wasmSimdSupported } from './wasm-engine.js';

export const FLOAT_SUFFIXES = ['f32', 'f64'] as const;
export const ORDER_SUFFIXES = ['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64', 'i64', 'f32', 'f64'] as const;
export type FloatSuffix = (typeof FLOAT_SUFFIXES)[number];
export type OrderSuffix = (typeof ORDER_SUFFIXES)[number];

export const FLOAT_KERNELS = ['sym', 'box', 'deriv', 'add', 'sub', 'mag', 'sq', 'var'] as const;
export const ORDER_KERNELS = ['min', 'max', 'diff', 'foot', 'median', 'sort3', 'merge9', 'select9', 'select27'] as const;
export const XEXT_SIZES = [1, 2, 4, 8] as const;
/** The passes of a histogram threshold over float32 voxels (app/filters/threshold/kernel-passes.ts). */
export const THRESHOLD_KERNELS = ['range_key_f32', 'hist_f32', 'above_f32'] as const;

export type KernelName =
  | `${(typeof FLOAT_KERNELS)[number]}_${FloatSuffix}`
  | `${(typeof ORDER_KERNELS)[number]}_${OrderSuffix}`
  | `xext_${(typeof XEXT_SIZES)[number]}`
  | (typeof THRESHOLD_KERNELS)[number];

/** Every argument is a number: counts, strides in bytes, or heap addresses (byte offsets). */
export type Kernel = (...args: number[]) => void;
export type Kernels = Record<KernelName, Kernel>;

export const KERNEL_NAMES: readonly KernelName[] = [
  ...FLOAT_KERNELS.flatMap((k) => FLOAT_SUFFIXES.map((s) => `${k}_${s}` as const)),
  ...ORDER_KERNELS.flatMap((k) => ORDER_SUFFIXES.map((s) => `${k}_${s}` as const)),
  ...XEXT_SIZES.map((e) => `xext_${e}` as const),
  ...THRESHOLD_KERNELS,
];

export type Backend = 'wasm' | 'ts';

export interface Engine {
  readonly backend: Backend;
  readonly kernels: Kernels;
  /** The first heap address free for a run's buffers (never 0: 0 stands for "no buffer"). */
  readonly base: number;
  /** Makes addresses below `bytes` usable and returns the heap; views made before may be detached. */
  reserve(bytes: number): ArrayBuffer;
}

/** A plain ArrayBuffer heap for the TypeScript kernels, grown (not shrunk) as runs ask. */
function tsEngine(): Engine {
  let heap = new ArrayBuffer(1 << 16);
  const kernels = tsKernels(() => heap);
  return {
    backend: 'ts',
    kernels,
    base: 64,
    reserve(bytes) {
      if (bytes > heap.byteLength) heap = new ArrayBuffer(Math.ceil(bytes / 65536) * 65536);
      return heap;
    },
  };
}

let ts: Engine | null = null;
let wasm: Engine | null = null;
let active: Backend = 'ts';
let whyNot: string | null = 'not installed';

/**
 * Compiles and installs the wasm kernels from the bytes of dist/native/filters.wasm and makes them the
 * active backend. Returns false (and keeps TypeScript) where the runtime has no SIMD128 or the bytes do
 * not compile to the kernels expected; the results are the same either way, only slower.
 */
export async function installWasmKernels(bytes: ArrayBuffer | Uint8Array): Promise<boolean> {
  if (!wasmSimdSupported()) {
    whyNot = 'this runtime has no WebAssembly SIMD128';
    return false;
  }
  try {
    wasm = await wasmEngine(bytes);
  } catch (e) {
    // e.g. a CSP without 'wasm-unsafe-eval' refuses the compile
    whyNot = `the kernels did not instantiate: ${(e as Error).message}`;
    return false;
  }
  whyNot = null;
  active = 'wasm';
  return true;
}

/** Why the last installWasmKernels() kept TypeScript (for a log line), or null when it installed the kernels. */
export function wasmUnavailableReason(): string | null {
  return whyNot;
}

/** Chooses the backend the next runs use (the tests run both); 'wasm' needs installWasmKernels first. */
export function useBackend(b: Backend): void {
  if (b === 'wasm' && !wasm) throw new Error('filters: the WebAssembly kernels are not installed (installWasmKernels)');
  active = b;
}

export function activeBackend(): Backend {
  return active;
}

export function currentEngine(): Engine {
  if (active === 'wasm' && wasm) return wasm;
  return (ts ??= tsEngine());
}
