import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { typedView, type DType } from '../../../app/model/dtype.js';
import type { VolumeView } from '../../../app/filters/types.js';
import { FIXTURES } from '../paths.js';
import { BACKENDS, HAVE_WASM, runFilter, sameBytes, withBackend } from './backends.js';

/**
 * The committed references of scripts/gen-filter-fixtures.py (scipy.ndimage / numpy in float64, exact
 * order statistics): every input dtype, a 2D image, plane-by-plane volumes, even and oversized windows,
 * ball and disk footprints, every mode. Both backends, which must also agree byte for byte.
 */
const DIR = join(FIXTURES, 'filters');
const index = JSON.parse(readFileSync(join(DIR, 'index.json'), 'utf8'));
const blob = readFileSync(join(DIR, 'cases.bin'));

interface Case { input: string; op: string; params: Record<string, unknown>; dtype: DType; exact: boolean; offset: number; bytes: number }

function array(dtype: DType, offset: number, bytes: number) {
  const copy = blob.buffer.slice(blob.byteOffset + offset, blob.byteOffset + offset + bytes);
  return typedView(dtype, copy);
}

function inputOf(name: string): VolumeView {
  const i = index.inputs[name];
  return { dtype: i.dtype, dims: i.dims, data: array(i.dtype, i.offset, i.bytes) };
}

const maxAbs = (a: ArrayLike<number | bigint>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(Number(a[i])));
  return m;
};

/** The first voxel outside the tolerance, as a message, or null. */
function mismatch(c: Case, input: VolumeView, got: VolumeView): string | null {
  const want = array(c.dtype, c.offset, c.bytes);
  if (c.exact) {
    for (let i = 0; i < want.length; i++) if (want[i] !== got.data[i]) return `voxel ${i}: ${got.data[i]} vs ${want[i]}`;
    return null;
  }
  const rtol = c.dtype === 'float64' ? 1e-12 : 1e-5;
  const scale = c.op === 'variance' ? maxAbs(want) : 16 * maxAbs(input.data);
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as number;
    const g = got.data[i] as number;
    if (!(Math.abs(g - w) <= rtol * Math.abs(w) + rtol * scale)) return `voxel ${i}: ${g} vs ${w}`;
  }
  return null;
}

describe('filters against committed scipy references', () => {
  const cases: Case[] = index.cases;
  it('cover every op, dtype, mode, a 2D image and plane-by-plane volumes', () => {
    const ops = new Set(cases.map((c) => c.op));
    expect([...ops].sort()).toEqual(['black_tophat', 'dog', 'gaussian', 'laplace', 'maximum', 'median', 'minimum', 'sobel', 'std', 'uniform', 'variance', 'white_tophat']);
    expect(new Set(cases.map((c) => index.inputs[c.input].dtype)).size).toBe(10);
    expect(new Set(cases.map((c) => c.params.mode ?? 'reflect')).size).toBe(5);
    expect(cases.some((c) => index.inputs[c.input].dims.z === 1)).toBe(true);
    expect(cases.some((c) => Array.isArray(c.params.axes))).toBe(true);
  });

  for (const c of cases) {
    it(`${c.op} ${JSON.stringify(c.params)} on ${c.input}`, () => {
      const input = inputOf(c.input);
      const results = BACKENDS.filter((b) => b === 'ts' || HAVE_WASM).map((b) => withBackend(b, () => runFilter(c.op, input, c.params)));
      for (const got of results) {
        expect(got.dtype).toBe(c.dtype);
        expect(mismatch(c, input, got)).toBeNull();
      }
      if (results.length === 2) expect(sameBytes(results[0], results[1])).toBeNull();
    });
  }
});
