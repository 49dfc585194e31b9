import { registerReader } from './registry.js';
import { tiffReader } from './tiff/index.js';
import { niftiReader } from './nifti/index.js';
import { enviReader } from './envi/index.js';
import { npyReader } from './npy/index.js';

/** Registers every reader the project has. Order matters: strong magic numbers first, ENVI (by name) last. */
export function registerAllReaders(): void {
  for (const r of [tiffReader, niftiReader, npyReader, enviReader]) registerReader(r as Parameters<typeof registerReader>[0]);
}
