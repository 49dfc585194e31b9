import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO } from './host';
import { BAD_KINDS, cli, cliChild, listFiles, partials, readLog, THREE_STEPS, writeBad, writeVolume } from './run-kit';

/**
 * `voxelscope run` as users run it (DESIGN.md's command-line contract): the real CLI, real files, real
 * worker threads. Outputs are compared byte for byte.
 */
const tmp = (p: string): string => mkdtempSync(join(tmpdir(), `vs-run-${p}-`));

function recipeFile(dir: string, recipe: unknown = THREE_STEPS): string {
  const p = join(dir, 'recipe.json');
  writeFileSync(p, JSON.stringify(recipe));
  return p;
}

const sha256Of = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

const bytesOf = (root: string): Map<string, string> =>
  new Map(listFiles(root).filter((f) => f !== 'voxelscope-run.json').map((f) => [f, readFileSync(join(root, f)).toString('base64')]));

test('1000 inputs, 100 of them bad: every good one has its output, every bad one is reported, nothing partial, the log complete', async () => {
  test.setTimeout(240_000);
  const dir = tmp('thousand');
  const input = join(dir, 'in');
  const good: string[] = [];
  const bad: string[] = [];
  for (let i = 0; i < 1000; i++) {
    if (i % 10 === 3) bad.push(writeBad(join(input, `b${i % 4}`), BAD_KINDS[(i / 10) % BAD_KINDS.length | 0], i));
    else {
      const p = join(input, `g${i % 3}`, `vol-${i}.${['npy', 'tif', 'nii.gz'][i % 3]}`);
      writeVolume(p, i);
      good.push(p);
    }
  }
  const out = join(dir, 'out');
  const r = cli(['run', recipeFile(dir), input, '--out', out, '--jobs', '2']);
  expect(r.status, r.stderr).toBe(1);

  const log = readLog(out);
  expect(log.items).toHaveLength(1000);
  expect(new Set(log.items.map((i) => i.input)).size).toBe(1000);
  const byInput = new Map(log.items.map((i) => [i.input, i]));
  for (const g of good) {
    const it = byInput.get(g)!;
    expect(it.status, `${g}: ${it.error}`).toBe('ok');
    const rel = g.slice(input.length + 1).replace(/\.(npy|tif|nii\.gz)$/, '');
    expect(it.output).toBe(join(out, `${rel}.${g.endsWith('.nii.gz') ? 'nii.gz' : g.split('.').pop()}`));
    expect(existsSync(it.output!)).toBe(true);
    // The log's SHA-256s are the files' own (what --resume trusts).
    expect(it.output_sha256).toBe(sha256Of(it.output!));
    expect(it.input_sha256).toBe(sha256Of(g));
  }
  const stderrLines = r.stderr.trim().split('\n');
  expect(stderrLines).toHaveLength(100);
  for (const b of bad) {
    const it = byInput.get(b)!;
    expect(it.status).toBe('error');
    expect(it.error).toContain(basename(b));
    expect(it.error!.split('\n')).toHaveLength(1);
    expect(stderrLines.filter((l) => l.includes(basename(b)))).toHaveLength(1);
    if (it.output) expect(existsSync(it.output)).toBe(false);
  }
  expect(partials(out)).toEqual([]);
  expect(listFiles(out)).toHaveLength(900 + 1);
  expect(r.stdout).toContain('900 done, 100 failed, 0 skipped');
});

test('a run killed mid-way (SIGKILL) leaves only complete outputs, and --resume completes it with identical outputs', async () => {
  test.setTimeout(180_000);
  const dir = tmp('kill');
  const input = join(dir, 'in');
  for (let i = 0; i < 300; i++) writeVolume(join(input, `v${String(i).padStart(3, '0')}.npy`), i, { x: 24, y: 24, z: 24, c: 1, t: 1 });
  const recipe = recipeFile(dir);
  const ref = join(dir, 'ref');
  expect(cli(['run', recipe, input, '--out', ref, '--jobs', '1']).status).toBe(0);
  const want = bytesOf(ref);

  const out = join(dir, 'out');
  const killed = await cliChild(['run', recipe, input, '--out', out, '--jobs', '2'], (all, kill) => {
    if (all.split('\n').length > 60) kill('SIGKILL');
  });
  expect(killed.signal).toBe('SIGKILL');
  expect(existsSync(join(out, 'voxelscope-run.json'))).toBe(false); // it really died before the end
  const early = bytesOf(out);
  let complete = 0;
  for (const [f, b] of early) {
    if (f.endsWith('.partial') || f === '.voxelscope-run.journal') continue;
    expect(b, `${f} under its real name is complete`).toBe(want.get(f));
    complete++;
  }
  expect(complete).toBeGreaterThan(10);
  expect(complete).toBeLessThan(300);

  const resumed = cli(['run', recipe, input, '--out', out, '--jobs', '2', '--resume']);
  expect(resumed.status, resumed.stderr).toBe(0);
  expect(bytesOf(out)).toEqual(want);
  expect(partials(out)).toEqual([]);
  const log = readLog(out);
  expect(log.items).toHaveLength(300);
  expect(log.items.every((i) => i.status === 'ok')).toBe(true);
  expect(log.items.filter((i) => i.resumed).length).toBeGreaterThanOrEqual(complete);
  expect(log.items.filter((i) => !i.resumed).length).toBeGreaterThan(0);
});

test('--jobs 1 and --jobs 2 give the same bytes, in .tif, .nii and .npy (.nii.gz in the other tests)', () => {
  const dir = tmp('jobs');
  const input = join(dir, 'in');
  for (let i = 0; i < 6; i++) writeVolume(join(input, `v${i}.${['npy', 'tif', 'nii.gz'][i % 3]}`), i, { x: 20, y: 18, z: 33, c: 1, t: 1 });
  const recipe = recipeFile(dir);
  for (const format of ['tif', 'nii', 'npy']) {
    const a = join(dir, `a-${format}`);
    const b = join(dir, `b-${format}`);
    expect(cli(['run', recipe, input, '--out', a, '--jobs', '1', '--format', format]).status).toBe(0);
    expect(cli(['run', recipe, input, '--out', b, '--jobs', '2', '--format', format]).status).toBe(0);
    const ba = bytesOf(a);
    expect(ba.size).toBe(6);
    expect([...ba.keys()].every((f) => f.endsWith(`.${format}`))).toBe(true);
    expect(bytesOf(b)).toEqual(ba);
  }
});

test('a recipe gives, byte for byte, its steps chained through voxelscope filter (intermediates as .npy)', () => {
  const dir = tmp('chain');
  const src = join(dir, 'cells.tif');
  writeVolume(src, 7, { x: 30, y: 25, z: 20, c: 1, t: 1 });
  const recipe = recipeFile(dir, {
    format: 'voxelscope-recipe', version: 2,
    steps: [{ op: 'gaussian', sigma: [1, 1, 0.5] }, { op: 'median', size: 3, enabled: false }, { op: 'threshold', method: 'otsu' }, { op: 'label', connectivity: 6 }],
  });
  expect(cli(['run', recipe, src, '--out', join(dir, 'out'), '--format', 'npy']).status).toBe(0);
  let cur = src;
  const steps = [['--op', 'gaussian', '--sigma', '1,1,0.5'], ['--op', 'threshold', '--method', 'otsu'], ['--op', 'label', '--connectivity', '6']];
  steps.forEach((s, k) => {
    const next = join(dir, `step${k}.npy`);
    const r = cli(['filter', cur, '-o', next, ...s]);
    expect(r.status, r.stderr).toBe(0);
    cur = next;
  });
  expect(readFileSync(join(dir, 'out/cells.npy')).equals(readFileSync(cur))).toBe(true);
});

test('the version 1 recipe fixture gives the same outputs as its version 2 form', () => {
  const dir = tmp('versions');
  const input = join(dir, 'in');
  for (let i = 0; i < 4; i++) writeVolume(join(input, `v${i}.tif`), i, { x: 16, y: 16, z: 12, c: 1, t: 1 });
  const v1 = join(REPO, 'test/fixtures/recipes/v1-tophat.json');
  const v2 = join(REPO, 'test/fixtures/recipes/v2-tophat.json');
  expect(JSON.parse(readFileSync(v1, 'utf8')).version).toBe(1);
  expect(cli(['run', v1, input, '--out', join(dir, 'o1')]).status).toBe(0);
  expect(cli(['run', v2, input, '--out', join(dir, 'o2')]).status).toBe(0);
  const a = bytesOf(join(dir, 'o1'));
  expect(a.size).toBe(4);
  expect(bytesOf(join(dir, 'o2'))).toEqual(a);
});

test('outputs: folder paths kept, globs, collisions an error for the second, nothing overwritten without --overwrite', () => {
  const dir = tmp('names');
  writeVolume(join(dir, 'data/a/x.tif'), 1);
  writeVolume(join(dir, 'data/b/x.nii.gz'), 2);
  writeVolume(join(dir, 'data/b/y.npy'), 3);
  writeVolume(join(dir, 'flat/x.npy'), 4);
  const recipe = recipeFile(dir);
  const out = join(dir, 'out');
  const args = ['run', recipe, 'data', 'data/**/x.*', 'flat/x.npy', '--out', out, '--format', 'npy'];
  const summary = (): [string, string, string | undefined][] =>
    readLog(out).items.map((i) => [i.input.slice(dir.length + 1), i.status, i.output?.slice(out.length + 1)]);
  const r = cli(args, dir);
  expect(r.status).toBe(1);
  expect(summary()).toEqual([
    ['data/a/x.tif', 'ok', 'a/x.npy'], ['data/b/x.nii.gz', 'ok', 'b/x.npy'], ['data/b/y.npy', 'ok', 'b/y.npy'],
    ['data/a/x.tif', 'error', 'a/x.npy'], ['data/b/x.nii.gz', 'error', 'b/x.npy'], // the glob names them again
    ['flat/x.npy', 'ok', 'x.npy'],
  ]);
  expect(readLog(out).items[3].error).toMatch(/would write .*a\/x\.npy, which the same input, named twice, already writes/);
  const first = bytesOf(out);

  const again = cli(['run', recipe, 'flat/x.npy', '--out', out], dir);
  expect(again.status).toBe(1);
  expect(again.stderr).toMatch(/x\.npy: already exists \(use --overwrite to replace it\)/);
  expect(bytesOf(out)).toEqual(first);
  writeFileSync(join(out, 'x.npy'), 'user data');
  expect(cli(['run', recipe, 'flat/x.npy', '--out', out, '--overwrite'], dir).status).toBe(0);
  expect(bytesOf(out).get('x.npy')).toBe(first.get('x.npy'));
});

test('usage errors exit 2 with one line before anything runs; a bad recipe names the step and the field', () => {
  const dir = tmp('usage');
  writeVolume(join(dir, 'v.npy'), 1);
  const bad = recipeFile(dir, { format: 'voxelscope-recipe', version: 2, steps: [{ op: 'gaussian', sigma: -1 }] });
  const cases: [string[], RegExp][] = [
    [['run', bad, join(dir, 'v.npy'), '--out', join(dir, 'o1')], /step 1: gaussian: sigma/],
    [['run', join(dir, 'nope.json'), join(dir, 'v.npy'), '--out', join(dir, 'o2')], /nope\.json: cannot read the recipe/],
    [['run', bad, join(dir, 'v.npy')], /needs --out DIR/],
    [['run', bad, join(dir, 'v.npy'), '--out', join(dir, 'o3'), '--format', 'png'], /--format must be one of tif, nii, nii.gz, npy/],
    [['run', bad, join(dir, 'v.npy'), '--out', join(dir, 'o4'), '--jobs', '0'], /--jobs must be/],
  ];
  for (const [args, msg] of cases) {
    const r = cli(args);
    expect(r.status, args.join(' ')).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(msg);
  }
  expect(existsSync(join(dir, 'o1'))).toBe(false);
});

test('SIGINT stops the run: exit 130, no partial output, every input in the log, and --resume finishes it', async () => {
  const dir = tmp('sigint');
  const input = join(dir, 'in');
  for (let i = 0; i < 200; i++) writeVolume(join(input, `v${i}.npy`), i, { x: 24, y: 24, z: 24, c: 1, t: 1 });
  const recipe = recipeFile(dir);
  const out = join(dir, 'out');
  let sent = false;
  const r = await cliChild(['run', recipe, input, '--out', out], (all, kill) => {
    if (!sent && all.split('\n').length > 20) {
      sent = true;
      kill('SIGINT');
    }
  });
  expect(r.code).toBe(130);
  expect(r.stdout).toMatch(/interrupted after \d+ of 200 inputs/);
  expect(partials(out)).toEqual([]);
  const log = readLog(out);
  expect(log.items).toHaveLength(200);
  const stopped = log.items.filter((i) => i.status === 'error');
  expect(stopped.length).toBeGreaterThan(0);
  for (const i of stopped) {
    expect(i.error).toContain('interrupted');
    expect(existsSync(i.output!)).toBe(false);
  }
  expect(cli(['run', recipe, input, '--out', out, '--resume']).status).toBe(0);
  expect(readLog(out).items.every((i) => i.status === 'ok')).toBe(true);
});

test('--item-json runs one input and prints its log item; --keep-temp leaves the rename to the caller', () => {
  const dir = tmp('item');
  const src = join(dir, 'in/cells.tif');
  writeVolume(src, 3);
  const recipe = recipeFile(dir);
  const out = join(dir, 'out');
  mkdirSync(out);
  const r = cli(['run', recipe, src, '--out', out, '--item-json', '--keep-temp', '--item-output', 'sub/c.tif']);
  expect(r.status, r.stderr).toBe(0);
  const item = JSON.parse(r.stdout) as { status: string; output: string; temp: string; output_sha256: string };
  expect(item.status).toBe('ok');
  expect(item.output).toBe(join(out, 'sub/c.tif'));
  expect(existsSync(item.output)).toBe(false);
  expect(basename(item.temp)).toMatch(/^\.c\.tif\.[0-9a-f]{8}\.partial$/);
  const full = cli(['run', recipe, src, '--out', join(dir, 'whole')]);
  expect(full.status).toBe(0);
  expect(readFileSync(item.temp).equals(readFileSync(join(dir, 'whole/cells.tif')))).toBe(true);
  expect(readLog(join(dir, 'whole')).items[0].output_sha256).toBe(item.output_sha256);
  expect(existsSync(join(out, 'voxelscope-run.json'))).toBe(false);
});
