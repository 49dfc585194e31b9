import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { bytesPerVoxel } from '../../../app/model/dtype.js';
import { planeCount, type VolumeMeta } from '../../../app/model/volume.js';
import { defaultCodecs, type Codecs } from '../../../app/formats/codecs.js';
import { MemorySourceSet } from '../../../app/formats/source.js';
import { tiffReader } from '../../../app/formats/tiff/index.js';

export interface Decoded { meta: VolumeMeta; voxels: Uint8Array }

export async function decodeBytes(name: string, bytes: Uint8Array, codecs: Codecs = defaultCodecs): Promise<Decoded> {
  const files = new MemorySourceSet(name, new Map([[name, bytes]]));
  const ctx = { codecs };
  const header = await tiffReader.readHeader(files, ctx);
  // The layout goes to worker threads: it must survive structured cloning.
  const h = { meta: header.meta, layout: structuredClone(header.layout) };
  const { dims, dtype } = h.meta;
  const planeBytes = dims.x * dims.y * bytesPerVoxel(dtype);
  const voxels = new Uint8Array(planeBytes * planeCount(dims));
  for (let p = 0; p < planeCount(dims); p++) {
    await tiffReader.decodePlane!(files, h, p, voxels.subarray(p * planeBytes, (p + 1) * planeBytes), ctx);
  }
  return { meta: h.meta, voxels };
}

export function decodeFile(path: string, codecs?: Codecs): Promise<Decoded> {
  return decodeBytes(basename(path), new Uint8Array(readFileSync(path)), codecs);
}

export function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

const CANON: Record<string, 'x' | 'y' | 'z' | 'c' | 't'> = { X: 'x', Y: 'y', Z: 'z', I: 'z', Q: 'z', C: 'c', S: 'c', T: 't' };

/**
 * Re-orders a canonical volume (t, c, z, y, x; x fastest) into a tifffile series axis order (e.g. 'TZCYX',
 * 'YXS', 'SYX'), C-order, so its SHA-256 can be compared with the oracle's. When both C and S occur,
 * canonical c = C index * S + S index.
 */
export function toAxes(d: Decoded, axes: string, shape: number[]): Uint8Array {
  const { x, y, z, c } = d.meta.dims;
  const bpv = bytesPerVoxel(d.meta.dtype);
  const stride = { x: 1, y: x, z: x * y, c: x * y * z, t: x * y * z * c };
  const sIdx = axes.indexOf('S');
  const sSize = sIdx >= 0 ? shape[sIdx] : 1;
  const strides = [...axes].map((a) => {
    const k = CANON[a];
    if (!k) throw new Error(`unknown axis ${a}`);
    return a === 'C' && sIdx >= 0 ? stride.c * sSize : stride[k];
  });
  const total = shape.reduce((p, v) => p * v, 1);
  const out = new Uint8Array(total * bpv);
  const idx = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < total; o++) {
    let src = 0;
    for (let k = 0; k < shape.length; k++) src += idx[k] * strides[k];
    out.set(d.voxels.subarray(src * bpv, src * bpv + bpv), o * bpv);
    for (let k = shape.length - 1; k >= 0; k--) {
      if (++idx[k] < shape[k]) break;
      idx[k] = 0;
    }
  }
  return out;
}

/** Product of the dims equals the product of the oracle shape (same voxel count). */
export function voxelsOf(d: Decoded): number {
  const m = d.meta.dims;
  return m.x * m.y * m.z * m.c * m.t;
}
