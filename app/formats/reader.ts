import type { VolumeMeta } from '../model/volume.js';
import type { Codecs } from './codecs.js';
import type { CancelSignal } from './errors.js';
import type { SourceSet } from './source.js';

/**
 * Where a plane's decoded bytes already lie in a file, byte for byte: uncompressed, contiguous, host
 * (little-endian) byte order, no predictor or interleaving. The host can then read many such planes with
 * one positional read straight into the volume's memory, instead of one read per plane.
 */
export interface RawExtent {
  /** Base name of the file holding the bytes; absent for the primary file. */
  file?: string;
  offset: number;
  /** Always the plane's decoded size (X*Y*bytes per voxel). */
  length: number;
}

export interface ReadContext {
  codecs: Codecs;
  signal?: CancelSignal;
}

/**
 * What a reader learns from the header: the metadata, plus a structured-cloneable `layout` (plain data:
 * offsets, byte counts, codec ids) that lets any worker decode any plane without re-reading the header.
 */
export interface Header<L = unknown> {
  meta: VolumeMeta;
  layout: L;
  /**
   * True when this file can only be decoded as one sequential stream (e.g. a gzip member): the host
   * then calls decodeAll; otherwise it calls decodePlane for planes in parallel.
   */
  stream?: boolean;
}

/**
 * A format reader. Readers are registered in ./registry.ts and chosen by `sniff`.
 *
 * Decoded planes are written into `dest`: X*Y voxels of meta.dtype, host little-endian, x fastest.
 * Plane p is (z, c, t) with p = z + Z*(c + C*t) (see model/volume.ts planeIndex).
 *
 * A reader implements `decodePlane` when planes can be decoded independently (parallel, in any order),
 * or `decodeAll` when the data is one sequential stream (a gzip member): it then fills the whole
 * volume in plane order and reports each finished plane through `onPlane` as soon as it is complete.
 */
export interface VolumeReader<L = unknown> {
  readonly id: string;
  /** Display name of the format family, for messages and the open dialog. */
  readonly label: string;
  /** File name endings this reader opens, lower case, without the dot ('tif', 'nii.gz'). */
  readonly extensions: readonly string[];
  /** True if the first bytes (at least 1024 where the file is that long) and name look like this format. */
  sniff(head: Uint8Array, name: string): boolean;
  /**
   * Reads and validates the header. Must check every declared size against the file size (or, for
   * compressed data, against a sane bound) before anything is allocated, and throw FormatError
   * naming the file and the problem.
   */
  readHeader(files: SourceSet, ctx: ReadContext): Promise<Header<L>>;
  decodePlane?(files: SourceSet, header: Header<L>, plane: number, dest: Uint8Array, ctx: ReadContext): Promise<void>;
  decodeAll?(files: SourceSet, header: Header<L>, dest: Uint8Array, onPlane: (plane: number) => void, ctx: ReadContext): Promise<void>;
  /**
   * Optional: the plane's RawExtent when its stored bytes are exactly its decoded bytes, else null.
   * Reading those bytes must give what decodePlane gives (the tests check it on every fixture).
   */
  rawExtent?(header: Header<L>, plane: number): RawExtent | null;
}
