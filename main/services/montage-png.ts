import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { deflateSync } from 'node:zlib';
import { renderMontage, type MontageVolume } from '../../app/export/montage.js';
import { MONTAGE_RECORD_KEYWORD, type MontageRecord, type MontageRecordSettings } from '../../app/export/montage-record.js';
import { encodePng } from '../../app/export/png-encode.js';
import { componentsPerVoxel, typedView } from '../../app/model/dtype.js';
import { voxelCount, type VolumeMeta } from '../../app/model/volume.js';
import { appInfo } from '../../app/recipe/app-info.js';
import { sha256File } from './hashed-files.js';

/*
 * A montage PNG as `voxelscope montage` writes it and the app's *Montage…* exports it: one function, so
 * the two give the same file byte for byte for the same input and settings.
 */

/** zlib at a fixed level: the same pixels give the same bytes. */
const deflate = (raw: Uint8Array): Uint8Array => deflateSync(raw, { level: 6 });

/** The record of a montage of `input` (hashed now) with these settings. */
export async function montageRecord(input: string, settings: MontageRecordSettings): Promise<MontageRecord> {
  const [sha256, size] = [await sha256File(input), statSync(input).size];
  return { format: 'voxelscope-montage', version: 1, app: appInfo(), input: { name: basename(input), path: input, size, sha256 }, settings };
}

/** The voxels of a loaded volume as the montage reads them; complex voxels are refused. */
export function montageVolume(meta: VolumeMeta, sab: SharedArrayBuffer, name: string): MontageVolume {
  if (componentsPerVoxel(meta.dtype) > 1) throw new Error(`${name}: a montage of ${meta.dtype} voxels is not supported (take a magnitude first)`);
  return { data: typedView(meta.dtype, sab, 0, voxelCount(meta.dims)), dims: meta.dims, spacing: meta.spacing, unit: meta.unit };
}

/** The PNG: the montage's pixels and the record, as given (--from writes the record it read back unchanged). */
export function montagePng(volume: MontageVolume, record: MontageRecord, recordText = JSON.stringify(record)): Uint8Array {
  return encodePng(renderMontage(volume, record.settings).image, [{ keyword: MONTAGE_RECORD_KEYWORD, text: recordText }], deflate);
}
