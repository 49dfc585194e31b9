import { Gzip } from 'fflate';
import { bytesPerVoxel } from '../../model/dtype.js';
import { type VolumeMeta, voxelCount } from '../../model/volume.js';
import type { VolumeWriter, WriteOptions } from '../writer.js';
import { affineToQform } from './affine.js';
import { typeForDtype } from './datatypes.js';

const HDR = 348;
const XYZ_UNITS: Record<string, number> = { m: 1, mm: 2, um: 3, 'µm': 3, 'μm': 3 };
const T_UNITS: Record<string, number> = { s: 8, sec: 8, ms: 16, msec: 16, us: 24, usec: 24, Hz: 32, ppm: 40, 'rad/s': 48 };
/** NIFTI_ECODE_COMMENT: plain text. The provenance JSON is text, so it goes there (nibabel shows it as a comment). */
const ECODE_COMMENT = 6;
/** NIFTI_INTENT_VECTOR: dim[5] holds the components of a vector per voxel (our channels). */
const INTENT_VECTOR = 1007;

function ascii(s: string, max: number): Uint8Array {
  const out = new Uint8Array(Math.min(s.length, max));
  for (let i = 0; i < out.length; i++) {
    const c = s.charCodeAt(i);
    out[i] = c >= 0x20 && c < 0x7f ? c : 0x3f; // header text fields are ASCII; anything else becomes '?'
  }
  return out;
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-4 * Math.max(Math.abs(a), Math.abs(b));
}

/** The 348-byte NIfTI-1 header (little-endian) for `meta`, with data at `voxOffset`. */
function header(meta: VolumeMeta, voxOffset: number, descrip: string): Uint8Array {
  const { dims, spacing } = meta;
  for (const [axis, n] of Object.entries(dims)) {
    if (!Number.isInteger(n) || n < 1 || n > 32767) throw new Error(`NIfTI-1 cannot hold ${axis} = ${n} (1..32767)`);
  }
  const type = typeForDtype(meta.dtype);
  const b = new Uint8Array(HDR);
  const dv = new DataView(b.buffer);
  const i16 = (o: number, v: number) => dv.setInt16(o, v, true);
  const f32 = (o: number, v: number) => dv.setFloat32(o, v, true);
  dv.setInt32(0, HDR, true);
  const ndim = dims.c > 1 ? 5 : dims.t > 1 ? 4 : 3;
  [ndim, dims.x, dims.y, dims.z, dims.t, dims.c, 1, 1].forEach((v, i) => i16(40 + 2 * i, v));
  if (dims.c > 1) i16(68, INTENT_VECTOR);
  i16(70, type.code);
  i16(72, type.bitpix);

  const pix = [1, spacing.x, spacing.y, spacing.z, spacing.t, 1, 1, 1];
  let qformCode = 0;
  let sformCode = 0;
  const aff = meta.affine;
  if (aff) {
    // sform holds any affine exactly (as float32); "aligned" (2) since we cannot know it is scanner space.
    sformCode = 2;
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) f32(280 + 16 * r + 4 * c, aff[r][c]);
    // A matching qform when the affine is rotation x scale and agrees with the spacing; else code 0.
    const q = affineToQform(aff);
    if (q && close(q.zooms[0], spacing.x) && close(q.zooms[1], spacing.y) && close(q.zooms[2], spacing.z)) {
      qformCode = 2;
      pix[0] = q.qfac;
      q.quatern.forEach((v, i) => f32(256 + 4 * i, v));
      q.offset.forEach((v, i) => f32(268 + 4 * i, v));
    }
  }
  pix.forEach((v, i) => f32(76 + 4 * i, v));
  f32(108, voxOffset);
  f32(112, meta.scaling ? meta.scaling.slope : 0); // slope 0 = no scaling (NIfTI spec)
  f32(116, meta.scaling ? meta.scaling.inter : 0);
  b[123] = (XYZ_UNITS[meta.unit] ?? 0) | (T_UNITS[meta.timeUnit] ?? 0);
  b.set(ascii(descrip, 79), 148);
  i16(252, qformCode);
  i16(254, sformCode);
  b.set([0x6e, 0x2b, 0x31, 0], 344); // "n+1\0": single file
  return b;
}

/** One extension (esize, ecode, text padded with NULs to a multiple of 16 bytes). */
function commentExtension(text: string): Uint8Array {
  const data = new TextEncoder().encode(text);
  const esize = Math.ceil((data.byteLength + 8) / 16) * 16;
  const e = new Uint8Array(esize);
  const dv = new DataView(e.buffer);
  dv.setInt32(0, esize, true);
  dv.setInt32(4, ECODE_COMMENT, true);
  e.set(data, 8);
  return e;
}

/**
 * An uncompressed NIfTI-1 .nii as chunks in file order. Voxels are copied nowhere: the chunks are views
 * into `voxels`, reordered only when both c > 1 and t > 1 (NIfTI stores t before the vector index).
 */
export function encodeNifti(meta: VolumeMeta, voxels: Uint8Array, options: WriteOptions = {}): Uint8Array[] {
  const expected = voxelCount(meta.dims) * bytesPerVoxel(meta.dtype);
  if (voxels.byteLength !== expected) throw new Error(`NIfTI writer: ${voxels.byteLength} bytes of voxels, dims and dtype need ${expected}`);
  const ext = options.provenance ? commentExtension(options.provenance) : null;
  const voxOffset = HDR + 4 + (ext ? ext.byteLength : 0);
  const fallback = typeof meta.extra?.descrip === 'string' ? meta.extra.descrip : '';
  const chunks: Uint8Array[] = [header(meta, voxOffset, options.provenance ?? fallback)];
  chunks.push(new Uint8Array([ext ? 1 : 0, 0, 0, 0]));
  if (ext) chunks.push(ext);
  const { z, c, t } = meta.dims;
  const plane = meta.dims.x * meta.dims.y * bytesPerVoxel(meta.dtype);
  if (c > 1 && t > 1) {
    for (let u = 0; u < c; u++) {
      for (let k = 0; k < t; k++) {
        const p = z * (u + c * k);
        chunks.push(voxels.subarray(p * plane, (p + z) * plane));
      }
    }
  } else chunks.push(voxels);
  return chunks;
}

/**
 * Gzips chunks as a stream (no concatenation of the volume). Level 1 like nibabel's default: for noisy
 * scientific data higher levels cost several times the time for a few percent of size.
 */
export function gzipChunks(chunks: Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  const gz = new Gzip({ level: 1, mtime: 0 }, (data) => out.push(data));
  chunks.forEach((ch, i) => gz.push(ch, i === chunks.length - 1));
  if (!chunks.length) gz.push(new Uint8Array(0), true);
  return out;
}

/** .nii; gzipped when options.compress is set. */
export const niftiWriter: VolumeWriter = {
  id: 'nifti',
  extensions: ['nii'],
  encode(meta, voxels, options) {
    const chunks = encodeNifti(meta, voxels, options);
    return options?.compress ? gzipChunks(chunks) : chunks;
  },
};

/** .nii.gz: always gzipped, so a host choosing the writer by extension gets a valid file. */
export const niftiGzWriter: VolumeWriter = {
  id: 'nifti-gz',
  extensions: ['nii.gz'],
  encode: (meta, voxels, options) => gzipChunks(encodeNifti(meta, voxels, options)),
};
