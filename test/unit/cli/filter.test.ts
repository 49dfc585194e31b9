import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../host/host-kit.js';
import { DEBIAN_PYTHON, havePython } from '../npy/debian-python.js';
import { REPO } from '../paths.js';

/**
 * `voxelscope filter` as DESIGN.md's command-line contract states it, through the built CLI on small real
 * files: every op's output type, every output format read back by `voxelscope info` with its geometry,
 * no intensity scaling in the output (app/jobs/result-meta.ts), bad parameters refused
 * before the input is read, an unreadable input named, and the input never overwritten.
 */

type Info = {
  dims: Record<string, number>; dtype: string; spacing: Record<string, number>; unit: string;
  scaling: { slope: number; inter: number } | null; stats: { min: number; max: number; mean: number }; sha256: string;
};

const cli = (...args: string[]) => spawnSync(process.execPath, [join(REPO, 'bin/voxelscope.mjs'), ...args], { encoding: 'utf8' });
const info = (file: string): Info => {
  const r = cli('info', '--json', file);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Info;
};
const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const hasNibabel = havePython('numpy', 'nibabel');
const NPY_DESCR: Record<string, string> = { float32: '<f4', float64: '<f8', uint16: '<u2', uint8: '|u1', int32: '<i4' };

/** A .npy file: C order, the shape as numpy writes it (slowest axis first). */
function writeNpy(file: string, descr: string, shape: number[], data: ArrayBufferView): void {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header = header.padEnd(Math.ceil((header.length + 11) / 64) * 64 - 11, ' ') + '\n';
  const len = Buffer.alloc(2);
  len.writeUInt16LE(header.length);
  writeFileSync(file, Buffer.concat([Buffer.from('\x93NUMPY\x01\x00', 'latin1'), len, Buffer.from(header, 'latin1'), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]));
}

/** The descr and shape of a .npy file, and its data bytes. */
function readNpy(file: string): { descr: string; shape: number[]; data: Buffer } {
  const b = readFileSync(file);
  const n = b.readUInt16LE(8);
  const header = b.subarray(10, 10 + n).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)![1];
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)![1].split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  return { descr, shape, data: b.subarray(10 + n) };
}

let dir = '';
let u16 = ''; // uint16, (z, y, x) = (4, 5, 6)
let f64 = ''; // float64, same shape
let multi = ''; // uint16, (t, c, z, y, x) = (1, 2, 3, 4, 5)
let blobs = ''; // uint8 0/1 with 4 objects under 6-connectivity, 3 under 18, 2 under 26
let nifti = ''; // uint16 with spacing 0.5, 0.75, 2 mm and scl_slope 2, scl_inter 10
let niftiNeg = ''; // the same with scl_slope -2

beforeAll(() => {
  // The CLI as users run it: the unit stage runs before `npm test` builds, so build here.
  const b = spawnSync(process.execPath, [join(REPO, 'scripts/build.mjs')], { cwd: REPO, encoding: 'utf8' });
  expect(b.status, b.stderr).toBe(0);
  dir = tempDir('vs-filter-cli-');
  const v = new Uint16Array(4 * 5 * 6).map((_, i) => (i * 2654435761) % 1000);
  u16 = join(dir, 'u16.npy');
  writeNpy(u16, '<u2', [4, 5, 6], v);
  f64 = join(dir, 'f64.npy');
  writeNpy(f64, '<f8', [4, 5, 6], Float64Array.from(v, (x) => x / 7));
  multi = join(dir, 'multi.npy');
  writeNpy(multi, '<u2', [1, 2, 3, 4, 5], new Uint16Array(2 * 3 * 4 * 5).map((_, i) => (i * 40503) % 500));
  // (z, y, x) = (3, 3, 5): a face pair at x 0, z 0-1; (2,1,0) and (3,2,0) meet along an edge (18-connected);
  // (4,1,1) meets (3,2,0) at a corner only (26-connected).
  const m = new Uint8Array(3 * 3 * 5);
  const set = (x: number, y: number, z: number) => (m[x + 5 * (y + 3 * z)] = 1);
  set(0, 0, 0); set(0, 0, 1); set(2, 1, 0); set(3, 2, 0); set(4, 1, 1);
  blobs = join(dir, 'blobs.npy');
  writeNpy(blobs, '|u1', [3, 3, 5], m);
  if (hasNibabel) {
    nifti = join(dir, 'scaled.nii');
    niftiNeg = join(dir, 'scaled-negative.nii');
    const r = spawnSync(DEBIAN_PYTHON, ['-c', `import sys, numpy as np, nibabel as nib
v = ((np.arange(6 * 5 * 4) * 2654435761) % 1000).astype(np.uint16).reshape(6, 5, 4, order='F')
for path, slope in [(sys.argv[1], 2.0), (sys.argv[2], -2.0)]:
    img = nib.Nifti1Image(v, np.diag([0.5, 0.75, 2, 1]))
    img.header.set_zooms((0.5, 0.75, 2))
    img.header.set_xyzt_units('mm')
    img.header.set_data_dtype(np.uint16)
    img.header.set_slope_inter(slope, 10)
    nib.save(img, path)
    raw = nib.load(path)
    assert raw.dataobj.slope == slope`, nifti, niftiNeg], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `voxelscope filter` and expects success; returns stdout. */
function filter(input: string, output: string, ...args: string[]): string {
  const r = cli('filter', input, '-o', output, ...args);
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

describe('voxelscope filter: output types (DESIGN.md)', () => {
  const cases: [string, string[], string][] = [
    ['gaussian', ['--sigma', '1'], 'float32'],
    ['uniform', ['--size', '3'], 'float32'],
    ['variance', ['--size', '3'], 'float32'],
    ['std', ['--size', '3'], 'float32'],
    ['sobel', ['--axis', 'x'], 'float32'],
    ['laplace', [], 'float32'],
    ['dog', ['--sigma1', '1', '--sigma2', '2'], 'float32'],
    ['median', ['--size', '3'], 'uint16'],
    ['minimum', ['--size', '3'], 'uint16'],
    ['maximum', ['--size', '3'], 'uint16'],
    ['white_tophat', ['--size', '3'], 'uint16'],
    ['black_tophat', ['--size', '3', '--footprint', 'ball'], 'uint16'],
    ['threshold', ['--method', 'otsu'], 'uint8'],
  ];
  it.each(cases)('%s on uint16 gives %s', (op, params, dtype) => {
    const out = join(dir, `type-${op}.npy`);
    filter(u16, out, '--op', op, ...params);
    const r = readNpy(out);
    expect(r.descr).toBe(NPY_DESCR[dtype]);
    expect(r.shape).toEqual([4, 5, 6]);
    if (op === 'threshold') expect(new Set(r.data)).toEqual(new Set([0, 1]));
  });

  it.each(['gaussian', 'uniform', 'variance', 'std', 'sobel', 'laplace', 'dog'])('%s keeps float64 as float64', (op) => {
    const out = join(dir, `f64-${op}.npy`);
    const params = op === 'dog' ? ['--sigma1', '1', '--sigma2', '2'] : op === 'sobel' ? ['--axis', 'magnitude'] : op === 'gaussian' ? ['--sigma', '1'] : op === 'laplace' ? [] : ['--size', '3'];
    filter(f64, out, '--op', op, ...params);
    expect(readNpy(out).descr).toBe('<f8');
  });

  it.each([['6', 4], ['18', 3], ['26', 2]] as const)('label with connectivity %s gives int32 labels 1..n and prints n', (conn, n) => {
    const out = join(dir, `label-${conn}.npy`);
    expect(filter(blobs, out, '--op', 'label', '--connectivity', conn)).toBe(`${n}\n`);
    const r = readNpy(out);
    expect(r.descr).toBe('<i4');
    expect(new Set(new Int32Array(r.data.buffer.slice(r.data.byteOffset, r.data.byteOffset + r.data.byteLength)))).toEqual(new Set(Array.from({ length: n + 1 }, (_, k) => k)));
  });
});

describe('voxelscope filter: output files', () => {
  let refSha = '';
  it('writes .npy as (z, y, x) for one channel and (t, c, z, y, x) otherwise', () => {
    const one = join(dir, 'shape-one.npy');
    filter(u16, one, '--op', 'median', '--size', '3');
    expect(readNpy(one).shape).toEqual([4, 5, 6]);
    const many = join(dir, 'shape-many.npy');
    filter(multi, many, '--op', 'maximum', '--size', '3');
    const r = readNpy(many);
    expect(r.shape).toEqual([1, 2, 3, 4, 5]);
    expect(r.descr).toBe('<u2');
    expect(info(many).dims).toEqual({ x: 5, y: 4, z: 3, c: 2, t: 1 });
  });

  it('filters every channel on its own (a maximum never mixes channels)', () => {
    const src = readNpy(multi);
    const out = join(dir, 'channels.npy');
    filter(multi, out, '--op', 'maximum', '--size', '1');
    expect(readNpy(out).data.equals(src.data)).toBe(true);
  });

  it.skipIf(!hasNibabel).each(['tif', 'nii', 'nii.gz', 'npy'])('writes .%s that info reads back, spacing and units carried', (ext) => {
    const out = join(dir, `geometry.${ext}`);
    filter(nifti, out, '--op', 'median', '--size', '3');
    const src = info(nifti);
    const i = info(out);
    expect(i.dims).toEqual(src.dims);
    expect(i.dtype).toBe('uint16');
    if (ext !== 'npy') {
      // .npy has no geometry to carry
      for (const a of ['x', 'y', 'z'] as const) expect(i.spacing[a], a).toBeCloseTo(src.spacing[a], 6);
      expect(i.unit).toBe(src.unit);
    }
    // The same voxels whatever the format (info hashes the decoded voxels).
    if (!refSha) {
      const ref = join(dir, 'geometry-ref.npy');
      filter(nifti, ref, '--op', 'median', '--size', '3');
      refSha = info(ref).sha256;
    }
    expect(i.sha256).toBe(refSha);
  });
});

describe('voxelscope filter: no intensity scaling in the output (result-meta.ts resultFileMeta)', () => {
  // Filters work on the stored values and a recipe must equal its steps chained through .npy (which holds
  // no scaling), so the output file never carries the input's slope/inter, whatever the op or its sign.
  const cases: [string, number, string[], null][] = [
    ['gaussian', 2, ['--sigma', '1'], null],
    ['maximum', -2, ['--size', '3'], null],
    ['sobel', 2, ['--axis', 'magnitude'], null],
    ['label', 2, ['--connectivity', '6'], null],
  ];
  it.skipIf(!hasNibabel).each(cases)('%s (input slope %s)', (op, slope, params, want) => {
    const input = slope > 0 ? nifti : niftiNeg;
    expect(info(input).scaling).toEqual({ slope, inter: 10 });
    const src = op === 'label' ? join(dir, `mask-for-label.nii`) : input;
    if (op === 'label') filter(input, src, '--op', 'threshold', '--method', 'otsu');
    const out = join(dir, `scaling-${op}.nii.gz`);
    filter(src, out, '--op', op, ...params);
    expect(info(out).scaling).toEqual(want);
  });
});

describe('voxelscope filter: refusals', () => {
  /** Exit status and the one stderr line; stdout must be empty. */
  const refused = (...args: string[]): { status: number | null; line: string } => {
    const r = cli('filter', ...args);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    return { status: r.status, line: lines[0] };
  };

  it.each([
    ['--sigma', ['--op', 'gaussian', '--sigma', '-1']],
    ['--sigma', ['--op', 'gaussian', '--sigma', '1,2']],
    ['--size', ['--op', 'median', '--size', 'abc']],
    ['--size', ['--op', 'uniform', '--size', '0']],
    ['--axis', ['--op', 'sobel', '--axis', 'w']],
    ['--method', ['--op', 'threshold', '--method', 'bogus']],
    ['--connectivity', ['--op', 'label', '--connectivity', '5']],
    ['--footprint', ['--op', 'white_tophat', '--size', '3', '--footprint', 'disk']],
    ['--mode', ['--op', 'gaussian', '--sigma', '1', '--mode', 'bogus']],
    ['--cval', ['--op', 'gaussian', '--sigma', '1', '--mode', 'constant', '--cval', 'x']],
    ['--op', ['--op', 'blur']],
  ])('a bad %s exits 2 with one line naming it, before the input is read', (name, args) => {
    // The input does not exist: a parameter error must win, so nothing was read.
    const r = refused(join(dir, 'does-not-exist.npy'), '-o', join(dir, 'bad.npy'), ...args);
    expect(r.status).toBe(2);
    expect(r.line).toContain(name.slice(2));
  });

  it('an unreadable input exits 1 with one line naming the file', () => {
    const bad = join(dir, 'truncated.tif');
    writeFileSync(bad, Buffer.from('II*\0\x08\0\0\0\x10\0', 'latin1'));
    const r = refused(bad, '-o', join(dir, 'from-bad.npy'), '--op', 'median', '--size', '3');
    expect(r.status).toBe(1);
    expect(r.line).toContain('truncated.tif');
    const missing = refused(join(dir, 'missing.npy'), '-o', join(dir, 'from-missing.npy'), '--op', 'median', '--size', '3');
    expect(missing.status).toBe(1);
    expect(missing.line).toContain('missing.npy');
  });

  it('refuses an output that is the input (by name or through a link), leaving the input untouched', () => {
    const file = join(dir, 'precious.npy');
    writeFileSync(file, readFileSync(u16));
    const before = sha(file);
    const link = join(dir, 'precious-link.npy');
    symlinkSync(file, link);
    for (const out of [file, link, join(dir, '.', 'precious.npy')]) {
      const r = refused(file, '-o', out, '--op', 'median', '--size', '3');
      expect(r.status, out).toBe(2);
      expect(r.line).toContain('input');
      expect(sha(file)).toBe(before);
    }
    const r2 = refused(link, '-o', file, '--op', 'median', '--size', '3');
    expect(r2.status).toBe(2);
    expect(sha(file)).toBe(before);
  });
});
