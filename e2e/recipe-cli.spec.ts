import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO } from './host';

/*
 * `voxelscope recipe show | validate | python` through the built CLI, and the Python script it writes run
 * with Debian's python3 (scipy.ndimage, scikit-image) against `voxelscope filter` chained step by step,
 * which is what a recipe means (DESIGN.md): exact for integer outputs, within float tolerance otherwise.
 */

const PYTHON = '/usr/bin/python3';
const cli = (...args: string[]) => spawnSync(process.execPath, [join(REPO, 'bin/voxelscope.mjs'), ...args], { encoding: 'utf8' });
const py = (code: string, ...args: string[]) => spawnSync(PYTHON, ['-c', code, ...args], { encoding: 'utf8' });
const hasPython = existsSync(PYTHON) && py('import numpy, scipy, skimage').status === 0;
const fixture = (name: string): string => join(REPO, 'test/fixtures/recipes', name);

type Step = { op: string; enabled?: boolean } & Record<string, unknown>;
const recipe = (steps: Step[]) => ({ format: 'voxelscope-recipe', version: 2, steps });

let dir = '';
let input = '';

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vs-recipe-cli-'));
  input = join(dir, 'blobs.npy');
  if (!hasPython) return;
  // Bright blobs on a dim, noisy background (uint16, z 10, y 20, x 24): the thresholds fall far from any voxel.
  const r = py(
    `import numpy as np, sys
rng = np.random.default_rng(7)
z, y, x = np.mgrid[0:10, 0:20, 0:24]
v = 100 + rng.integers(0, 40, (10, 20, 24))
for cz, cy, cx, rad in [(3, 5, 6, 3), (6, 14, 17, 4), (5, 4, 19, 2)]:
    v[(z - cz) ** 2 + (y - cy) ** 2 + (x - cx) ** 2 <= rad * rad] += 2000
np.save(sys.argv[1], v.astype(np.uint16))`,
    input,
  );
  expect(r.status, r.stderr).toBe(0);
});

/** The steps run one after another with `voxelscope filter`, each intermediate a .npy; returns the last output. */
function filterChain(steps: Step[], tag: string): string {
  let cur = input;
  steps.filter((s) => s.enabled !== false).forEach((s, i) => {
    const out = join(dir, `${tag}-${i}.npy`);
    const args = ['filter', cur, '-o', out, '--op', s.op];
    for (const [k, v] of Object.entries(s)) if (k !== 'op' && k !== 'enabled') args.push(`--${k}`, Array.isArray(v) ? v.join(',') : String(v));
    const r = cli(...args);
    expect(r.status, r.stderr).toBe(0);
    cur = out;
  });
  return cur;
}

/** The recipe as Python, run on the input; returns its output. */
function pythonRun(recipeFile: string, tag: string): string {
  const script = join(dir, `${tag}.py`);
  const g = cli('recipe', 'python', recipeFile, '-o', script);
  expect(g.status, g.stderr).toBe(0);
  const out = join(dir, `${tag}-python.npy`);
  const r = spawnSync(PYTHON, [script, input, out], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return out;
}

/** dtype, shape and the largest difference of two .npy files, as python sees them. */
function compare(ours: string, theirs: string): { dtypes: string[]; shapes: number[][]; maxDiff: number; scale: number } {
  const r = py(
    `import json, sys, numpy as np
a, b, i = np.load(sys.argv[1]), np.load(sys.argv[2]), np.load(sys.argv[3])
d = float(np.max(np.abs(a.astype(np.float64) - b.astype(np.float64)))) if a.shape == b.shape else float('inf')
scale = max(float(np.max(np.abs(b))), float(np.max(np.abs(i))))
print(json.dumps({'dtypes': [str(a.dtype), str(b.dtype)], 'shapes': [a.shape, b.shape], 'maxDiff': d, 'scale': scale}))`,
    ours, theirs, input,
  );
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

const CASES: { name: string; steps: Step[]; exact: boolean }[] = [
  { name: 'gaussian-threshold', steps: [{ op: 'gaussian', sigma: [1.5, 1.5, 1] }, { op: 'threshold', method: 'otsu' }], exact: true },
  { name: 'median', steps: [{ op: 'median', size: 3, mode: 'nearest' }], exact: true },
  { name: 'tophat', steps: [{ op: 'white_tophat', size: [5, 5, 3], footprint: 'ball', mode: 'reflect' }, { op: 'black_tophat', size: 3 }], exact: true },
  { name: 'label', steps: [{ op: 'threshold', method: 'li' }, { op: 'label', connectivity: 26 }], exact: true },
  { name: 'sobel-magnitude', steps: [{ op: 'sobel', axis: 'magnitude', mode: 'mirror' }], exact: false },
  { name: 'dog', steps: [{ op: 'dog', sigma1: 1, mode: 'constant', cval: 5 }, { op: 'gaussian', sigma: 0.7, enabled: false }], exact: false },
];

test.describe('the Python script of a recipe does what the recipe does', () => {
  test.skip(!hasPython, `needs ${PYTHON} with numpy, scipy and scikit-image (Debian's python3-scipy, python3-skimage)`);
  for (const c of CASES) {
    test(c.name, () => {
      const file = join(dir, `${c.name}.json`);
      writeFileSync(file, JSON.stringify(recipe(c.steps)));
      const ours = filterChain(c.steps, c.name);
      const theirs = pythonRun(file, c.name);
      const d = compare(ours, theirs);
      expect(d.dtypes[1]).toBe(d.dtypes[0]);
      expect(d.shapes[1]).toEqual(d.shapes[0]);
      if (c.exact) expect(d.maxDiff).toBe(0);
      else expect(d.maxDiff).toBeLessThanOrEqual(1e-5 * d.scale);
      // Something happened: the output is not the input.
      expect(d.scale).toBeGreaterThan(0);
    });
  }

  test('the version 1 fixture runs as its version 2 form, in voxelscope and in Python', () => {
    const migrated = cli('recipe', 'show', '--json', fixture('v1-tophat.json'));
    expect(migrated.status, migrated.stderr).toBe(0);
    const v1 = JSON.parse(migrated.stdout) as { version: number; steps: Step[] };
    const v2 = JSON.parse(readFileSync(fixture('v2-tophat.json'), 'utf8')) as { steps: Step[] };
    expect(v1.version).toBe(2);
    const a = filterChain(v1.steps, 'v1');
    const b = filterChain(v2.steps, 'v2');
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    const d = compare(b, pythonRun(fixture('v1-tophat.json'), 'v1'));
    expect(d.dtypes).toEqual(['float32', 'float32']);
    expect(d.maxDiff).toBeLessThanOrEqual(1e-5 * d.scale);
  });
});

test('recipe show and validate', () => {
  const show = cli('recipe', 'show', fixture('v1-tophat.json'));
  expect(show.status, show.stderr).toBe(0);
  expect(show.stdout).toContain('1. gaussian: sigma 1,1,0.5 (x,y,z) voxels, truncate 4, mode reflect');
  expect(show.stdout).toContain('2. white_tophat: size 5,5,5 (x,y,z) voxels, footprint ball');
  expect(show.stdout).toContain('3. threshold (switched off): method otsu');
  const ok = cli('recipe', 'validate', fixture('v2-tophat.json'));
  expect(ok.status).toBe(0);
  expect(ok.stdout).toBe('v2-tophat.json: valid (version 2, 3 steps)\n');

  const bad = (name: string, body: unknown, message: RegExp): void => {
    const f = join(dir, name);
    writeFileSync(f, typeof body === 'string' ? body : JSON.stringify(body));
    const r = cli('recipe', 'validate', f);
    expect(r.status, name).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  };
  bad('newer.json', { format: 'voxelscope-recipe', version: 3, steps: [{ op: 'laplace' }] }, /newer\.json: recipe version 3 was written by a newer Voxelscope; this one reads versions 1 to 2/);
  bad('unknown-op.json', recipe([{ op: 'gaussian', sigma: 1 }, { op: 'blur' }]), /unknown-op\.json: step 2: unknown op 'blur'/);
  bad('bad-param.json', recipe([{ op: 'median', size: 3, radius: 2 }]), /bad-param\.json: step 1: median: unknown parameter 'radius'/);
  bad('wrong-type.json', recipe([{ op: 'laplace' }, { op: 'gaussian', sigma: 'two' }]), /wrong-type\.json: step 2: gaussian: sigma: /);
  bad('not-json.json', '{"format":', /not-json\.json: not JSON/);

});

test('--version names the commit when built from a checkout, and the recipe\'s app record says the same', () => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
  const v = cli('--version').stdout.trim();
  const inCheckout = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: REPO, encoding: 'utf8' }).stdout.trim() === 'true';
  if (inCheckout) expect(v).toMatch(new RegExp(`^${pkg.version.replace(/\./g, '\\.')} \\(commit [0-9a-f]{7,}(-dirty)?\\)$`));
  else expect(v).toBe(pkg.version);
  const script = cli('recipe', 'python', fixture('v2-tophat.json')).stdout;
  expect(script).toContain(`Written by voxelscope ${v}.`);
});
