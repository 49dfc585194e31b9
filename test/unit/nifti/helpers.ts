import { createHash } from 'node:crypto';
import { type Codecs, defaultCodecs } from '../../../app/formats/codecs.js';
import type { Header } from '../../../app/formats/reader.js';
import type { SourceSet } from '../../../app/formats/source.js';
import { type NiftiLayout, niftiReader } from '../../../app/formats/nifti/index.js';
import { bytesPerVoxel } from '../../../app/model/dtype.js';
import { voxelCount } from '../../../app/model/volume.js';

/** Node's zlib, as the host injects it (streaming data events are asynchronous). */
export { nodeCodecs } from '../../../main/services/node-codecs.js';

export interface Loaded {
  header: Header<NiftiLayout>;
  voxels: Uint8Array;
  planesReported: number[];
}

/** Reads header and every voxel the way the host does: decodeAll for gzip, decodePlane otherwise. */
export async function load(files: SourceSet, codecs: Codecs = defaultCodecs): Promise<Loaded> {
  const ctx = { codecs };
  const header = await niftiReader.readHeader(files, ctx);
  const { meta, layout } = header;
  const voxels = new Uint8Array(voxelCount(meta.dims) * bytesPerVoxel(meta.dtype));
  const planeBytes = meta.dims.x * meta.dims.y * bytesPerVoxel(meta.dtype);
  const planes = meta.dims.z * meta.dims.c * meta.dims.t;
  const planesReported: number[] = [];
  if (layout.gzip) {
    await niftiReader.decodeAll!(files, header, voxels, (p) => planesReported.push(p), ctx);
  } else {
    for (let p = 0; p < planes; p++) {
      await niftiReader.decodePlane!(files, header, p, voxels.subarray(p * planeBytes, (p + 1) * planeBytes), ctx);
      planesReported.push(p);
    }
  }
  return { header, voxels, planesReported };
}

/** Canonical voxels back in NIfTI on-disk order (RGB re-interleaved, t before vector index), for oracle hashes. */
export function toDiskOrder(h: Header<NiftiLayout>, vox: Uint8Array): Uint8Array {
  const L = h.layout;
  if (L.samples === 1 && (L.nu === 1 || L.nt === 1)) return vox;
  const out = new Uint8Array(vox.byteLength);
  const C = L.samples * L.nu;
  const pb = L.planeBytes;
  for (let u = 0; u < L.nu; u++) {
    for (let t = 0; t < L.nt; t++) {
      for (let z = 0; z < L.nz; z++) {
        const s = z + L.nz * (t + L.nt * u);
        for (let k = 0; k < L.samples; k++) {
          const p = z + L.nz * (k + L.samples * u + C * t);
          const src = vox.subarray(p * pb, (p + 1) * pb);
          if (L.samples === 1) out.set(src, s * L.sliceBytes);
          else for (let v = 0; v < pb; v++) out[s * L.sliceBytes + v * L.samples + k] = src[v];
        }
      }
    }
  }
  return out;
}

export function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

/** Value at [x,y,z,t,u] (nibabel index order) from canonical voxels: a number, bigint or [re, im]. */
export function probe(h: Header<NiftiLayout>, vox: Uint8Array, idx: number[]): number | bigint | [number, number] {
  const { dims, dtype } = h.meta;
  const [x, y, z = 0, t = 0, u = 0] = idx;
  const i = x + dims.x * (y + dims.y * (z + dims.z * (u + dims.c * t)));
  const dv = new DataView(vox.buffer, vox.byteOffset, vox.byteLength);
  const o = i * bytesPerVoxel(dtype);
  switch (dtype) {
    case 'uint8': return dv.getUint8(o);
    case 'int8': return dv.getInt8(o);
    case 'uint16': return dv.getUint16(o, true);
    case 'int16': return dv.getInt16(o, true);
    case 'uint32': return dv.getUint32(o, true);
    case 'int32': return dv.getInt32(o, true);
    case 'uint64': return dv.getBigUint64(o, true);
    case 'int64': return dv.getBigInt64(o, true);
    case 'float32': return dv.getFloat32(o, true);
    case 'float64': return dv.getFloat64(o, true);
    case 'complex64': return [dv.getFloat32(o, true), dv.getFloat32(o + 4, true)];
    case 'complex128': return [dv.getFloat64(o, true), dv.getFloat64(o + 8, true)];
  }
}
