import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { npyWriter } from '../app/formats/npy/writer';
import type { VolumeMeta } from '../app/model/volume';
import { cli } from './run-kit';

/*
 * `voxelscope montage` end to end (DESIGN.md's contract): the built CLI writes a PNG; Debian's python3
 * decodes it (zlib, every chunk's CRC checked) and compares it with the tiles numpy and matplotlib give
 * for the same slices, range and colormap (exact, every pixel, along each axis); --from makes the same
 * file again from the record in it, and refuses a changed or missing input.
 */

const PYTHON = '/usr/bin/python3';
const hasPython = spawnSync(PYTHON, ['-c', 'import numpy, matplotlib'], { encoding: 'utf8' }).status === 0;

const dir = mkdtempSync(join(tmpdir(), 'vs-e2e-montage-'));
const input = join(dir, 'vol.npy');
const dims = { x: 24, y: 19, z: 11, c: 1, t: 1 };

test.beforeAll(() => {
  // int16 over a range wider than the one shown, so that the clamp at both ends is exercised.
  const v = new Int16Array(dims.x * dims.y * dims.z);
  let s = 7;
  for (let i = 0; i < v.length; i++) v[i] = ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) % 3000) - 1000;
  const meta: VolumeMeta = {
    format: 'test', dims, dtype: 'int16', spacing: { x: 0.5, y: 0.5, z: 2, t: 1 }, unit: 'um', timeUnit: '',
    channels: [], scaling: null, affine: null, extra: {}, warnings: [],
  };
  writeFileSync(input, Buffer.concat(npyWriter.encode(meta, new Uint8Array(v.buffer))));
});

/** numpy + matplotlib: the montage the contract defines, compared pixel by pixel with the PNG. */
const CHECK = `
import sys, json, zlib, struct, numpy as np, matplotlib
png, npy, axis, start, stop, step, cols, cmap, lo, hi = sys.argv[1:]
start, stop, step, cols, lo, hi = int(start), int(stop), int(step), int(cols), float(lo), float(hi)
b = open(png, 'rb').read()
assert b[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
at, idat, texts = 8, b'', {}
while at < len(b):
    n, kind = struct.unpack('>I', b[at:at + 4])[0], b[at + 4:at + 8]
    data = b[at + 8:at + 8 + n]
    assert struct.unpack('>I', b[at + 8 + n:at + 12 + n])[0] == zlib.crc32(kind + data), kind
    if kind == b'IHDR': w, h, depth, color = struct.unpack('>IIBB', data[:10])
    if kind == b'IDAT': idat += data
    if kind == b'iTXt': texts[data.split(b'\\0')[0].decode()] = data.split(b'\\0', 5)[5].decode()
    at += 12 + n
assert (depth, color) == (8, 2)
raw = zlib.decompress(idat)
rows = [raw[r * (1 + 3 * w):(r + 1) * (1 + 3 * w)] for r in range(h)]
assert all(r[0] == 0 for r in rows)
img = np.frombuffer(b''.join(r[1:] for r in rows), np.uint8).reshape(h, w, 3)
a = np.load(npy)  # (z, y, x)
sl = {'z': lambda k: a[k], 'y': lambda k: a[:, k, :], 'x': lambda k: a[:, :, k]}[axis]
# gray is the identity (DESIGN.md), where matplotlib's bytes=True truncates some entries one below
table = np.repeat(np.arange(256, dtype=np.uint8)[:, None], 3, 1) if cmap == 'gray' else matplotlib.colormaps[cmap](range(256), bytes=True)[:, :3]
ks = list(range(start, stop, step))
th, tw = sl(ks[0]).shape
rows_n = -(-len(ks) // cols)
assert (h, w) == (rows_n * th, min(cols, len(ks)) * tw), (h, w)
want = np.zeros_like(img)
for i, k in enumerate(ks):
    t = np.clip((sl(k).astype(np.float64) - lo) / (hi - lo), 0, 1)
    r, c = divmod(i, cols)
    want[r * th:(r + 1) * th, c * tw:(c + 1) * tw] = table[np.round(255 * t).astype(int)]
print(json.dumps({'equal': bool((img == want).all()), 'differ': int((img != want).any(axis=2).sum()), 'record': json.loads(texts['voxelscope'])}))
`;

function check(png: string, args: (string | number)[]): { equal: boolean; differ: number; record: { input: { name: string; sha256: string }; settings: Record<string, unknown> } } {
  const r = spawnSync(PYTHON, ['-c', CHECK, png, input, ...args.map(String)], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

test.describe('voxelscope montage', () => {
  test.skip(!hasPython, 'needs Debian python3 with numpy and matplotlib');

  for (const [axis, start, stop, step, cols, cmap] of [['z', 1, 11, 3, 2, 'viridis'], ['y', 0, 19, 2, 4, 'gray'], ['x', 2, 24, 1, 5, 'magma']] as const) {
    test(`axis ${axis}: the tiles are numpy's slices through matplotlib's ${cmap}, every pixel`, () => {
      const out = join(dir, `${axis}.png`);
      const r = cli(['montage', input, '-o', out, '--axis', axis, '--start', String(start), '--stop', String(stop), '--step', String(step), '--cols', String(cols), '--cmap', cmap, '--range', '-200,1500', '--label', 'none', '--border', '0']);
      expect(r.status, r.stderr).toBe(0);
      const got = check(out, [axis, start, stop, step, cols, cmap, -200, 1500]);
      expect(got.differ).toBe(0);
      expect(got.equal).toBe(true);
      expect(got.record.input.name).toBe('vol.npy');
      expect(got.record.settings).toMatchObject({ axis, start, stop, step, cols, cmap, range: [-200, 1500] });
    });
  }

  test('--from makes the same file byte for byte; a changed or missing input is refused, exit 1, nothing written', () => {
    const work = mkdtempSync(join(tmpdir(), 'vs-e2e-montage-from-'));
    const own = join(work, 'vol.npy');
    copyFileSync(input, own);
    const first = join(work, 'first.png');
    const made = cli(['montage', own, '-o', first, '--step', '2', '--label', 'slice', '--border', '1', '--scalebar', '5']);
    expect(made.status, made.stderr).toBe(0);
    const again = join(work, 'again.png');
    const r = cli(['montage', '--from', first, '-o', again]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(again).equals(readFileSync(first))).toBe(true);

    // The input changed: refused, and no output.
    const bytes = readFileSync(own);
    const changed = Buffer.from(bytes);
    changed[changed.length - 1] ^= 1;
    writeFileSync(own, changed);
    const out = join(work, 'out.png');
    const stale = cli(['montage', '--from', first, '-o', out]);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain('has changed since first.png was made');
    expect(existsSync(out)).toBe(false);

    // Gone from where it was made but beside the PNG (a folder moved whole): found there.
    const moved = mkdtempSync(join(tmpdir(), 'vs-e2e-montage-moved-'));
    copyFileSync(first, join(moved, 'first.png'));
    writeFileSync(join(moved, 'vol.npy'), bytes);
    rmSync(own);
    const there = cli(['montage', '--from', join(moved, 'first.png'), '-o', join(moved, 'again.png')]);
    expect(there.status, there.stderr).toBe(0);
    expect(readFileSync(join(moved, 'again.png')).equals(readFileSync(first))).toBe(true);
    rmSync(join(moved, 'vol.npy'));
    const missing = cli(['montage', '--from', join(moved, 'first.png'), '-o', join(moved, 'none.png')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('is not there');
    expect(existsSync(join(moved, 'none.png'))).toBe(false);
  });

  test('bad options are usage errors (exit 2) or name the problem (exit 1)', () => {
    const out = join(dir, 'bad.png');
    expect(cli(['montage', input, '-o', join(dir, 'bad.jpg')]).status).toBe(2);
    expect(cli(['montage', input, '-o', out, '--range', '5,5']).status).toBe(2);
    const r = cli(['montage', input, '-o', out, '--start', '20']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--start 20 is outside the 11 slices along z');
    const wide = cli(['montage', input, '-o', out, '--scalebar', '100']);
    expect(wide.status).toBe(1);
    expect(wide.stderr).toContain('does not fit in a tile 24 pixels wide');
    expect(cli(['montage', input, '-o', out, '--cmap', 'nonesuch']).stderr).toContain('--cmap nonesuch: no such colormap');
    const missing = cli(['montage', join(dir, 'nothing.npy'), '-o', out]);
    expect([missing.status, missing.stderr.trim()]).toEqual([1, 'voxelscope: nothing.npy: no such file']);
    expect(cli(['montage', dir, '-o', out]).stderr).toContain('a folder; a montage is made of one file');
    expect(existsSync(out)).toBe(false);
  });
});
