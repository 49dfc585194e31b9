import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO } from './host';

/** The `voxelscope` command as outside tests use it (DESIGN.md's command-line contract). */
const cli = (...args: string[]) => spawnSync(process.execPath, [join(REPO, 'bin/voxelscope.mjs'), ...args], { encoding: 'utf8' });

test('--version and --help', () => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
  const v = cli('--version');
  expect(v.status).toBe(0);
  // From a git checkout the commit follows: "0.1.0 (commit abc1234)" (e2e/recipe-cli.spec.ts checks which).
  expect(v.stdout.trim().split(' ')[0]).toBe(pkg.version);
  const h = cli('--help');
  expect(h.status).toBe(0);
  for (const cmd of ['info', 'serve', 'bench']) expect(h.stdout).toContain(`voxelscope ${cmd}`);
});

test('info --json gives the contract object; a bad file exits non-zero with one line naming it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vs-cli-'));
  const npy = join(dir, 'tiny.npy');
  // A real .npy: header for uint8 (z, y, x) = (2, 2, 3), then 12 voxels 0..11.
  let header = "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 2, 3), }";
  header = header.padEnd(128 - 10 - 1, ' ') + '\n';
  const bytes = Buffer.concat([Buffer.from('\x93NUMPY\x01\x00', 'latin1'), Buffer.from([header.length, 0]), Buffer.from(header, 'latin1'), Buffer.from([...Array(12).keys()])]);
  writeFileSync(npy, bytes);
  const r = cli('info', '--json', npy);
  expect(r.status, r.stderr).toBe(0);
  const j = JSON.parse(r.stdout);
  expect(Object.keys(j).sort()).toEqual(['channels', 'dims', 'dtype', 'format', 'scaling', 'sha256', 'spacing', 'stats', 'unit'].sort());
  expect(j.dims).toEqual({ x: 3, y: 2, z: 2, c: 1, t: 1 });
  expect(j.dtype).toBe('uint8');
  expect(j.stats).toEqual({ min: 0, max: 11, mean: 5.5 });
  expect(j.sha256).toBe(createHash('sha256').update(Buffer.from([...Array(12).keys()])).digest('hex'));

  const bad = join(dir, 'truncated.tif');
  writeFileSync(bad, Buffer.from('II*\0\x08\0\0\0\x10\0', 'latin1'));
  const b = cli('info', '--json', bad);
  expect(b.status).not.toBe(0);
  expect(b.stdout).toBe('');
  const lines = b.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain('truncated.tif');
});

test('every command answers --help without running, and refuses unknown options and bad values with exit 2', () => {
  for (const cmd of ['info', 'serve', 'bench']) {
    const h = cli(cmd, '--help');
    expect(h.status, `${cmd} --help`).toBe(0);
    expect(h.stdout).toContain(`voxelscope ${cmd}`);
    expect(h.stdout).toContain('--help');
    expect(h.stdout).not.toContain('http://127.0.0.1'); // serve --help starts no server
    expect(h.stderr).toBe('');
  }
  const typo = cli('serve', '--prot', '38815');
  expect(typo.status).toBe(2);
  expect(typo.stderr.trim()).toBe('voxelscope serve: unknown option --prot (did you mean --port?); see voxelscope serve --help');
  expect(typo.stdout).toBe('');
  for (const args of [['serve', '--port', 'abc'], ['serve', '--port', '70000'], ['info'], ['bench', 'extra'], ['nonsense']]) {
    const r = cli(...args);
    expect(r.status, args.join(' ')).toBe(2);
    expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
  }
});
