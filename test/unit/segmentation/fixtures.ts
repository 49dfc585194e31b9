import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DType, TypedArray } from '../../../app/model/dtype.js';
import type { VolumeView } from '../../../app/filters/types.js';
import { FIXTURES } from '../paths.js';

/*
 * The volumes of test/fixtures/segmentation/make_fixtures.py, made here from the same formulas (a 32-bit
 * integer hash, IEEE basic arithmetic), and the references it wrote. Each volume's sha256 is in
 * expected.json, so a generator that drifted fails as such rather than as a wrong threshold.
 */

export const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'segmentation/expected.json'), 'utf8')) as Expected;

export interface ImageSpec { name: string; dtype: DType; shape: [number, number, number]; kind: string; params: Record<string, number> }
export interface MaskSpec { name: string; shape: [number, number, number]; kind: string; params?: Record<string, number> }
export type ThresholdResult = { threshold: number | string; mask_sha256: string; foreground: number } | { error: string };
export interface Region { label: number; area: number; bbox: number[]; centroid: number[]; intensity_mean: number; intensity_mean_f64: number }
export interface Expected {
  thresholds: (ImageSpec & {
    sha256: string; results: Record<string, ThresholdResult>; li_correctly_rounded_log: number | string; isodata_all: number[];
    histogram: { bins: number; counts_sha256: string; centers_sha256: string };
  })[];
  labels: (MaskSpec & { sha256: string; foreground: number; results: Record<string, { count: number; sha256: string }> })[];
  regions: { name: string; mask: MaskSpec; connectivity: 6 | 18 | 26; intensity: ImageSpec; count: number; labels_sha256: string; intensity_sha256: string; objects: Region[] }[];
}

export function sha256(a: TypedArray): string {
  return createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');
}

function h32(i: number, seed: number): number {
  let x = (Math.imul(i, 0x9e3779b1) + Math.imul(seed, 0x85ebca77)) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

const u = (i: number, seed: number): number => h32(i, seed) / 4294967296;
const SQRT3 = 1.7320508075688772;

const ARRAYS = {
  uint8: Uint8Array, int8: Int8Array, uint16: Uint16Array, int16: Int16Array, uint32: Uint32Array, int32: Int32Array,
  float32: Float32Array, float64: Float64Array,
} as const;
const LIMITS: Partial<Record<DType, [number, number]>> = {
  uint8: [0, 255], int8: [-128, 127], uint16: [0, 65535], int16: [-32768, 32767], uint32: [0, 4294967295], int32: [-2147483648, 2147483647],
};

function formula(kind: string, p: Record<string, number>, i: number): number {
  switch (kind) {
    case 'bimodal': {
      const g = (u(i, 2) + u(i, 3) + u(i, 4) + u(i, 5) - 2) * SQRT3;
      return u(i, 1) < p.p ? p.mu1 + p.sd1 * g : p.mu0 + p.sd0 * g;
    }
    case 'tail': {
      const q = u(i, 1) * u(i, 1);
      return p.base + p.scale * (q * q);
    }
    case 'constant': return p.value;
    case 'two': return u(i, 1) < p.p ? p.hi : p.lo;
  }
  throw new Error(kind);
}

const dimsOf = ([z, y, x]: [number, number, number]) => ({ x, y, z });

/** Float32 values a whole number of float32 steps above base (see make_fixtures.py). */
function steps(p: Record<string, number>, n: number): Float32Array {
  const bits = new Int32Array(n);
  const base = new Int32Array(Float32Array.of(p.base).buffer)[0];
  for (let i = 0; i < n; i++) bits[i] = base + Math.floor(u(i, 1) * p.levels) * p.step;
  return new Float32Array(bits.buffer);
}

export function makeImage(s: ImageSpec): VolumeView {
  const n = s.shape[0] * s.shape[1] * s.shape[2];
  if (s.kind === 'steps') return { data: steps(s.params, n), dims: dimsOf(s.shape), dtype: s.dtype };
  const data = new ARRAYS[s.dtype as keyof typeof ARRAYS](n);
  const lim = LIMITS[s.dtype];
  for (let i = 0; i < n; i++) {
    const v = formula(s.kind, s.params, i);
    data[i] = lim ? Math.min(lim[1], Math.max(lim[0], Math.floor(v))) : v;
  }
  return { data, dims: dimsOf(s.shape), dtype: s.dtype };
}

function spiral2d(n: number): Uint8Array {
  const m = new Uint8Array(n * n);
  let x = 0, y = 0;
  m[0] = 1;
  const dirs = [[1, 0], [0, 1], [-1, 0], [0, -1]];
  const legs = [n - 1, n - 1, n - 1];
  for (let k = n - 3; k > 0; k -= 2) legs.push(k, k);
  legs.forEach((length, leg) => {
    const [dx, dy] = dirs[leg % 4];
    for (let s = 0; s < length; s++) m[(y += dy) * n + (x += dx)] = 1;
  });
  return m;
}

export function makeMask(s: MaskSpec): VolumeView {
  const [Z, Y, X] = s.shape;
  const p = s.params ?? {};
  const data = new Uint8Array(X * Y * Z);
  const spiral = s.kind === 'spiral' ? spiral2d(X) : null;
  for (let z = 0, i = 0; z < Z; z++) {
    for (let y = 0; y < Y; y++) {
      for (let x = 0; x < X; x++, i++) {
        let on: boolean;
        switch (s.kind) {
          case 'random': on = u(i, p.seed) < p.p; break;
          case 'checker': on = (x + y + z) % 2 === 0; break;
          case 'full': on = true; break;
          case 'empty': on = false; break;
          case 'one': on = x === p.x && y === p.y && z === p.z; break;
          case 'comb': on = (x % 2 === 0 && z % 2 === 0) || y === Y - 1; break;
          case 'comb_top': on = x % 2 === 0 || y === 0; break;
          case 'spiral': on = spiral![y * X + x] === 1; break;
          case 'diagonal3': on = x === y && y === z; break;
          case 'diagonal2': on = x === y && z === 0; break;
          case 'stairs': on = x === z % X && y === Math.floor(z / 2) % Y; break;
          default: throw new Error(s.kind);
        }
        data[i] = on ? 1 : 0;
      }
    }
  }
  return { data, dims: dimsOf(s.shape), dtype: 'uint8' };
}
