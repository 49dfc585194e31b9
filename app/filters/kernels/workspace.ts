import type { DType, TypedArray } from '../../model/dtype.js';
import { currentEngine, type Engine, type Kernels, type OrderSuffix } from './engine.js';

/** The element types the kernels work in: a filter's own dtype (order statistics) or float32/float64. */
export type Elem = Exclude<DType, 'complex64' | 'complex128'>;

export const SUFFIX: Record<Elem, OrderSuffix> = {
  uint8: 'u8', int8: 'i8', uint16: 'u16', int16: 'i16', uint32: 'u32', int32: 'i32', uint64: 'u64', int64: 'i64', float32: 'f32', float64: 'f64',
};
export const ELEM_BYTES: Record<Elem, 1 | 2 | 4 | 8> = {
  uint8: 1, int8: 1, uint16: 2, int16: 2, uint32: 4, int32: 4, uint64: 8, int64: 8, float32: 4, float64: 8,
};

/** Every buffer ends with this many spare bytes: the kernels compute in whole 16-byte vectors. */
const SLACK = 64;

/** The most working memory one run may use, on either backend (wasm32 addresses 4 GB; engines cap lower). */
export const WORKSPACE_LIMIT = 2 ** 31;

/**
 * The buffers of one run, laid out in the engine's heap before anything is computed: alloc() hands out
 * addresses, commit() makes them usable once (so the heap never moves mid-run), then view() reads and
 * writes them from TypeScript.
 */
export class Workspace {
  readonly engine: Engine = currentEngine();
  readonly k: Kernels = this.engine.kernels;
  private top = this.engine.base;
  private heap: ArrayBuffer | null = null;
  private ready: (() => void)[] = [];

  alloc(bytes: number): number {
    const at = Math.ceil(this.top / 16) * 16;
    this.top = at + bytes + SLACK;
    return at;
  }

  /** A table of `n` int32 entries (addresses or indices). */
  table(n: number): number {
    return this.alloc(4 * n);
  }

  /** Runs `f` once the heap is usable (fills tables and constant buffers laid out before). */
  onCommit(f: () => void): void {
    if (this.heap) f();
    else this.ready.push(f);
  }

  commit(): void {
    if (this.top > WORKSPACE_LIMIT) {
      throw new Error(`filters: this run needs ${Math.ceil(this.top / 2 ** 20)} MB of working memory (the planes of its z window), more than the ${WORKSPACE_LIMIT / 2 ** 20} MB a run may use: use a smaller size or sigma along z, or filter plane by plane (axes x, y)`);
    }
    this.heap = this.engine.reserve(this.top);
    for (const f of this.ready) f();
    this.ready = [];
  }

  view(e: Elem | 'table', at: number, n: number): TypedArray {
    const b = this.heap;
    if (!b) throw new Error('filters: workspace used before commit');
    switch (e) {
      case 'uint8': return new Uint8Array(b, at, n);
      case 'int8': return new Int8Array(b, at, n);
      case 'uint16': return new Uint16Array(b, at, n);
      case 'int16': return new Int16Array(b, at, n);
      case 'uint32': return new Uint32Array(b, at, n);
      case 'int32': case 'table': return new Int32Array(b, at, n);
      case 'uint64': return new BigUint64Array(b, at, n);
      case 'int64': return new BigInt64Array(b, at, n);
      case 'float32': return new Float32Array(b, at, n);
      case 'float64': return new Float64Array(b, at, n);
    }
  }

  setTable(at: number, values: ArrayLike<number>): void {
    (this.view('table', at, values.length) as Int32Array).set(values);
  }

  /** Fills n elements at `at` with one value (already in the element's type). */
  fill(e: Elem, at: number, n: number, value: number | bigint): void {
    (this.view(e, at, n) as { fill(v: number | bigint): void }).fill(value);
  }
}

/**
 * Copies n voxels of `src` from `from` to the heap at `at`, converting to element type `e`. Same-type
 * copies are byte copies; other conversions round as a typed-array store does (64-bit integers via the
 * nearest double), on the TypeScript side for both backends.
 */
export function loadInto(ws: Workspace, e: Elem, at: number, src: TypedArray, from: number, n: number): void {
  const dst = ws.view(e, at, n);
  const part = src.subarray(from, from + n);
  const srcBig = part instanceof BigInt64Array || part instanceof BigUint64Array;
  const dstBig = dst instanceof BigInt64Array || dst instanceof BigUint64Array;
  if (srcBig === dstBig) (dst as { set(a: ArrayLike<number | bigint>): void }).set(part as ArrayLike<number | bigint>);
  else if (srcBig) for (let i = 0; i < n; i++) (dst as Float32Array)[i] = Number((part as BigInt64Array)[i]);
  else throw new Error(`filters: cannot convert ${src.constructor.name} to ${e}`);
}

/** The constant-mode fill value in element type `e`: integers truncate toward zero and saturate. */
export function cvalAs(e: Elem, cval: number): number | bigint {
  if (e === 'float32') return Math.fround(cval);
  if (e === 'float64') return cval;
  const bits = ELEM_BYTES[e] * 8;
  const signed = e.startsWith('int');
  const lo = signed ? -(2 ** (bits - 1)) : 0;
  const hi = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  const t = Math.trunc(cval);
  if (bits === 64) {
    const b = BigInt(t);
    const blo = signed ? -(1n << 63n) : 0n;
    const bhi = signed ? (1n << 63n) - 1n : (1n << 64n) - 1n;
    return b < blo ? blo : b > bhi ? bhi : b;
  }
  return Math.min(hi, Math.max(lo, t));
}
