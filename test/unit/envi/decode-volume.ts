import { createHash } from 'node:crypto';
import { defaultCodecs } from '../../../app/formats/codecs.js';
import type { Header, ReadContext, VolumeReader } from '../../../app/formats/reader.js';
import type { SourceSet } from '../../../app/formats/source.js';
import { bytesPerVoxel } from '../../../app/model/dtype.js';
import { planeCount } from '../../../app/model/volume.js';

export const ctx: ReadContext = { codecs: defaultCodecs };

/** Reads the header and decodes every plane, in reverse order to catch order dependence. */
export async function decodeVolume<L>(reader: VolumeReader<L>, files: SourceSet): Promise<{ header: Header<L>; voxels: Uint8Array }> {
  const header = await reader.readHeader(files, ctx);
  // The layout goes to worker threads: it must survive structured cloning unchanged.
  const cloned = { ...header, layout: structuredClone(header.layout) };
  const { dims, dtype } = header.meta;
  const planeBytes = dims.x * dims.y * bytesPerVoxel(dtype);
  const voxels = new Uint8Array(planeBytes * planeCount(dims));
  if (reader.decodePlane) {
    for (let p = planeCount(dims) - 1; p >= 0; p--) {
      await reader.decodePlane(files, cloned, p, voxels.subarray(p * planeBytes, (p + 1) * planeBytes), ctx);
    }
  } else if (reader.decodeAll) {
    await reader.decodeAll(files, cloned, voxels, () => {}, ctx);
  }
  return { header, voxels };
}

export function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}
