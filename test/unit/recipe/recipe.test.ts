import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPS } from '../../../app/filters/catalog.js';
import { makeRecipe, parseRecipe, recipeText } from '../../../app/recipe/recipe.js';
import { FIXTURES } from '../paths.js';

const fixture = (name: string): string => readFileSync(join(FIXTURES, 'recipes', name), 'utf8');
const parse = (o: unknown): unknown => parseRecipe(JSON.stringify(o), 'r.json', OPS);
const v2 = (steps: unknown[]): unknown => ({ format: 'voxelscope-recipe', version: 2, steps });

describe('recipes', () => {
  it('a version 1 recipe loads as its version 2 form (selem renamed footprint)', () => {
    const a = parseRecipe(fixture('v1-tophat.json'), 'v1-tophat.json', OPS);
    const b = parseRecipe(fixture('v2-tophat.json'), 'v2-tophat.json', OPS);
    expect(a.version).toBe(2);
    expect(a.steps).toEqual(b.steps);
    expect(a.steps[1]).toEqual({ op: 'white_tophat', size: 5, footprint: 'ball', mode: 'nearest' });
  });

  it('a recipe from a newer version says so instead of guessing', () => {
    expect(() => parse({ format: 'voxelscope-recipe', version: 3, steps: [{ op: 'gaussian', sigma: 1 }] })).toThrow(/^r\.json: recipe version 3 was written by a newer Voxelscope; this one reads versions 1 to 2/);
  });

  it('one clear error names the step and the field', () => {
    expect(() => parse(v2([{ op: 'gaussian', sigma: 1 }, { op: 'blur' }]))).toThrow(/^r\.json: step 2: unknown op 'blur'/);
    expect(() => parse(v2([{ op: 'gaussian', sigma: -1 }]))).toThrow(/^r\.json: step 1: gaussian: sigma.*at least 0/);
    expect(() => parse(v2([{ op: 'median', size: 'three' }]))).toThrow(/^r\.json: step 1: median: size/);
    expect(() => parse(v2([{ op: 'median', size: 3, radius: 2 }]))).toThrow(/^r\.json: step 1: median: .*radius/);
    expect(() => parse(v2([{ sigma: 1 }]))).toThrow(/^r\.json: step 1: op: /);
    // A disabled step is validated too: a recipe that loads also runs when the step is switched on.
    expect(() => parse(v2([{ op: 'gaussian', sigma: 1 }, { op: 'median', size: 0, enabled: false }]))).toThrow(/^r\.json: step 2: median: size/);
  });

  it('refuses what is not a recipe, naming the file', () => {
    expect(() => parseRecipe('{', 'r.json', OPS)).toThrow(/^r\.json: not JSON/);
    expect(() => parse([1])).toThrow(/^r\.json: expected a JSON object/);
    expect(() => parse({ format: 'something-else', version: 2, steps: [{ op: 'laplace' }] })).toThrow(/^r\.json: format: expected "format": "voxelscope-recipe"/);
    expect(() => parse({ format: 'voxelscope-recipe', version: '2', steps: [] })).toThrow(/^r\.json: version: expected a whole number/);
    expect(() => parse(v2([]))).toThrow(/^r\.json: steps: a recipe needs at least one step/);
  });

  it('writes what it reads', () => {
    const r = makeRecipe([{ op: 'gaussian', sigma: [2, 2, 1], mode: 'reflect' }, { op: 'label', connectivity: 6 }], { app: { name: 'voxelscope', version: '0.1.0' } });
    expect(parseRecipe(recipeText(r), 'r.json', OPS)).toEqual(r);
  });
});
