import { describe, expect, it } from 'vitest';
import { activeBackend, installWasmKernels, KERNEL_NAMES, useBackend, wasmUnavailableReason } from '../../../app/filters/kernels/engine.js';
import { MERGE9, SELECT27, SELECT9, SORT3, type Network } from '../../../app/filters/kernels/networks.js';
import { tsKernels } from '../../../app/filters/kernels/ts-kernels.js';
import { DTYPES, type DType } from '../../../app/model/dtype.js';
import { BACKENDS, HAVE_WASM, runFilter, sameBytes, volume, withBackend } from './backends.js';

/**
 * The two kernel backends: the same kernels, the same bytes on awkward values (NaN, infinities, signed
 * zeros, subnormals, integer extremes), the median networks proven by the 0-1 principle, and the
 * TypeScript fallback where the wasm cannot be installed.
 */
const OPS: [string, Record<string, unknown>][] = [
  ['gaussian', { sigma: 1.3 }], ['uniform', { size: 3 }], ['median', { size: 3 }], ['median', { size: [3, 3, 1] }], ['median', { size: 4 }],
  ['minimum', { size: 3 }], ['maximum', { size: [2, 3, 3] }], ['variance', { size: 3 }], ['std', { size: 3 }], ['sobel', { axis: 'magnitude' }],
  ['sobel', { axis: 'z' }], ['laplace', {}], ['dog', { sigma1: 0.7 }], ['white_tophat', { size: 3 }], ['black_tophat', { size: 3, footprint: 'ball' }],
];

/** Values a kernel can get wrong: special floats, type extremes, ties. */
function awkward(dtype: DType) {
  const v = volume(dtype, { x: 13, y: 6, z: 5 });
  const n = v.data.length;
  if (dtype === 'float32' || dtype === 'float64') {
    const special = [NaN, Infinity, -Infinity, -0, 0, 1e-40, -1e-45, 3.4e38, -3.4e38, 1, 1, 1];
    for (let i = 0; i < n; i++) (v.data as Float64Array)[i] = i % 17 < special.length && i % 3 === 0 ? special[i % 17] : ((i * 7919) % 211) - 100;
  } else if (dtype === 'uint64' || dtype === 'int64') {
    const big = dtype === 'uint64' ? [0n, (1n << 64n) - 1n, (1n << 53n) + 1n, 7n] : [-(1n << 63n), (1n << 63n) - 1n, -(1n << 53n) - 1n, 0n];
    for (let i = 0; i < n; i++) (v.data as BigInt64Array)[i] = i % 5 === 0 ? big[i % 4] : BigInt(((i * 7919) % 211) * 1_000_003);
  } else {
    const a = v.data as Int32Array;
    for (let i = 0; i < n; i++) a[i] = (i * 2654435761) % 4294967296;
  }
  return v;
}

describe.skipIf(!HAVE_WASM)('wasm and TypeScript kernels agree byte for byte', () => {
  for (const dtype of DTYPES.filter((d) => !d.startsWith('complex'))) {
    it(`every op on awkward ${dtype} values, every mode`, () => {
      const v = awkward(dtype);
      for (const [op, raw] of OPS) {
        for (const mode of ['reflect', 'mirror', 'nearest', 'constant', 'wrap']) {
          const p = { ...raw, mode, cval: -2.5 };
          const [a, b] = BACKENDS.map((be) => withBackend(be, () => runFilter(op, v, p)));
          expect(sameBytes(a, b), `${op} ${JSON.stringify(p)}`).toBeNull();
        }
      }
    });
  }
});

describe('order statistics of special floats', () => {
  for (const b of BACKENDS) {
    it.skipIf(b === 'wasm' && !HAVE_WASM)(`a NaN in the window gives NaN; -0 counts below +0 (${b})`, () => {
      withBackend(b, () => {
        const v = volume('float32', { x: 7, y: 5, z: 4 });
        const d = v.data as Float32Array;
        d.fill(1);
        d[2 * 35 + 2 * 7 + 3] = NaN; // voxel (3, 2, 2)
        for (const size of [3, 5, [3, 3, 1]]) {
          const m = runFilter('median', v, { size }).data as Float32Array;
          expect(Number.isNaN(m[2 * 35 + 2 * 7 + 3])).toBe(true);
          expect(m[0]).toBe(1);
        }
        expect(Number.isNaN((runFilter('minimum', v, { size: 3 }).data as Float32Array)[2 * 35 + 2 * 7 + 4])).toBe(true);
        d.fill(0);
        for (let i = 0; i < d.length; i += 2) d[i] = -0;
        const lo = runFilter('minimum', v, { size: 3 }).data as Float32Array;
        const hi = runFilter('maximum', v, { size: 3 }).data as Float32Array;
        expect(Object.is(lo[8], -0) && Object.is(hi[8], 0)).toBe(true);
      });
    });
  }
});

/** Runs a network on one input vector (TypeScript's kernel, through a tiny heap). */
function runNetwork(net: Network, input: number[]): number[] {
  const heap = new ArrayBuffer(1 << 12);
  const k = tsKernels(() => heap);
  const i32 = new Int32Array(heap);
  const f64 = new Float64Array(heap);
  const name = { 3: 'sort3', 9: net === MERGE9 ? 'merge9' : 'select9', 27: 'select27' }[net.inputs] as 'sort3';
  // Inputs at 1024 + 8k, outputs at 2048 + 8j, tables at 0 (inputs) and 512 (outputs).
  input.forEach((x, j) => {
    f64[128 + j] = x;
    i32[j] = 1024 + 8 * j;
  });
  net.outs.forEach((_, j) => (i32[128 + j] = 2048 + 8 * j));
  k[`${name}_f64`](512, 0, 0, 0, 0, 1, 1);
  return net.outs.map((_, j) => f64[256 + j]);
}

describe('median networks (0-1 principle)', () => {
  /** Every input of 0s and 1s whose groups of `g` are sorted. */
  function* sortedGroups(groups: number, g: number): Generator<number[]> {
    const per = Array.from({ length: g + 1 }, (_, ones) => [...Array(g - ones).fill(0), ...Array(ones).fill(1)]);
    const rec = function* (k: number): Generator<number[]> {
      if (k === groups) return yield [];
      for (const first of per) for (const rest of rec(k + 1)) yield [...first, ...rest];
    };
    yield* rec(0);
  }
  const check = (net: Network, groups: number, g: number, outs: (s: number[]) => number[]) => {
    let n = 0;
    for (const input of sortedGroups(groups, g)) {
      expect(runNetwork(net, input)).toEqual(outs([...input].sort((a, b) => a - b)));
      n++;
    }
    return n;
  };
  it('sort3 sorts any three values', () => expect(check(SORT3, 3, 1, (s) => s)).toBe(8));
  it('merge9 merges three sorted triples', () => expect(check(MERGE9, 3, 3, (s) => s)).toBe(64));
  it('select9 picks the median of three sorted triples', () => expect(check(SELECT9, 3, 3, (s) => [s[4]])).toBe(64));
  it('select27 picks the median of three sorted nines', () => expect(check(SELECT27, 3, 9, (s) => [s[13]])).toBe(1000));
});

describe('backend selection', () => {
  it('has every kernel in TypeScript', () => {
    const k = tsKernels(() => new ArrayBuffer(64));
    for (const name of KERNEL_NAMES) expect(typeof k[name], name).toBe('function');
  });
  it('keeps TypeScript when the bytes are not the kernels', async () => {
    const before = activeBackend();
    expect(await installWasmKernels(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))).toBe(false);
    expect(await installWasmKernels(new Uint8Array([1, 2, 3]))).toBe(false);
    expect(wasmUnavailableReason()).toMatch(/^the kernels did not instantiate: /);
    expect(activeBackend()).toBe(before);
    if (!HAVE_WASM) expect(() => useBackend('wasm')).toThrow(/not installed/);
  });
});
