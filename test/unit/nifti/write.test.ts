import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quaternToMatrix } from '../../../app/formats/nifti/affine.js';
import { niftiGzWriter, niftiWriter } from '../../../app/formats/nifti/index.js';
import { MemorySourceSet } from '../../../app/formats/source.js';
import { type DType, bytesPerVoxel } from '../../../app/model/dtype.js';
import { type VolumeMeta, voxelCount } from '../../../app/model/volume.js';
import { load, nodeCodecs } from './helpers.js';

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
}

function volume(dtype: DType, dims: VolumeMeta['dims'], affine: number[][] | null): { meta: VolumeMeta; voxels: Uint8Array } {
  const meta: VolumeMeta = {
    format: 'test', dims, dtype,
    spacing: { x: 1.5, y: 1.25, z: 2, t: 0.8 }, unit: 'mm', timeUnit: 's',
    channels: [], scaling: { slope: 0.25, inter: -3 }, affine, extra: {}, warnings: [],
  };
  const voxels = new Uint8Array(voxelCount(dims) * bytesPerVoxel(dtype));
  for (let i = 0; i < voxels.length; i++) voxels[i] = (i * 131 + 7) & 0xff;
  if (dtype === 'float32' || dtype === 'complex64') {
    const f = new Float32Array(voxels.buffer);
    f.forEach((_, i) => (f[i] = Math.sin(i) * 100));
  }
  return { meta, voxels };
}

// A rotation + scale + flip, as a qform would give (so the writer also stores a matching qform).
const rotated = quaternToMatrix([0.1, -0.2, 0.15], [-30, 20, -15], [-1, 1.5, 1.25, 2]);
const sheared = [[1.5, 0.3, 0, 1], [0, 1.25, 0, 2], [0, 0, 2, 3], [0, 0, 0, 1]];
const PROVENANCE = JSON.stringify({ tool: 'voxelscope', op: 'gaussian', sigma: [2, 2, 1], note: 'x'.repeat(200) });

describe('NIfTI writer round trip', () => {
  const cases: [string, DType, VolumeMeta['dims'], number[][] | null, boolean][] = [
    ['int16 3D rotated', 'int16', { x: 7, y: 5, z: 4, c: 1, t: 1 }, rotated, false],
    ['float32 4D sheared gz', 'float32', { x: 6, y: 4, z: 3, c: 1, t: 3 }, sheared, true],
    ['uint8 c=3 t=2 (reordered)', 'uint8', { x: 5, y: 4, z: 2, c: 3, t: 2 }, rotated, true],
    ['complex64', 'complex64', { x: 4, y: 3, z: 2, c: 1, t: 1 }, null, false],
    ['uint64', 'uint64', { x: 3, y: 3, z: 3, c: 1, t: 1 }, rotated, false],
  ];
  for (const [name, dtype, dims, affine, gz] of cases) {
    it(name, async () => {
      const { meta, voxels } = volume(dtype, dims, affine);
      const writer = gz ? niftiGzWriter : niftiWriter;
      const file = `out.${writer.extensions[0]}`;
      const bytes = concat(writer.encode(meta, voxels, { provenance: PROVENANCE }));
      const back = await load(new MemorySourceSet(file, new Map([[file, bytes]])), nodeCodecs);
      const m = back.header.meta;
      expect(back.header.layout.gzip).toBe(gz);
      expect(m.dims).toEqual(dims);
      expect(m.dtype).toBe(dtype);
      expect(back.voxels).toEqual(voxels);
      expect(m.spacing).toEqual({ x: 1.5, y: 1.25, z: 2, t: Math.fround(0.8) });
      expect([m.unit, m.timeUnit]).toEqual(['mm', 's']);
      expect(m.scaling).toEqual({ slope: 0.25, inter: -3 });
      expect(m.extra.descrip).toBe(PROVENANCE.slice(0, 79));
      expect(m.extra.comment).toBe(PROVENANCE);
      const want = affine ?? [[1.5, 0, 0, 0], [0, 1.25, 0, 0], [0, 0, 2, 0], [0, 0, 0, 1]];
      m.affine!.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 5)));
      expect(m.extra.sform_code).toBe(affine ? 2 : 0);
      expect(m.extra.qform_code).toBe(affine === rotated ? 2 : 0);
    });
  }

  it('uncompressed output is header views plus the caller\'s voxels (no copy)', () => {
    const { meta, voxels } = volume('int16', { x: 4, y: 4, z: 4, c: 1, t: 1 }, null);
    const chunks = niftiWriter.encode(meta, voxels);
    expect(chunks[chunks.length - 1]).toBe(voxels);
    expect(concat(niftiWriter.encode(meta, voxels, { compress: true })).subarray(0, 2)).toEqual(new Uint8Array([0x1f, 0x8b]));
  });

  it('rejects voxels that do not match dims and dtype', () => {
    const { meta } = volume('int16', { x: 4, y: 4, z: 4, c: 1, t: 1 }, null);
    expect(() => niftiWriter.encode(meta, new Uint8Array(10))).toThrow(/10 bytes of voxels/);
  });

  // nibabel reads what we write (when Debian's python3-nibabel is installed).
  const py = '/usr/bin/python3';
  const haveNibabel = existsSync(py) && (() => {
    try { execFileSync(py, ['-c', 'import nibabel'], { stdio: 'ignore' }); return true; } catch { return false; }
  })();
  it.skipIf(!haveNibabel)('nibabel reads our .nii.gz: same affine, qform, scaling, data', () => {
    const { meta, voxels } = volume('float32', { x: 6, y: 4, z: 3, c: 1, t: 3 }, rotated);
    const dir = mkdtempSync(join(tmpdir(), 'nifti-'));
    try {
      const f = join(dir, 'a.nii.gz');
      writeFileSync(f, concat(niftiGzWriter.encode(meta, voxels, { provenance: PROVENANCE })));
      const out = execFileSync(py, ['-c', `
import json, sys, nibabel as nib, numpy as np
img = nib.load(sys.argv[1])
h = img.header
print(json.dumps({"shape": list(img.shape), "affine": img.affine.tolist(), "qform": img.get_qform().tolist(),
  "codes": [int(h["qform_code"]), int(h["sform_code"])], "slope": float(img.dataobj.slope), "inter": float(img.dataobj.inter),
  "zooms": [float(z) for z in h.get_zooms()], "units": list(h.get_xyzt_units()),
  "first": float(np.asanyarray(img.dataobj).ravel(order="F")[1]), "ext": [e.get_code() for e in h.extensions]}))
`, f], { encoding: 'utf8' });
      const r = JSON.parse(out);
      expect(r.shape).toEqual([6, 4, 3, 3]);
      expect(r.codes).toEqual([2, 2]);
      r.qform.forEach((row: number[], i: number) => row.forEach((v, j) => expect(v).toBeCloseTo(rotated[i][j], 5)));
      expect([r.slope, r.inter]).toEqual([0.25, -3]);
      expect(r.units).toEqual(['mm', 'sec']);
      expect(r.first).toBeCloseTo(new Float32Array(voxels.buffer)[1] * 0.25 - 3, 4);
      expect(r.ext).toEqual([6]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
