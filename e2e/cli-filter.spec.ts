import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO } from './host';

/*
 * `voxelscope filter` end to end against scipy.ndimage / scikit-image run by Debian's python3: the built
 * CLI on a generated uint16 file, its output written as .npy, .tif, .nii or .nii.gz and read back by
 * python (numpy, tifffile, nibabel). Exact for integer outputs, within 1e-5 of the largest reference value
 * otherwise. test/unit/filters/oracles.test.ts already checks the kernels on ../shared/oracles/filters_small
 * (float32, sizes 3, sigma 1 and (2,1,0.5) zyx, otsu, cube top-hats); this covers what that does not reach:
 * the command line's x,y,z order, an integer input, an even median, a non-zero cval, the ball footprint,
 * every threshold method, and the writers.
 */

const PYTHON = '/usr/bin/python3';
const cli = (...args: string[]) => spawnSync(process.execPath, [join(REPO, 'bin/voxelscope.mjs'), ...args], { encoding: 'utf8' });
const py = (code: string, ...args: string[]) => spawnSync(PYTHON, ['-c', code, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
const hasPython = existsSync(PYTHON) && py('import numpy, scipy, skimage, tifffile, nibabel').status === 0;

/** A CLI run and its reference: `ref` is a python expression over u (the uint16 input), f (as float64), m (the mask). */
interface Case { name: string; input: 'u' | 'm'; args: string[]; ext: string; ref: string; exact: boolean; count?: string }

const MODES: [string, string[], string][] = [
  ['reflect', ['--mode', 'reflect'], "mode='reflect'"],
  ['mirror', ['--mode', 'mirror'], "mode='mirror'"],
  ['nearest', ['--mode', 'nearest'], "mode='nearest'"],
  ['wrap', ['--mode', 'wrap'], "mode='wrap'"],
  ['constant 150', ['--mode', 'constant', '--cval', '150'], "mode='constant', cval=150"],
];
const EXTS = ['npy', 'tif', 'nii', 'nii.gz'];

function cases(): Case[] {
  const c: Case[] = [];
  const add = (x: Omit<Case, 'ext'>) => c.push({ ...x, ext: EXTS[c.length % EXTS.length] });
  for (const [m, args, py] of MODES) {
    add({ name: `gaussian 2,2,1 ${m}`, input: 'u', args: ['--op', 'gaussian', '--sigma', '2,2,1', ...args], ref: `ndi.gaussian_filter(f, (1, 2, 2), ${py})`, exact: false });
  }
  for (const [m, args, py] of [MODES[0], MODES[4]]) {
    add({ name: `median 4 ${m}`, input: 'u', args: ['--op', 'median', '--size', '4', ...args], ref: `ndi.median_filter(u, 4, ${py})`, exact: true });
  }
  add({ name: 'minimum 3,3,1 nearest', input: 'u', args: ['--op', 'minimum', '--size', '3,3,1', '--mode', 'nearest'], ref: "ndi.minimum_filter(u, (1, 3, 3), mode='nearest')", exact: true });
  add({ name: 'maximum 2,3,4 wrap', input: 'u', args: ['--op', 'maximum', '--size', '2,3,4', '--mode', 'wrap'], ref: "ndi.maximum_filter(u, (4, 3, 2), mode='wrap')", exact: true });
  add({ name: 'uniform 3 mirror', input: 'u', args: ['--op', 'uniform', '--size', '3', '--mode', 'mirror'], ref: "ndi.uniform_filter(f, 3, mode='mirror')", exact: false });
  for (const [axis, k] of [['x', 2], ['y', 1], ['z', 0]] as const) {
    add({ name: `sobel ${axis}`, input: 'u', args: ['--op', 'sobel', '--axis', axis], ref: `ndi.sobel(f, ${k}, mode='reflect')`, exact: false });
  }
  add({ name: 'sobel magnitude', input: 'u', args: ['--op', 'sobel', '--axis', 'magnitude', '--mode', 'nearest'], ref: "np.sqrt(sum(ndi.sobel(f, k, mode='nearest') ** 2 for k in range(3)))", exact: false });
  add({ name: 'laplace constant 150', input: 'u', args: ['--op', 'laplace', '--mode', 'constant', '--cval', '150'], ref: "ndi.laplace(f, mode='constant', cval=150)", exact: false });
  add({ name: 'dog 1, 2', input: 'u', args: ['--op', 'dog', '--sigma1', '1', '--sigma2', '2'], ref: "ndi.gaussian_filter(f, 1, mode='reflect') - ndi.gaussian_filter(f, 2, mode='reflect')", exact: false });
  for (const top of ['white', 'black']) {
    add({ name: `${top} top-hat cube 3`, input: 'u', args: ['--op', `${top}_tophat`, '--size', '3', '--footprint', 'cube'], ref: `ndi.${top}_tophat(u, size=3, mode='reflect')`, exact: true });
    add({ name: `${top} top-hat ball 5`, input: 'u', args: ['--op', `${top}_tophat`, '--size', '5', '--footprint', 'ball'], ref: `ndi.${top}_tophat(u, footprint=morphology.ball(2), mode='reflect')`, exact: true });
  }
  for (const method of ['otsu', 'li', 'triangle', 'yen', 'isodata', 'mean']) {
    add({ name: `threshold ${method}`, input: 'u', args: ['--op', 'threshold', '--method', method], ref: `(u > filters.threshold_${method}(u)).astype(np.uint8)`, exact: true });
  }
  for (const [conn, rank] of [['6', 1], ['18', 2], ['26', 3]] as const) {
    add({
      name: `label ${conn}`, input: 'm', args: ['--op', 'label', '--connectivity', conn],
      ref: `ndi.label(m, structure=ndi.generate_binary_structure(3, ${rank}), output=np.int32)[0]`, exact: true,
      count: `str(ndi.label(m, structure=ndi.generate_binary_structure(3, ${rank}))[1])`,
    });
  }
  return c;
}

test.skip(!hasPython, 'needs Debian python3 with numpy, scipy, skimage, tifffile and nibabel');

test('voxelscope filter matches scipy.ndimage / scikit-image through every writer', () => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'vs-cli-filter-'));
  const u = join(dir, 'input.npy');
  const m = join(dir, 'mask.npy');
  // Bright blobs on a ramp with noise, uint16 (z 9, y 11, x 13); the mask has several separate objects,
  // some meeting only along edges or at corners.
  const g = py(`import sys, numpy as np
rng = np.random.default_rng(3)
z, y, x = np.mgrid[0:9, 0:11, 0:13]
v = 200 + 9 * x + 4 * y + rng.integers(0, 60, (9, 11, 13))
for cz, cy, cx, r in [(2, 3, 3, 2.5), (6, 7, 9, 3), (4, 8, 2, 1.5)]:
    v[(z - cz) ** 2 + (y - cy) ** 2 + (x - cx) ** 2 <= r * r] += 1500
np.save(sys.argv[1], v.astype(np.uint16))
mask = (rng.random((9, 11, 13)) > 0.8).astype(np.uint8)
np.save(sys.argv[2], mask)`, u, m);
  expect(g.status, g.stderr).toBe(0);

  const all = cases();
  const outputs: Record<string, { out: string; stdout: string }> = {};
  for (const [i, c] of all.entries()) {
    const out = join(dir, `out-${i}.${c.ext}`);
    const r = cli('filter', c.input === 'u' ? u : m, '-o', out, ...c.args);
    expect(r.status, `${c.name}: ${r.stderr}`).toBe(0);
    outputs[c.name] = { out, stdout: r.stdout };
  }

  const spec = join(dir, 'cases.json');
  writeFileSync(spec, JSON.stringify(all.map((c) => ({ ...c, out: outputs[c.name].out }))));
  const r = py(`import json, sys, numpy as np, scipy.ndimage as ndi, tifffile, nibabel as nib
from skimage import filters, morphology
u = np.load(sys.argv[1]); f = u.astype(np.float64); m = np.load(sys.argv[2])
def read(path):
    if path.endswith('.npy'):
        return np.load(path)
    if path.endswith('.tif'):
        return tifffile.imread(path).reshape(u.shape)
    img = nib.load(path)
    return np.asarray(img.dataobj.get_unscaled()).reshape(u.shape[::-1], order='A').transpose(2, 1, 0)
res = {}
for c in json.load(open(sys.argv[3])):
    ours = read(c['out'])
    ref = eval(c['ref'])
    d = float(np.max(np.abs(ours.astype(np.float64) - ref.astype(np.float64)))) if ours.shape == ref.shape else float('inf')
    res[c['name']] = {'dtype': str(ours.dtype), 'shape': list(ours.shape), 'maxDiff': d, 'scale': float(np.max(np.abs(ref))),
                      'count': eval(c['count']) if c.get('count') else None, 'nonzero': int(np.count_nonzero(ref))}
print(json.dumps(res))`, u, m, spec);
  expect(r.status, r.stderr).toBe(0);
  const res = JSON.parse(r.stdout) as Record<string, { dtype: string; shape: number[]; maxDiff: number; scale: number; count: string | null; nonzero: number }>;

  const wantType = (c: Case): string => {
    const op = c.args[1];
    if (op === 'threshold') return 'uint8';
    if (op === 'label') return 'int32';
    return ['median', 'minimum', 'maximum', 'white_tophat', 'black_tophat'].includes(op) ? 'uint16' : 'float32';
  };
  for (const c of all) {
    const got = res[c.name];
    const what = `${c.name} (.${c.ext})`;
    expect.soft(got.shape, what).toEqual([9, 11, 13]);
    expect.soft(got.dtype, what).toBe(wantType(c));
    expect.soft(got.nonzero, `${what}: the reference is not all zero`).toBeGreaterThan(0);
    if (c.exact) expect.soft(got.maxDiff, what).toBe(0);
    else expect.soft(got.maxDiff, what).toBeLessThanOrEqual(1e-5 * got.scale);
    if (c.count) expect.soft(outputs[c.name].stdout, what).toBe(`${got.count}\n`);
  }
});
