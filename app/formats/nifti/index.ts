/**
 * NIfTI-1/NIfTI-2 reader and writer (.nii, .nii.gz, .hdr/.img pairs, either byte order).
 * Our own parser rather than nifti-reader-js: it reads NIfTI-2's int64 fields, bounds every size
 * before allocating, inflates only a header's worth of a .nii.gz for readHeader, and streams the
 * voxels plane by plane through the injected codecs.
 */
import type { VolumeReader } from '../reader.js';
import { type NiftiLayout, decodeAll, decodePlane, rawExtent } from './decode.js';
import { detect } from './header.js';
import { readHeader } from './read-header.js';

export type { NiftiLayout } from './decode.js';
export { niftiWriter, niftiGzWriter, encodeNifti } from './write.js';

function hasMagic(head: Uint8Array): boolean {
  const d = detect(head);
  if (!d) return false;
  const at = d.version === 1 ? 344 : 4;
  if (head.byteLength < at + 3) return true; // too short to see the magic: sizeof_hdr alone decides
  const m = String.fromCharCode(head[at], head[at + 1], head[at + 2]);
  return m === `n+${d.version}` || m === `ni${d.version}`;
}

export const niftiReader: VolumeReader<NiftiLayout> = {
  id: 'nifti',
  label: 'NIfTI',
  extensions: ['nii', 'nii.gz', 'hdr', 'hdr.gz'],
  sniff(head, name) {
    if (head[0] === 0x1f && head[1] === 0x8b) return /\.(nii|hdr)\.gz$/i.test(name);
    return hasMagic(head);
  },
  readHeader,
  decodePlane(files, header, plane, dest, ctx) {
    // Random access is only possible into uncompressed data; the host uses decodeAll otherwise.
    return decodePlane(files, header, plane, dest, ctx);
  },
  decodeAll,
  rawExtent,
};
