/**
 * NumPy .npy writer. Shape (z, y, x) when c = t = 1, else (t, c, z, y, x) (the project's convention,
 * DESIGN.md), so a single 2D image is written as (1, y, x). Little-endian, C order, format 1.0 unless
 * the header needs more than 65535 bytes (then 2.0). The preamble is padded so data starts at a
 * multiple of 64 bytes, as numpy does.
 */
import { bytesPerVoxel } from '../../model/dtype.js';
import { voxelCount, type VolumeMeta } from '../../model/volume.js';
import type { VolumeWriter } from '../writer.js';
import { descrOf, MAGIC } from './header.js';

export function npyShape(meta: VolumeMeta): number[] {
  const d = meta.dims;
  return d.c === 1 && d.t === 1 ? [d.z, d.y, d.x] : [d.t, d.c, d.z, d.y, d.x];
}

/** The preamble (magic, version, header length, dict) for a C-ordered little-endian array. */
export function npyPreamble(meta: VolumeMeta): Uint8Array {
  const shape = npyShape(meta);
  const dict = `{'descr': '${descrOf(meta.dtype)}', 'fortran_order': False, 'shape': (${shape.join(', ')}), }`;
  let major = 1;
  let fixed = 10; // magic 6 + version 2 + length 2
  let total = Math.ceil((fixed + dict.length + 1) / 64) * 64;
  if (total - fixed > 0xffff) {
    major = 2;
    fixed = 12;
    total = Math.ceil((fixed + dict.length + 1) / 64) * 64;
  }
  const hlen = total - fixed;
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  out[6] = major;
  out[7] = 0;
  if (major === 1) {
    out[8] = hlen & 0xff; out[9] = hlen >>> 8;
  } else {
    out[8] = hlen & 0xff; out[9] = (hlen >>> 8) & 0xff; out[10] = (hlen >>> 16) & 0xff; out[11] = hlen >>> 24;
  }
  const text = dict + ' '.repeat(hlen - dict.length - 1) + '\n';
  for (let i = 0; i < text.length; i++) out[fixed + i] = text.charCodeAt(i);
  return out;
}

export const npyWriter: VolumeWriter = {
  id: 'npy',
  extensions: ['npy'],
  encode(meta, voxels) {
    const bytes = voxelCount(meta.dims) * bytesPerVoxel(meta.dtype);
    if (voxels.byteLength !== bytes) {
      throw new Error(`npy writer: ${voxels.byteLength} voxel bytes given, dims and dtype need ${bytes}`);
    }
    return [npyPreamble(meta), voxels];
  },
};
