import type { VolumeMeta } from '../model/volume.js';

/**
 * A format writer. `voxels` holds the whole volume in canonical order (x fastest, then y, z, c, t),
 * host little-endian, of meta.dtype. Returns the file's bytes as chunks in order (no giant concat).
 * Writers never write files themselves: the host writes the chunks to a temporary file and renames it
 * into place, so a failure never leaves a partial output.
 */
export interface VolumeWriter {
  readonly id: string;
  /** File name endings this writer produces, lower case, without the dot. */
  readonly extensions: readonly string[];
  encode(meta: VolumeMeta, voxels: Uint8Array, options?: WriteOptions): Uint8Array[];
}

export interface WriteOptions {
  /** Compress where the format allows (gzip for .nii.gz is chosen by extension instead). */
  compress?: boolean;
  /** A provenance record (JSON) to embed where the format has a place for free text. */
  provenance?: string;
}
