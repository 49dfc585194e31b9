import { niftiGzWriter, niftiWriter } from './nifti/write.js';
import { npyWriter } from './npy/writer.js';
import { tiffWriter } from './tiff-writer/index.js';
import type { VolumeWriter } from './writer.js';

/** The formats Voxelscope writes, by the extension of the output's name (DESIGN.md's command line). */
const WRITERS: [RegExp, VolumeWriter][] = [
  [/\.nii\.gz$/i, niftiGzWriter],
  [/\.nii$/i, niftiWriter],
  [/\.npy$/i, npyWriter],
  [/\.tiff?$/i, tiffWriter],
];

/** The writer for an output name, or null when its extension names none. */
export function writerForName(name: string): VolumeWriter | null {
  return WRITERS.find(([re]) => re.test(name))?.[1] ?? null;
}

export const WRITABLE_EXTENSIONS = ['.npy', '.tif', '.nii', '.nii.gz'] as const;
