/**
 * The TypeScript twins of native/filters/filters.c: the same names, arguments (byte addresses into one
 * heap, counts, strides in bytes) and arithmetic in the same order, so both backends give the same bytes.
 * float32 arithmetic is rounded after every operation (Math.fround), as the wasm f32x4 operations round;
 * there is no fused multiply-add on either side. See filters.c for what each kernel computes.
 */
import { FLOAT_KERNELS, ORDER_KERNELS, type Kernel, type KernelName, type Kernels, type OrderSuffix } from './engine.js';
import { MERGE9, SELECT27, SELECT9, SORT3, type Network } from './networks.js';
import { countBins, FLOAT_BINS, minMaxKey } from '../threshold/histogram.js';

type NumArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;
type AnyArray = NumArray | BigUint64Array | BigInt64Array;

interface Views {
  buffer: ArrayBuffer;
  u8: Uint8Array; i8: Int8Array; u16: Uint16Array; i16: Int16Array; u32: Uint32Array; i32: Int32Array;
  u64: BigUint64Array; i64: BigInt64Array; f32: Float32Array; f64: Float64Array;
}

function viewsOf(buffer: ArrayBuffer): Views {
  return {
    buffer, u8: new Uint8Array(buffer), i8: new Int8Array(buffer), u16: new Uint16Array(buffer), i16: new Int16Array(buffer),
    u32: new Uint32Array(buffer), i32: new Int32Array(buffer), u64: new BigUint64Array(buffer), i64: new BigInt64Array(buffer),
    f32: new Float32Array(buffer), f64: new Float64Array(buffer),
  };
}

const SHIFT: Record<OrderSuffix, number> = { u8: 0, i8: 0, u16: 1, i16: 1, u32: 2, i32: 2, u64: 3, i64: 3, f32: 2, f64: 3 };
const id = (x: number): number => x;

export function tsKernels(heap: () => ArrayBuffer): Kernels {
  let v: Views | null = null;
  const h = (): Views => {
    const b = heap();
    if (!v || v.buffer !== b) v = viewsOf(b);
    return v;
  };
  const out = {} as Record<KernelName, Kernel>;
  for (const s of ['f32', 'f64'] as const) {
    const k = floatKernels(() => h()[s], () => h().i32, SHIFT[s], s === 'f32' ? Math.fround : id);
    for (const name of FLOAT_KERNELS) out[`${name}_${s}`] = k[name];
  }
  for (const s of Object.keys(SHIFT) as OrderSuffix[]) {
    const big = s === 'u64' || s === 'i64';
    const k = orderKernels(() => h()[s], () => h().i32, SHIFT[s], big, s === 'f32' || s === 'f64');
    for (const name of ORDER_KERNELS) out[`${name}_${s}`] = k[name];
  }
  out.xext_1 = xext(() => h().u8, () => h().i32, 0, 1);
  out.xext_2 = xext(() => h().u16, () => h().i32, 1, 1);
  out.xext_4 = xext(() => h().u32, () => h().i32, 2, 1);
  out.xext_8 = xext(() => h().u32, () => h().i32, 2, 2); // 8-byte elements as two words: bits kept exactly
  // The threshold's passes: the very functions the TypeScript backend runs in place, on the heap.
  out.range_key_f32 = (bits, n, keys) => minMaxKey(h().i32, bits >> 2, (bits >> 2) + n, h().i32.subarray(keys >> 2, (keys >> 2) + 2));
  out.hist_f32 = (a, n, first, norm, edges, counts) => {
    const f64 = h().f64;
    countBins(h().f32, a >> 2, (a >> 2) + n, first, norm, f64.subarray(edges >> 3, (edges >> 3) + FLOAT_BINS + 1), f64.subarray(counts >> 3, (counts >> 3) + 4 * FLOAT_BINS));
  };
  out.above_f32 = (a, n, t, dst) => {
    const { f32, u8 } = h();
    for (let i = 0; i < n; i++) u8[dst + i] = +(f32[(a >> 2) + i] > t);
  };
  return out;
}

function floatKernels(arr: () => Float32Array | Float64Array, tabs: () => Int32Array, sh: number, R: (x: number) => number) {
  return {
    sym(dst: number, dstStep: number, tab: number, tabStep: number, srcStep: number, rows: number, n: number, w: number, r: number) {
      const f = arr();
      const t = tabs();
      const wv: number[] = [];
      for (let k = 0; k <= r; k++) wv.push(f[(w >> sh) + k]);
      const lo: number[] = [];
      const hi: number[] = [];
      for (let row = 0; row < rows; row++) {
        const tb = (tab >> 2) + row * tabStep;
        const off = row * srcStep;
        const d = (dst + row * dstStep) >> sh;
        const c = (t[tb + r] + off) >> sh;
        for (let k = 1; k <= r; k++) {
          lo[k] = (t[tb + r - k] + off) >> sh;
          hi[k] = (t[tb + r + k] + off) >> sh;
        }
        for (let i = 0; i < n; i++) {
          let acc = R(f[c + i] * wv[0]);
          for (let k = r; k >= 1; k--) acc = R(acc + R(R(f[lo[k] + i] + f[hi[k] + i]) * wv[k]));
          f[d + i] = acc;
        }
      }
    },
    box(dst: number, dstStep: number, tab: number, tabStep: number, srcStep: number, rows: number, n: number, size: number) {
      const f = arr();
      const t = tabs();
      const s: number[] = [];
      for (let row = 0; row < rows; row++) {
        const tb = (tab >> 2) + row * tabStep;
        const d = (dst + row * dstStep) >> sh;
        for (let k = 0; k < size; k++) s[k] = (t[tb + k] + row * srcStep) >> sh;
        for (let i = 0; i < n; i++) {
          let acc = f[s[0] + i];
          for (let k = 1; k < size; k++) acc = R(acc + f[s[k] + i]);
          f[d + i] = R(acc / size);
        }
      }
    },
    deriv(dst: number, dstStep: number, tab: number, tabStep: number, srcStep: number, rows: number, n: number) {
      const f = arr();
      const t = tabs();
      for (let row = 0; row < rows; row++) {
        const tb = (tab >> 2) + row * tabStep;
        const d = (dst + row * dstStep) >> sh;
        const a = (t[tb] + row * srcStep) >> sh;
        const b = (t[tb + 2] + row * srcStep) >> sh;
        for (let i = 0; i < n; i++) f[d + i] = R(f[b + i] - f[a + i]);
      }
    },
    add(dst: number, a: number, b: number, n: number) {
      const f = arr();
      const [d, x, y] = [dst >> sh, a >> sh, b >> sh];
      for (let i = 0; i < n; i++) f[d + i] = R(f[x + i] + f[y + i]);
    },
    sub(dst: number, a: number, b: number, n: number) {
      const f = arr();
      const [d, x, y] = [dst >> sh, a >> sh, b >> sh];
      for (let i = 0; i < n; i++) f[d + i] = R(f[x + i] - f[y + i]);
    },
    /** In double arithmetic for float32 parts too, rounded once (see filters.c). */
    mag(dst: number, a: number, b: number, c: number, n: number) {
      const f = arr();
      const [d, x, y, z] = [dst >> sh, a >> sh, b >> sh, c >> sh];
      for (let i = 0; i < n; i++) {
        const p = f[x + i];
        const q = f[y + i];
        let acc = p * p + q * q;
        if (c) acc += f[z + i] * f[z + i];
        f[d + i] = Math.sqrt(acc);
      }
    },
    sq(dst: number, a: number, n: number) {
      const f = arr();
      const [d, x] = [dst >> sh, a >> sh];
      for (let i = 0; i < n; i++) f[d + i] = R(f[x + i] * f[x + i]);
    },
    var(dst: number, m1: number, m2: number, n: number, root: number) {
      const f = arr();
      const [d, a, b] = [dst >> sh, m1 >> sh, m2 >> sh];
      for (let i = 0; i < n; i++) {
        const m = f[a + i];
        const v = Math.max(R(f[b + i] - R(m * m)), 0);
        f[d + i] = root ? R(Math.sqrt(v)) : v;
      }
    },
  };
}

function xext(arr: () => Uint8Array | Uint16Array | Uint32Array, tabs: () => Int32Array, sh: number, words: number): Kernel {
  return (dst, src, X, rows, dstStride, lo, hi, xtab, cval) => {
    const a = arr();
    const t = tabs();
    const xt = xtab >> 2;
    const cv = cval >> sh;
    const put = (to: number, from: number): void => {
      for (let w = 0; w < words; w++) a[to + w] = a[from + w];
    };
    for (let row = 0; row < rows; row++) {
      const s = (src >> sh) + row * X * words;
      const d = (dst >> sh) + row * dstStride * words;
      a.copyWithin(d + lo * words, s, s + X * words);
      for (let j = 0; j < lo; j++) put(d + j * words, t[xt + j] < 0 ? cv : s + t[xt + j] * words);
      for (let j = 0; j < hi; j++) put(d + (lo + X + j) * words, t[xt + lo + j] < 0 ? cv : s + t[xt + lo + j] * words);
    }
  };
}

type Value = number | bigint;

function orderKernels(arr: () => AnyArray, tabs: () => Int32Array, sh: number, big: boolean, float: boolean) {
  // Math.min/max are IEEE minimum/maximum (NaN wins, -0 < +0), as wasm's f32x4.min/max; integers and
  // bigints have no such cases.
  const min = big ? (a: Value, b: Value) => (a < b ? a : b) : (Math.min as (a: Value, b: Value) => Value);
  const max = big ? (a: Value, b: Value) => (a > b ? a : b) : (Math.max as (a: Value, b: Value) => Value);
  const get = arr as () => { [i: number]: Value; length: number };
  const minmax = (pick: (a: Value, b: Value) => Value) =>
    (dst: number, dstStep: number, tab: number, tabStep: number, srcStep: number, rows: number, n: number, size: number) => {
      const f = get();
      const t = tabs();
      const s: number[] = [];
      for (let row = 0; row < rows; row++) {
        const tb = (tab >> 2) + row * tabStep;
        const d = (dst + row * dstStep) >> sh;
        for (let k = 0; k < size; k++) s[k] = (t[tb + k] + row * srcStep) >> sh;
        for (let i = 0; i < n; i++) {
          let acc = f[s[0] + i];
          for (let k = 1; k < size; k++) acc = pick(acc, f[s[k] + i]);
          f[d + i] = acc;
        }
      }
    };
  const network = (net: Network) => (outs: number, outStep: number, tab: number, tabStep: number, srcStep: number, rows: number, n: number) => {
    const f = get();
    const t = tabs();
    const N = net.inputs;
    const w: Value[] = new Array(N);
    const ins: number[] = new Array(N);
    const os: number[] = net.outs.map(() => 0);
    for (let row = 0; row < rows; row++) {
      const tb = (tab >> 2) + row * tabStep;
      for (let k = 0; k < N; k++) ins[k] = (t[tb + k] + row * srcStep) >> sh;
      for (let j = 0; j < os.length; j++) os[j] = (t[(outs >> 2) + j] + row * outStep) >> sh;
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < N; k++) w[k] = f[ins[k] + i];
        for (const [kind, a, b] of net.ops) {
          if (kind === 0) {
            const lo = min(w[a], w[b]);
            w[b] = max(w[a], w[b]);
            w[a] = lo;
          } else if (kind === 1) w[a] = min(w[a], w[b]);
          else w[b] = max(w[a], w[b]);
        }
        for (let j = 0; j < os.length; j++) f[os[j] + i] = w[net.outs[j]];
      }
    }
  };
  return {
    min: minmax(min),
    max: minmax(max),
    diff(dst: number, dstStep: number, a: number, aStep: number, b: number, bStep: number, rows: number, n: number) {
      const f = arr();
      for (let row = 0; row < rows; row++) {
        const d = (dst + row * dstStep) >> sh;
        const x = (a + row * aStep) >> sh;
        const y = (b + row * bStep) >> sh;
        // Stores wrap integers (and round floats) exactly as the wasm subtraction does.
        if (big) for (let i = 0; i < n; i++) (f as BigInt64Array)[d + i] = (f as BigInt64Array)[x + i] - (f as BigInt64Array)[y + i];
        else for (let i = 0; i < n; i++) (f as NumArray)[d + i] = (f as NumArray)[x + i] - (f as NumArray)[y + i];
      }
    },
    foot(dst: number, planes: number, ytab: number, cvalRow: number, X: number, Y: number, stride: number, rx: number, runs: number, nruns: number, isMax: number) {
      const f = get();
      const t = tabs();
      const pick = isMax ? max : min;
      const d = dst >> sh;
      for (let y = 0; y < Y; y++) {
        for (let x = 0; x < X; x++) {
          let acc: Value = 0;
          for (let q = 0; q < nruns; q++) {
            const yi = t[(ytab >> 2) + y + t[(runs >> 2) + 3 * q + 1]];
            const w = t[(runs >> 2) + 3 * q + 2];
            const row = (yi < 0 ? cvalRow >> sh : (t[(planes >> 2) + t[(runs >> 2) + 3 * q]] >> sh) + yi * stride) + x + rx;
            if (q === 0) acc = f[row - w];
            for (let dx = -w; dx <= w; dx++) acc = pick(acc, f[row + dx]);
          }
          f[d + y * X + x] = acc;
        }
      }
    },
    median(dst: number, planes: number, nz: number, ytab: number, ny: number, cvalRow: number, X: number, Y: number, nx: number, stride: number) {
      const f = arr();
      const t = tabs();
      const work = new (f.constructor as new (n: number) => AnyArray)(nz * ny * nx);
      const d = dst >> sh;
      for (let y = 0; y < Y; y++) {
        for (let x = 0; x < X; x++) {
          let m = 0;
          let nan = false;
          for (let p = 0; p < nz; p++) {
            for (let dy = 0; dy < ny; dy++) {
              const yi = t[(ytab >> 2) + y + dy];
              const row = (yi < 0 ? cvalRow >> sh : (t[(planes >> 2) + p] >> sh) + yi * stride) + x;
              for (let dx = 0; dx < nx; dx++) {
                const val = f[row + dx];
                if (float && val !== val) nan = true;
                work[m++] = val as never;
              }
            }
          }
          // A typed array sorts numerically with -0 before +0: the order the wasm keys give.
          f[d + y * X + x] = (nan ? NaN : work.sort()[m >> 1]) as never;
        }
      }
    },
    sort3: network(SORT3),
    merge9: network(MERGE9),
    select9: network(SELECT9),
    select27: network(SELECT27),
  };
}
