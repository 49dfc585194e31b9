import { registerReader } from './registry.js';
import type { VolumeReader } from './reader.js';
import { tiffReader } from './tiff/index.js';
import { niftiReader } from './nifti/index.js';
import { enviReader } from './envi/index.js';
import { npyReader } from './npy/index.js';
import { sequenceReader } from './sequence/index.js';

/**
 * Registers every reader the project has. Order matters: strong magic numbers first; PNG (opened as a
 * one-image sequence, or a numbered series) next; ENVI, recognised by its header's name, last.
 */
export function registerAllReaders(): void {
  for (const r of [tiffReader, niftiReader, npyReader, sequenceReader, enviReader]) registerReader(r as VolumeReader);
}
