import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { interpolatedValue, lineProfile, profileCsv } from '../../../app/measure/profile.js';

/** A width x height plane holding f(x, y). */
function plane(width: number, height: number, f: (x: number, y: number) => number): Float32Array {
  const p = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) p[y * width + x] = f(x, y);
  return p;
}
const unit = { x: 1, y: 1 };

describe('lineProfile (ImageJ getLine with interpolation)', () => {
  const linear = plane(5, 4, (x, y) => x + 10 * y);

  it('samples round(length) + 1 points, start and end included; bilinear is exact on a linear ramp', () => {
    // (0,0) → (3,2): length √13 ≈ 3.61 → 4 steps of (0.75, 0.5) → value 5.75 per step.
    const p = lineProfile({ plane: linear, width: 5, height: 4, x0: 0, y0: 0, x1: 3, y1: 2, pixel: unit });
    expect([...p.values]).toEqual([0, 5.75, 11.5, 17.25, 23]);
    const len = Math.sqrt(13);
    [0, len / 4, len / 2, (3 * len) / 4, len].forEach((want, i) => expect(p.distance[i]).toBeCloseTo(want, 12));
  });

  it('bilinear weights on a single bright pixel', () => {
    const dot = plane(3, 3, (x, y) => (x === 1 && y === 1 ? 8 : 0));
    // Horizontal through y = 0.5: x = 0, 1, 2 → 0, (0 + 8) / 2, 0 (x = 2 is the edge column).
    expect([...lineProfile({ plane: dot, width: 3, height: 3, x0: 0, y0: 0.5, x1: 2, y1: 0.5, pixel: unit }).values]).toEqual([0, 4, 0]);
    // Diagonal (0,0) → (2,2): length 2.83 → 3 steps of 2/3: at (2/3, 2/3) the weight of (1,1) is 4/9.
    const diag = lineProfile({ plane: dot, width: 3, height: 3, x0: 0, y0: 0, x1: 2, y1: 2, pixel: unit }).values;
    expect(diag.length).toBe(4);
    expect(diag[1]).toBeCloseTo(8 * (2 / 3) * (2 / 3), 12);
    expect(diag[2]).toBeCloseTo(8 * (2 / 3) * (2 / 3), 12); // (4/3, 4/3): weight (2/3)(2/3) again
    expect([diag[0], diag[3]]).toEqual([0, 0]);
  });

  it("ImageJ's special case: a horizontal line exactly as long as the image is wide gives one sample per column", () => {
    const p = lineProfile({ plane: linear, width: 5, height: 4, x0: 0, y0: 1, x1: 5, y1: 1, pixel: unit });
    expect([...p.values]).toEqual([10, 11, 12, 13, 14]);
    // Vertical, as long as the image is tall: one sample per row.
    expect([...lineProfile({ plane: linear, width: 5, height: 4, x0: 2, y0: 0, x1: 2, y1: 4, pixel: unit }).values]).toEqual([2, 12, 22, 32]);
    // One pixel shorter: the end point is included as usual.
    expect([...lineProfile({ plane: linear, width: 5, height: 4, x0: 0, y0: 1, x1: 4, y1: 1, pixel: unit }).values]).toEqual([10, 11, 12, 13, 14]);
  });

  it('edges: clamped within one pixel of the plane (like ImageJ), NaN beyond (ImageJ gives 0)', () => {
    expect(interpolatedValue(linear, 5, 4, -0.5, 1)).toBe(10); // [-1, 0) clamps to column 0
    expect(interpolatedValue(linear, 5, 4, 4.5, 3.5)).toBe(34); // past the last column/row: clamped
    expect(interpolatedValue(linear, 5, 4, 3.5, 2.5)).toBe(28.5); // inside: bilinear
    expect(interpolatedValue(linear, 5, 4, -1.5, 1)).toBeNaN();
    expect(interpolatedValue(linear, 5, 4, 5, 1)).toBeNaN();
    const p = lineProfile({ plane: linear, width: 5, height: 4, x0: -3, y0: 0, x1: 1, y1: 0, pixel: unit });
    expect([...p.values]).toEqual([NaN, NaN, 0, 0, 1]);
  });

  it('a NaN pixel spoils only the samples that give it weight', () => {
    const holey = plane(5, 2, (x) => (x === 2 ? NaN : x));
    // Samples on pixels 0..4 of row 0: only pixel 2 itself is NaN (ImageJ would also spoil pixel 1).
    const on = lineProfile({ plane: holey, width: 5, height: 2, x0: 0, y0: 0, x1: 4, y1: 0, pixel: unit }).values;
    expect([...on]).toEqual([0, 1, NaN, 3, 4]);
    // Half-way samples: those between 1 and 2 and between 2 and 3 are NaN.
    const mid = lineProfile({ plane: holey, width: 5, height: 2, x0: 0.5, y0: 0.5, x1: 3.5, y1: 0.5, pixel: unit }).values;
    expect([...mid]).toEqual([0.5, NaN, NaN, 3.5]);
  });

  it('distances are physical, with anisotropic pixels', () => {
    // (0,0) → (3,2) with 2 x 3 unit pixels: physical length √(6² + 6²).
    const p = lineProfile({ plane: linear, width: 5, height: 4, x0: 0, y0: 0, x1: 3, y1: 2, pixel: { x: 2, y: 3 } });
    const len = Math.hypot(6, 6);
    expect(p.distance[4]).toBeCloseTo(len, 12);
    expect(p.distance[1]).toBeCloseTo(len / 4, 12);
  });

  it('a zero-length line is one sample at the point', () => {
    const p = lineProfile({ plane: linear, width: 5, height: 4, x0: 2, y0: 1, x1: 2.2, y1: 1.1, pixel: unit });
    expect([...p.values]).toEqual([12]);
    expect([...p.distance]).toEqual([0]);
  });

  it('CSV with a unit header', () => {
    const p = { distance: new Float64Array([0, 0.5, 1]), values: new Float64Array([1, 2.25, NaN]) };
    expect(profileCsv(p, 'µm')).toBe('distance_µm,value\n0,1\n0.5,2.25\n1,NaN\n');
    expect(profileCsv(p, '').split('\n')[0]).toBe('distance_px,value');
  });
});

/**
 * skimage.measure.profile_line agrees with ImageJ's getLine where their conventions meet: its
 * coordinates are (row, col) with pixel centres at integers too, it samples ceil(length + 1) points
 * where ImageJ samples round(length) + 1, so lines of whole-number length inside the plane compare.
 */
function skimageProfiles(p: Float32Array, width: number, height: number, lines: number[][]): { values: number[][] } | { reason: string } {
  const python = '/usr/bin/python3';
  if (!existsSync(python)) return { reason: `${python} not found` };
  const script = 'import sys, json, numpy as np\nfrom skimage.measure import profile_line\n'
    + 'a = json.load(sys.stdin); im = np.array(a["plane"], dtype=np.float64).reshape(a["h"], a["w"])\n'
    + 'print(json.dumps([profile_line(im, (y0, x0), (y1, x1), order=1, mode="nearest").tolist() for x0, y0, x1, y1 in a["lines"]]))';
  const r = spawnSync(python, ['-c', script], { input: JSON.stringify({ plane: [...p], w: width, h: height, lines }), encoding: 'utf8' });
  if (r.status !== 0) return { reason: `python3 with scikit-image failed: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}` };
  return { values: JSON.parse(r.stdout) };
}

const W = 20, H = 15;
let seed = 3;
const noise = plane(W, H, () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 100);
const LINES = [[2, 3, 14, 8], [0, 0, 19, 0], [5, 14, 5, 1], [1.5, 2.25, 13.5, 11.25], [19, 14, 3, 2], [10, 7, 10, 7]];
const sk = skimageProfiles(noise, W, H, LINES);
const skipReason = 'reason' in sk ? sk.reason : '';
if (skipReason) console.warn(`profile vs scikit-image skipped: ${skipReason}`);

describe.skipIf(!!skipReason)(`lineProfile agrees with skimage.measure.profile_line${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  LINES.forEach(([x0, y0, x1, y1], k) => {
    it(`(${x0}, ${y0}) → (${x1}, ${y1})`, () => {
      const ours = lineProfile({ plane: noise, width: W, height: H, x0, y0, x1, y1, pixel: unit }).values;
      const theirs = 'values' in sk ? sk.values[k] : [];
      expect(ours.length).toBe(theirs.length);
      theirs.forEach((v, i) => expect(ours[i]).toBeCloseTo(v, 9));
    });
  });
});
