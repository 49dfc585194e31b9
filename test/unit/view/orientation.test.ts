import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { axisCodes } from '../../../app/view/orientation.js';
import { viewFrame } from '../../../app/view/view-frame.js';
import { HAVE_SHARED, SHARED } from '../paths.js';

type Mat = number[][];
const diag = (a: number, b: number, c: number): Mat => [[a, 0, 0, 0], [0, b, 0, 0], [0, 0, c, 0], [0, 0, 0, 1]];

function rotation(axis: 0 | 1 | 2, deg: number): Mat {
  const r = (deg * Math.PI) / 180;
  const [i, j] = [[1, 2], [2, 0], [0, 1]][axis];
  const m = diag(1, 1, 1);
  m[i][i] = Math.cos(r); m[i][j] = -Math.sin(r);
  m[j][i] = Math.sin(r); m[j][j] = Math.cos(r);
  return m;
}
const mul = (a: Mat, b: Mat): Mat => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));

/** Small deterministic PRNG so the random affines are the same on every run. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

const NAMED: Record<string, Mat> = {
  identity: diag(1, 1, 1),
  'LPS flipped': diag(-1, -1, 1),
  'LAS 2mm': diag(-2, 2, 2),
  'anisotropic RAS': diag(0.5, 0.5, 3),
  'permuted (x→A, y→S, z→R)': [[0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1]],
  'permuted and flipped': [[0, -2, 0, 5], [0, 0, 3, -1], [-1, 0, 0, 2], [0, 0, 0, 1]],
  'oblique 30° about z': rotation(2, 30),
  'oblique 44° about x, flipped x': mul(rotation(0, 44), diag(-1, 1, 1)),
  'oblique compound': mul(mul(rotation(0, 20), rotation(1, -35)), mul(rotation(2, 50), diag(2, 1, 3))),
  'sheared': [[1, 0.9, 0, 0], [0, 1, 0, 0], [0, 0.2, 1, 0], [0, 0, 0, 1]],
  'zero x column': diag(0, 1, 1),
  'zero y column, flipped z': diag(2, 0, -1),
  'x and y columns equal': [[1, 1, 0, 0], [0, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]],
};
const random = lcg(7);
for (let k = 0; k < 40; k++) {
  NAMED[`random ${k}`] = [[random(), random(), random(), 0], [random(), random(), random(), 0], [random(), random(), random(), 0], [0, 0, 0, 1]];
}

describe('axisCodes by hand', () => {
  it('identity is RAS; a flipped x/y is LPS', () => {
    expect(axisCodes(diag(1, 1, 1))).toEqual(['R', 'A', 'S']);
    expect(axisCodes(diag(-1, -1, 1))).toEqual(['L', 'P', 'S']);
    expect(axisCodes(NAMED['permuted (x→A, y→S, z→R)'])).toEqual(['A', 'S', 'R']);
  });

  it('oblique axes take their dominant direction; unlabelable axes give ?', () => {
    expect(axisCodes(NAMED['oblique 30° about z'])).toEqual(['R', 'A', 'S']);
    expect(axisCodes(diag(0, 1, 1))).toEqual(['?', 'A', 'S']);
  });
});

/** nibabel's aff2axcodes for each affine through Debian's python3, or the reason it cannot run. */
function nibabelCodes(affines: Mat[]): { codes: (string | null)[][] } | { reason: string } {
  const python = '/usr/bin/python3';
  if (!existsSync(python)) return { reason: `${python} not found` };
  const script = 'import sys, json, numpy as np, nibabel as nib\n'
    + 'print(json.dumps([list(nib.aff2axcodes(np.array(a, dtype=float))) for a in json.load(sys.stdin)]))';
  const r = spawnSync(python, ['-c', script], { input: JSON.stringify(affines), encoding: 'utf8' });
  if (r.status !== 0) return { reason: `python3 with nibabel failed: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}` };
  return { codes: JSON.parse(r.stdout) };
}

const names = Object.keys(NAMED);
const oracle = nibabelCodes(names.map((n) => NAMED[n]));
const skipReason = 'reason' in oracle ? oracle.reason : '';
if (skipReason) console.warn(`orientation vs nibabel skipped: ${skipReason}`);

describe.skipIf(!!skipReason)(`axisCodes agrees with nibabel aff2axcodes${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  names.forEach((name, k) => {
    it(name, () => {
      const codes = 'codes' in oracle ? oracle.codes[k] : [];
      expect(axisCodes(NAMED[name])).toEqual(codes.map((c) => c ?? '?'));
    });
  });
});

/** Real NIfTI files: the orientation nibabel reported for each (shared/data/expected.json). */
const DATA = join(SHARED, 'data');
const expected: Record<string, { best_affine: Mat; orientation: string; qform_code: number; sform_code: number }> =
  HAVE_SHARED ? JSON.parse(readFileSync(join(DATA, 'expected.json'), 'utf8')) : {};
const niftiKeys = Object.keys(expected).filter((k) => k.startsWith('nifti/') && (expected[k].qform_code > 0 || expected[k].sform_code > 0));

const WORLD_AXIS: Record<string, string> = { R: 'lr', L: 'lr', A: 'ap', P: 'ap', S: 'si', I: 'si' };

describe.skipIf(!HAVE_SHARED)('axisCodes and the anatomical views of the shared NIfTI files', () => {
  for (const key of niftiKeys) {
    it(key, () => {
      const e = expected[key];
      expect(axisCodes(e.best_affine).join('')).toBe(e.orientation);
      // Whatever the storage order, each anatomical view carries the same letters.
      const f = viewFrame(e.best_affine, 'radiological');
      const byPlane = Object.fromEntries((['xy', 'xz', 'yz'] as const).map((a) => [f.views[a].plane, f.labels![a]]));
      expect(byPlane.axial).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
      expect(byPlane.coronal).toEqual({ left: 'R', right: 'L', top: 'S', bottom: 'I' });
      expect(byPlane.sagittal).toEqual({ left: 'A', right: 'P', top: 'S', bottom: 'I' });
      // The axial plane is the one whose normal nibabel labels S or I (z for 'LPS', x for 'SPL').
      const normalOf = { xy: 2, xz: 1, yz: 0 } as const;
      const axial = (['xy', 'xz', 'yz'] as const).find((a) => f.views[a].plane === 'axial')!;
      expect(WORLD_AXIS[e.orientation[normalOf[axial]]]).toBe('si');
    });
  }
});
