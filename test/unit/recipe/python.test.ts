import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPS } from '../../../app/filters/catalog.js';
import { recipePython } from '../../../app/recipe/python.js';
import { makeRecipe } from '../../../app/recipe/recipe.js';

// The script's results against Voxelscope's are checked in e2e/recipe-cli.spec.ts (the built CLI); here, its text.
const PYTHON = '/usr/bin/python3';
const script = (steps: Parameters<typeof makeRecipe>[0]): string => recipePython(makeRecipe(steps), OPS, { source: 'r.json', generator: 'voxelscope test' });

describe('a recipe as Python', () => {
  it('one call per enabled step, every parameter spelled out, per-axis values in z, y, x order', () => {
    const s = script([
      { op: 'gaussian', sigma: [2, 1.5, 1] },
      { op: 'median', size: 3, enabled: false },
      { op: 'dog', sigma1: 1 },
      { op: 'threshold' },
      { op: 'label', connectivity: 18 },
    ]);
    expect(s).toContain("v = gaussian(v, sigma=(1.0, 1.5, 2.0), truncate=4.0, mode='reflect', cval=0.0)  # step 1\n");
    expect(s).not.toContain('v = median(');
    expect(s).not.toContain('def median(');
    expect(s).toContain('1 step(s) switched off in the recipe are left out.');
    // dog's sigma2 defaults to 1.6 * sigma1, written out.
    expect(s).toContain('v = dog(v, sigma1=(1.0, 1.0, 1.0), sigma2=(1.6, 1.6, 1.6), truncate=4.0');
    expect(s).toContain("v = threshold(v, method='otsu')  # step 4");
    expect(s).toContain('v = label(v, connectivity=18)  # step 5');
  });

  it('is valid Python for every op', () => {
    if (!existsSync(PYTHON)) return;
    const all = script(Object.keys(OPS).map((op) => ({ op, ...(op === 'gaussian' ? { sigma: 1 } : op === 'dog' ? { sigma1: 1 } : /tophat|median|minimum|maximum|variance|std/.test(op) ? { size: 3 } : {}) })));
    const file = join(mkdtempSync(join(tmpdir(), 'vs-py-')), 'all.py');
    writeFileSync(file, all);
    const r = spawnSync(PYTHON, ['-m', 'py_compile', file], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });
});
