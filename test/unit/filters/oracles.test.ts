import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAVE_SHARED, SHARED } from '../paths.js';
import { BACKENDS, HAVE_WASM, runFilter, sameBytes, volume, withBackend } from './backends.js';

/**
 * Every filter and boundary mode of ../shared/oracles/filters_small (scipy.ndimage 1.10 on a 16x14x12
 * float32 volume) with the tolerances its index gives, on both kernel backends, which must also agree
 * byte for byte. Skipped where ../shared is absent.
 */
const DIR = join(SHARED, 'oracles/filters_small');
const HAVE = HAVE_SHARED && existsSync(join(DIR, 'index.json'));

interface Entry {
  file: string;
  filter: string;
  mode: string;
  cval: number;
  params: Record<string, unknown>;
  shape_zyx: [number, number, number];
  tolerance: { rtol?: number; atol?: number; exact?: boolean };
}

/** The oracle's filter name as an op of ours (per-axis values x, y, z; the oracle lists z, y, x). */
function opOf(e: Entry): [string, Record<string, unknown>] {
  const f = e.filter;
  const m = /^gaussian_s(.*)$/.exec(f);
  if (m) {
    const zyx = m[1].split('_').map(Number);
    return ['gaussian', { sigma: zyx.length === 1 ? zyx[0] : zyx.reverse() }];
  }
  if (f === 'median_3') return ['median', { size: 3 }];
  if (f === 'mean_3') return ['uniform', { size: 3 }];
  if (f === 'min_3') return ['minimum', { size: 3 }];
  if (f === 'max_3') return ['maximum', { size: 3 }];
  if (f === 'variance_3') return ['variance', { size: 3 }];
  if (f === 'std_3') return ['std', { size: 3 }];
  if (f === 'sobel_mag') return ['sobel', { axis: 'magnitude' }];
  const s = /^sobel_axis(\d)$/.exec(f);
  if (s) return ['sobel', { axis: ['z', 'y', 'x'][Number(s[1])] }];
  if (f === 'laplace') return ['laplace', {}];
  if (f === 'dog_s1.0_s2.0') return ['dog', { sigma1: 1, sigma2: 2 }];
  if (f === 'white_tophat_cube3') return ['white_tophat', { size: 3, footprint: 'cube' }];
  if (f === 'black_tophat_cube3') return ['black_tophat', { size: 3, footprint: 'cube' }];
  throw new Error(`no op for oracle ${f}`);
}

describe.skipIf(!HAVE)('filters against scipy.ndimage (shared oracles)', () => {
  const index = HAVE ? JSON.parse(readFileSync(join(DIR, 'index.json'), 'utf8')) : { outputs: [] };
  const raw = HAVE ? readFileSync(join(DIR, index.input.file)) : Buffer.alloc(0);
  const [Z, Y, X] = HAVE ? index.input.shape_zyx : [1, 1, 1];
  const input = volume('float32', { x: X, y: Y, z: Z }, new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)));
  const entries: Entry[] = index.outputs.filter((e: Entry) => e.file.endsWith('.f32'));

  it('covers every filter and mode the oracle has', () => {
    expect(entries.length).toBeGreaterThanOrEqual(80);
    for (const e of entries) expect(() => opOf(e)).not.toThrow();
  });

  for (const e of entries) {
    it(`${e.file}`, () => {
      const [op, params] = opOf(e);
      const b = readFileSync(join(DIR, e.file));
      const want = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
      const results = BACKENDS.filter((be) => be === 'ts' || HAVE_WASM).map((be) => withBackend(be, () => runFilter(op, input, { ...params, mode: e.mode, cval: e.cval })));
      for (const got of results) {
        const data = got.data as Float32Array;
        let worst = 0;
        let where = -1;
        for (let i = 0; i < want.length; i++) {
          const err = Math.abs(data[i] - want[i]);
          const allowed = e.tolerance.exact ? 0 : (e.tolerance.atol ?? 0) + (e.tolerance.rtol ?? 0) * Math.abs(want[i]);
          if (!(err <= allowed) && err - allowed > worst) {
            worst = err - allowed;
            where = i;
          }
        }
        expect(where, where < 0 ? '' : `voxel ${where}: ${data[where]} vs scipy ${want[where]}`).toBe(-1);
      }
      if (results.length === 2) expect(sameBytes(results[0], results[1])).toBeNull();
    });
  }

  it.skipIf(!HAVE_WASM)('runs the wasm kernels here (clang and lld installed)', () => {
    expect(HAVE_WASM).toBe(true);
  });
});
