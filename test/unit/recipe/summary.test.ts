import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { OPS } from '../../../app/filters/catalog.js';
import type { VolumeMeta } from '../../../app/model/volume.js';
import { appInfo, versionLine } from '../../../app/recipe/app-info.js';
import { inputDescription } from '../../../app/recipe/input-description.js';
import { makeRecipe } from '../../../app/recipe/recipe.js';
import { recipeSummary } from '../../../app/recipe/summary.js';
import { gitCommit } from '../../../scripts/git-commit.mjs';

const meta = (over: Partial<VolumeMeta>): VolumeMeta => ({
  format: 'npy', dims: { x: 4, y: 3, z: 2, c: 1, t: 1 }, dtype: 'uint16', spacing: { x: 1, y: 1, z: 1, t: 1 }, unit: '', timeUnit: '',
  channels: [{ name: '', wavelength: null }], scaling: null, affine: null, extra: {}, warnings: [], ...over,
} as VolumeMeta);

describe('recipe show', () => {
  it('every step with its parameters (defaults too), lengths in voxels with their physical entry, the input and the app', () => {
    const r = makeRecipe([{ op: 'gaussian', sigma: [2, 2, 1] }, { op: 'threshold', enabled: false }], {
      app: { name: 'voxelscope', version: '0.1.0', commit: 'abc1234' },
      input: inputDescription('cells.tif', meta({ spacing: { x: 0.5, y: 0.5, z: 1, t: 1 }, unit: 'um' }), 'a'.repeat(64)),
      physical: { 0: { sigma: { value: [1, 1, 1], unit: 'um' } } },
    });
    expect(recipeSummary(r, 'r.json', OPS)).toBe([
      'r.json: voxelscope recipe, version 2',
      '  written by voxelscope 0.1.0 (commit abc1234)',
      '  tuned on cells.tif: 4 x 3 x 2, uint16, spacing 0.5 x 0.5 x 1 um',
      `    sha256 ${'a'.repeat(64)}`,
      '  steps:',
      '    1. gaussian: sigma 2,2,1 (x,y,z) voxels (entered as 1,1,1 um), truncate 4, mode reflect, cval 0',
      '    2. threshold (switched off): method otsu',
      '',
    ].join('\n'));
  });

  it('the input description leaves out a spacing and unit the file does not state', () => {
    expect(inputDescription('a.npy', meta({}))).toEqual({ name: 'a.npy', dims: { x: 4, y: 3, z: 2, c: 1, t: 1 }, dtype: 'uint16' });
  });
});

describe('the app record', () => {
  it('unbundled, the version is unknown and no commit is claimed', () => {
    expect(appInfo()).toEqual({ name: 'voxelscope', version: '0.0.0-dev' });
    expect(versionLine()).toBe('0.0.0-dev');
  });

  it('the build names the checkout\'s commit, -dirty when tracked files changed, and nothing outside a checkout', () => {
    const head = execFileSync('git', ['rev-parse', '--short=7', 'HEAD'], { encoding: 'utf8' }).trim();
    expect(gitCommit()).toMatch(new RegExp(`^${head}(-dirty)?$`));
    expect(gitCommit('/')).toBeNull();
  });
});
