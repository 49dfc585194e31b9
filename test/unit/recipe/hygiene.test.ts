import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RECIPE_VERSION } from '../../../app/recipe/recipe.js';
import { REPO } from '../paths.js';

const read = (name: string): string => readFileSync(join(REPO, name), 'utf8');
const pkg = JSON.parse(read('package.json')) as { version: string; license: string; author: { name: string } };

describe('research software hygiene', () => {
  it('LICENSE is the license package.json names', () => {
    expect(pkg.license).toBe('MIT');
    expect(read('LICENSE')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /);
    expect(read('LICENSE')).toContain(pkg.author.name);
  });

  it('CITATION.cff is CFF 1.2.0 with the required keys and the package\'s version', () => {
    const cff = read('CITATION.cff');
    expect(cff).toMatch(/^cff-version: 1\.2\.0$/m);
    for (const key of ['message', 'title', 'authors', 'version', 'license']) expect(cff).toMatch(new RegExp(`^${key}:`, 'm'));
    expect(cff).toMatch(new RegExp(`^version: "${pkg.version}"$`, 'm'));
    expect(cff).toMatch(/^license: MIT$/m);
    // Parsed as YAML too where Debian's python3-yaml is there: authors a list of people or entities.
    if (!existsSync('/usr/bin/python3')) return;
    const r = spawnSync('/usr/bin/python3', ['-c', 'import sys, json, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))', join(REPO, 'CITATION.cff')], { encoding: 'utf8' });
    if (r.status !== 0 && /No module named 'yaml'/.test(r.stderr)) return;
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as { authors: { name?: string; 'family-names'?: string }[] };
    expect(d.authors.length).toBeGreaterThan(0);
    for (const a of d.authors) expect(a.name ?? a['family-names']).toBeTruthy();
  });

  it('CHANGELOG.md names, for this version, what changed for recipes and saved sessions', () => {
    const log = read('CHANGELOG.md');
    const section = log.split(new RegExp(`^## \\[${pkg.version.replace(/\./g, '\\.')}\\]$`, 'm'))[1]?.split(/^## /m)[0] ?? '';
    expect(section, `a "## [${pkg.version}]" section`).not.toBe('');
    expect(section).toContain('### Recipes');
    expect(section).toContain('### Saved sessions');
    expect(section).toContain(`Recipe format version ${RECIPE_VERSION}`);
  });
});
