import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { glob, segmentRegExp, splitBase } from '../../../main/cli/run/glob.js';
import { expandInputs } from '../../../main/cli/run/inputs.js';
import { JOURNAL_NAME, readPrevious, startJournal, appendJournal, writeRunLog, type LogItem, type RunLog } from '../../../main/cli/run/log.js';
import { MemoryGate } from '../../../main/cli/run/memory-gate.js';
import { defaultFormat, outputStem, planOutputs } from '../../../main/cli/run/outputs.js';
import { RunProgress } from '../../../main/cli/run/progress.js';
import { commitTemp, removeStalePartials, writeTemp } from '../../../main/cli/run/temp-files.js';
import { inlineHasher } from '../../../main/services/hash-pool.js';
import { tempDir } from '../host/host-kit.js';

/** `voxelscope run`'s planning: which inputs, which outputs, what the log and journal hold. */
function tree(root: string, files: string[]): void {
  for (const f of files) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    if (f.endsWith('/')) mkdirSync(join(root, f), { recursive: true });
    else writeFileSync(join(root, f), 'x');
  }
}

describe('globs', () => {
  it('match names segment by segment, ** over folders, hidden names only when asked', () => {
    const root = tempDir('vs-glob-');
    tree(root, ['a/x.tif', 'a/y.tif', 'a/z.npy', 'a/.h.tif', 'a/deep/w.tif', 'b/x.tif', 'c.tif']);
    const rels = (p: string): string[] => glob(p, root).map((m) => m.rel);
    expect(rels('a/*.tif')).toEqual(['x.tif', 'y.tif']);
    expect(rels('a/**/*.tif')).toEqual(['deep/w.tif', 'x.tif', 'y.tif']);
    expect(rels('*/x.tif')).toEqual(['a/x.tif', 'b/x.tif']);
    expect(rels('a/[xz].*')).toEqual(['x.tif', 'z.npy']);
    expect(rels('a/[!x].tif')).toEqual(['y.tif']);
    expect(rels('a/.*.tif')).toEqual(['.h.tif']);
    expect(rels('?.tif')).toEqual(['c.tif']);
    expect(rels('nowhere/*.tif')).toEqual([]);
    expect(splitBase('/data/run1/*.tif')).toEqual({ base: '/data/run1', segments: ['*.tif'] });
    expect(segmentRegExp('a+b(1).tif').test('a+b(1).tif')).toBe(true);
  });
});

describe('inputs and outputs', () => {
  it('folders keep relative paths; globs relative to their base; a missing argument is an input with its problem', () => {
    const root = tempDir('vs-inputs-');
    tree(root, ['d/a.tif', 'd/s/b.nii.gz', 'd/s/c.npy', 'd/s/c.img', 'd/notes.txt', 'd/.hidden.tif', 'd/dir.tif/', 'd/out/old.tif', 'e/f.ome.tif']);
    symlinkSync(join(root, 'gone.npy'), join(root, 'd/link.npy'));
    const got = expandInputs(['d', 'e/*.tif', 'missing.tif', 'e/*.npy'], root, [join(root, 'd/out')]);
    expect(got.map((e) => [e.rel, e.problem ?? ''])).toEqual([
      ['a.tif', ''], ['dir.tif', ''], ['link.npy', ''], ['s/b.nii.gz', ''], ['s/c.npy', ''], // not notes.txt, .hidden, c.img (ENVI data), out/
      ['f.ome.tif', ''],
      ['missing.tif', 'no such file or folder'],
      ['*.npy', 'the pattern matches no file'],
    ]);
    const plans = planOutputs(got, join(root, 'OUT'), undefined);
    expect(plans.map((p) => p.output?.slice(root.length + 5) ?? null)).toEqual(['a.tif', 'dir.tif', 'link.npy', 's/b.nii.gz', 's/c.npy', 'f.tif', null, null]);
    expect(plans[6].output).toBeNull();
    expect(plans[6].error).toBe('missing.tif: no such file or folder');
  });

  it('names outputs after the input without its extensions, in the input\'s format where it can be written', () => {
    expect(['a.nii.gz', 'a.ome.tiff', 'a.ome.tif', 'cell.v2.tif', 'cube.hdr', 'img_001.png', 'noext', 'x.NPY'].map(outputStem))
      .toEqual(['a', 'a', 'a', 'cell.v2', 'cube', 'img_001', 'noext', 'x']);
    expect(['a.nii.gz', 'a.NII', 'a.npy', 'a.tiff', 'a.hdr', 'a.png'].map(defaultFormat)).toEqual(['nii.gz', 'nii', 'npy', 'tif', 'tif', 'tif']);
  });

  it('two inputs writing the same output: the second is an error, the first still runs', () => {
    const e = (path: string, rel: string) => ({ arg: path, path, rel });
    const plans = planOutputs([e('/d/x.tif', 'x.tif'), e('/d/x.npy', 'x.npy'), e('/d/x.tif', 'x.tif'), e('/d/y.npy', 'y.npy')], '/o', 'npy');
    expect(plans.map((p) => p.error)).toEqual([null, '/d/x.npy: would write /o/x.npy, which /d/x.tif already writes', '/d/x.tif: would write /o/x.npy, which the same input, named twice, already writes', null]);
  });
});

describe('the memory gate', () => {
  it('holds items back until they fit, in order, and refuses one that never could', async () => {
    const g = new MemoryGate(100);
    const order: string[] = [];
    const a = await g.acquire(60, 'a');
    const b = g.acquire(50, 'b').then((r) => (order.push('b'), r));
    const c = g.acquire(10, 'c').then((r) => (order.push('c'), r)); // fits now, but waits behind b
    await Promise.resolve();
    expect(order).toEqual([]);
    a();
    const [rb, rc] = await Promise.all([b, c]);
    expect(order).toEqual(['b', 'c']);
    expect(g.inUse).toBe(60);
    rb();
    rc();
    rc(); // twice is once
    expect(g.inUse).toBe(0);
    await expect(g.acquire(101, 'huge.tif')).rejects.toThrow(/huge\.tif: needs .* but the memory budget is/);
  });
});

describe('temporary files, log and journal', () => {
  it('an output appears only when committed; stale temporary files of a killed run are removed, nothing else', async () => {
    const dir = tempDir('vs-temp-');
    const out = join(dir, 'sub/x.tif');
    const t = (await writeTemp(out, [new Uint8Array([1, 2]), new Uint8Array([3])], inlineHasher)).temp;
    expect(readdirSync(join(dir, 'sub'))).toEqual([t.split('/').pop()]);
    commitTemp(t, out, false);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['x.tif']);
    const t2 = (await writeTemp(out, [new Uint8Array([9])], inlineHasher)).temp;
    expect(() => commitTemp(t2, out, false)).toThrow(/x\.tif: already exists \(use --overwrite/);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['x.tif']);
    await writeTemp(out, [new Uint8Array([9])], inlineHasher); // as a killed run leaves it
    writeFileSync(join(dir, 'sub/.x.tif.notmine.partial'), '');
    writeFileSync(join(dir, 'sub/.y.tif.0123abcd.partial'), '');
    removeStalePartials([out]);
    expect(readdirSync(join(dir, 'sub')).sort()).toEqual(['.x.tif.notmine.partial', '.y.tif.0123abcd.partial', 'x.tif']);
  });

  it('a large output is written in the background, whole, from shared memory', async () => {
    const dir = tempDir('vs-temp-big-');
    const out = join(dir, 'big.npy');
    const body = new Uint8Array(new SharedArrayBuffer(6 << 20));
    for (let i = 0; i < body.length; i++) body[i] = (i * 31) & 255;
    const head = new Uint8Array([7, 7, 7]);
    const { temp, sha256 } = await writeTemp(out, [head, body], inlineHasher);
    expect(Buffer.compare(readFileSync(temp), Buffer.concat([head, body]))).toBe(0);
    expect(sha256).toBe(createHash('sha256').update(head).update(body).digest('hex'));
  });

  it('a killed run\'s journal (torn last line and all) overlays the log; the finished log replaces the journal', () => {
    const dir = tempDir('vs-log-');
    const item = (input: string, status: 'ok' | 'error'): LogItem => ({ input, status, output: `${input}.out`, error: null, input_sha256: 'a', output_sha256: 'b', seconds: null });
    expect(readPrevious(dir)).toBeNull();
    const log: RunLog = { format: 'voxelscope-run', recipe: { steps: [1] }, recipe_file: 'r', version: '0', started: '', finished: '', jobs: 1, summary: { ok: 0, failed: 2, skipped: 0, seconds: 0 }, items: [item('/a', 'error'), item('/b', 'error')] };
    writeRunLog(dir, log);
    startJournal(dir, { steps: [1] });
    appendJournal(dir, item('/a', 'ok'));
    appendFileSync(join(dir, JOURNAL_NAME), '{"input": "/b", "stat');
    const prev = readPrevious(dir)!;
    expect(prev.recipe).toEqual({ steps: [1] });
    expect([...prev.items.values()].map((i) => [i.input, i.status])).toEqual([['/a', 'ok'], ['/b', 'error']]);
    writeRunLog(dir, log);
    expect(readdirSync(dir)).toEqual(['voxelscope-run.json']);
  });
});

describe('progress', () => {
  const item = (status: 'ok' | 'error', resumed = false): LogItem => ({ input: '/in/v.tif', status, output: '/o/v.tif', error: status === 'error' ? 'v.tif: the file is empty' : null, input_sha256: null, output_sha256: null, seconds: null, voxels: 1000, resumed });
  it('plain lines off a terminal, failures on stderr; a bar on a terminal; the summary counts done, failed, skipped', () => {
    let out = '';
    let err = '';
    const p = new RunProgress(3, false, { write: (s: string) => (out += s) }, { write: (s: string) => (err += s) });
    p.itemDone(item('ok'));
    p.itemDone(item('error'));
    p.itemDone(item('ok', true));
    expect(out).toBe('[1/3] ok /in/v.tif -> /o/v.tif\n[3/3] skipped (done before) /in/v.tif -> /o/v.tif\n');
    expect(err).toBe('voxelscope run: v.tif: the file is empty\n');
    p.finish('/o/voxelscope-run.json');
    expect(out.split('\n').at(-2)).toMatch(/^voxelscope run: 1 done, 1 failed, 1 skipped in \d+\.\d s.*; log \/o\/voxelscope-run.json$/);
    let tty = '';
    const t = new RunProgress(4, true, { write: () => undefined }, { write: (s: string) => (tty += s) }, 10);
    t.itemDone(item('ok'));
    expect(tty.replace('\r\u001b[K', '<clear>')).toMatch(/^<clear>\[###\.\.\.\.\.\.\.\] 1\/4 files, [\d.]+ [kMG]voxel\/s, .* left$/);
  });
});
