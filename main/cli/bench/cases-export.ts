import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { renderMontage, type MontageSettings } from '../../../app/export/montage.js';
import { encodePng } from '../../../app/export/png-encode.js';
import type { BenchCase, BenchContext } from './harness.js';
import { havePythonModule, timePython } from './python-ref.js';

/*
 * The montage (what `voxelscope montage` renders and encodes, start-up and file reading aside): 16
 * slices of a 256^3 uint16 volume through viridis into one PNG, against numpy and matplotlib doing the
 * same on the same voxels in the same run (np.clip, np.round, the colormap table, zlib at the same level).
 */
const side = (ctx: BenchContext): number => (ctx.quick ? 32 : 256);

let made: { n: number; data: Uint16Array; file: string } | null = null;

function volume(ctx: BenchContext): { n: number; data: Uint16Array; file: string } {
  const n = side(ctx);
  if (made?.n === n) return made;
  const data = new Uint16Array(n ** 3);
  let s = 99;
  for (let i = 0; i < data.length; i++) data[i] = ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 20) + (i % n) * 8;
  const file = join(ctx.workDir, `montage-${n}.u16`);
  writeFileSync(file, data);
  made = { n, data, file };
  return made;
}

const settings = (n: number): MontageSettings => ({
  axis: 'z', start: 0, stop: n, step: n / 16, cols: 4, cmap: 'viridis', range: [100, 3000], border: 0, label: 'none', scalebar: null, channel: 0, time: 0,
});

const PY_SETUP = `
import numpy as np, matplotlib, zlib, struct
n = int(args[1])
a = np.fromfile(args[0], dtype='<u2').reshape(n, n, n)
table = matplotlib.colormaps['viridis'](range(256), bytes=True)[:, :3]
def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
`;
const PY_BODY = `
tiles = a[0:n:n // 16].astype(np.float64)
idx = np.round(255 * np.clip((tiles - 100) / 2900, 0, 1)).astype(np.uint8)
rgb = table[idx].reshape(4, 4, n, n, 3).transpose(0, 2, 1, 3, 4).reshape(4 * n, 4 * n, 3)
raw = np.zeros((4 * n, 1 + 12 * n), np.uint8)
raw[:, 1:] = rgb.reshape(4 * n, 12 * n)
png = b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 4 * n, 4 * n, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw.tobytes(), 6)) + chunk(b'IEND', b'')`;

let pythonSeconds: number[] | null = null;

export const exportCases: BenchCase[] = [{
  name: 'montage: 16 slices of 256^3 uint16 through viridis to PNG (render + encode)',
  target: '>= 1x numpy + matplotlib',
  bytes: (ctx) => 16 * side(ctx) ** 2 * 2,
  async setup(ctx) {
    const v = volume(ctx);
    pythonSeconds = havePythonModule('numpy, matplotlib') ? timePython(PY_SETUP, PY_BODY, [v.file, String(v.n)], ctx.repeats) : null;
  },
  async run(ctx) {
    const v = volume(ctx);
    const { image } = renderMontage({ data: v.data, dims: { x: v.n, y: v.n, z: v.n, c: 1, t: 1 }, spacing: { x: 1, y: 1, z: 1, t: 1 }, unit: '' }, settings(v.n));
    encodePng(image, [{ keyword: 'voxelscope', text: '{}' }], (raw) => deflateSync(raw, { level: 6 }));
  },
  reference: () => (pythonSeconds ? { name: 'numpy + matplotlib + zlib', seconds: pythonSeconds } : null),
}];
