/**
 * Image sequence reader: numbered 2D PNG or TIFF files in one folder read as one z stack (member k is
 * z = k; RGB members give c = 3). Which files belong together is decided in ./names.ts.
 *
 * How the host uses it:
 *  - A .png file: sniff() claims it; readHeader() gathers its numbered siblings, or opens it alone.
 *  - A .tif file: the TIFF reader claims it by magic; the host calls findSequence(files) and, when that
 *    returns names, opens the file with this reader instead.
 *  - A folder: names = sequenceFromNames(listing), then readHeader(withSequence(filesForFirst, names)).
 * Every member must have the same width, height, dtype and channel count; the first that differs is
 * named in the error. Members are decoded independently, so planes decode in parallel.
 */
import type { DType } from '../../model/dtype.js';
import { bytesPerVoxel } from '../../model/dtype.js';
import type { ChannelInfo, VolumeMeta } from '../../model/volume.js';
import type { Codecs } from '../codecs.js';
import { FormatError, throwIfAborted } from '../errors.js';
import type { Header, ReadContext, VolumeReader } from '../reader.js';
import type { ByteSource, SourceSet } from '../source.js';
import { findSequence } from './names.js';
import { checkPngSize, decodePng, isPng, parsePngHeader, type PngInfo } from './png.js';

export { findSequence, sequenceFromNames, sequenceMembers } from './names.js';
export { decodePng, parsePngHeader } from './png.js';

/** A SourceSet that also names the members to read, in order (a folder the user opened). */
export interface SequenceSourceSet extends SourceSet {
  readonly sequence: readonly string[];
}

/** Marks `files` (whose primary is the first member) as the sequence `names`, in that order. */
export function withSequence(files: SourceSet, names: readonly string[]): SequenceSourceSet {
  return { primary: files.primary, sibling: (n) => files.sibling(n), listSiblings: () => files.listSiblings(), sequence: [...names] };
}

export interface SequenceLayout {
  members: string[];
  kind: 'png' | 'tiff';
  /** For TIFF members: each member's own header (plain data), to decode without re-reading it. */
  tiff: Header[] | null;
}

/** Enough to compare members: what each one decodes to. */
interface Shape { width: number; height: number; dtype: DType; channels: number }

const RGB_NAMES = ['Red', 'Green', 'Blue', 'Alpha'];
const RGB_COLORS = [0xff0000, 0x00ff00, 0x0000ff, null];

async function loadTiffReader(): Promise<VolumeReader> {
  const mod = await import('../tiff/index.js');
  return mod.tiffReader as VolumeReader;
}

function isTiff(h: Uint8Array): boolean {
  return (h[0] === 0x49 && h[1] === 0x49 && (h[2] === 42 || h[2] === 43) && h[3] === 0)
    || (h[0] === 0x4d && h[1] === 0x4d && h[2] === 0 && (h[3] === 42 || h[3] === 43));
}

/** The member as a SourceSet of its own (the TIFF reader reads `primary`). */
function memberSet(files: SourceSet, src: ByteSource): SourceSet {
  return { primary: src, sibling: (n) => files.sibling(n), listSiblings: () => files.listSiblings() };
}

async function open(files: SourceSet, name: string): Promise<ByteSource> {
  if (name === files.primary.name) return files.primary;
  const s = await files.sibling(name);
  if (!s) throw new FormatError(name, 'is part of the image sequence but can no longer be opened');
  return s;
}

function describe(s: Shape): string {
  return `${s.width} x ${s.height} ${s.dtype}${s.channels > 1 ? ` with ${s.channels} channels` : ''}`;
}

function pngShape(info: PngInfo): Shape {
  return { width: info.width, height: info.height, dtype: info.sampleBytes === 2 ? 'uint16' : 'uint8', channels: info.channels };
}

/**
 * The last PNG decoded in this worker: a colour member is asked for once per channel. The cache key is
 * the file's bytes (compared in full: cheap next to inflating), so equal names in other folders never
 * collide.
 */
let lastPng: { file: Uint8Array; pixels: Uint8Array } | null = null;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

async function decodePngMember(src: ByteSource, codecs: Codecs, channels: number): Promise<Uint8Array> {
  const file = await src.read(0, src.size);
  if (lastPng && sameBytes(lastPng.file, file)) return lastPng.pixels;
  let pixels: Uint8Array;
  try {
    pixels = decodePng(file, codecs);
  } catch (e) {
    throw new FormatError(src.name, (e as Error).message);
  }
  lastPng = channels > 1 ? { file, pixels } : null;
  return pixels;
}

export const sequenceReader: VolumeReader<SequenceLayout> = {
  id: 'sequence',
  label: 'Image sequence (PNG, TIFF)',
  extensions: ['png'],

  /** PNG files by signature or name; numbered TIFF series are found by the host via findSequence. */
  sniff(head, name) {
    return isPng(head) || /\.png$/i.test(name);
  },

  async readHeader(files: SourceSet, ctx: ReadContext): Promise<Header<SequenceLayout>> {
    const given = (files as Partial<SequenceSourceSet>).sequence;
    const members = given && given.length ? [...given] : (await findSequence(files)) ?? [files.primary.name];
    let kind: 'png' | 'tiff' | null = null;
    let first: Shape | null = null;
    let channels: ChannelInfo[] = [];
    let firstTiff: VolumeMeta | null = null;
    const tiff: Header[] = [];
    for (const name of members) {
      throwIfAborted(ctx.signal);
      const src = await open(files, name);
      const head = await src.read(0, Math.min(src.size, 64));
      const k = isPng(head) ? 'png' : isTiff(head) ? 'tiff' : null;
      if (!k) throw new FormatError(name, 'is neither a PNG nor a TIFF image');
      if (kind && k !== kind) throw new FormatError(name, `is a ${k.toUpperCase()} but ${members[0]} is a ${kind.toUpperCase()}`);
      kind = k;
      let shape: Shape;
      if (k === 'png') {
        const info = parsePngHeader(head);
        if (typeof info === 'string') throw new FormatError(name, info);
        const tooBig = checkPngSize(info, src.size);
        if (tooBig) throw new FormatError(name, tooBig);
        shape = pngShape(info);
      } else {
        const reader = await loadTiffReader();
        const h = await reader.readHeader(memberSet(files, src), ctx);
        const d = h.meta.dims;
        if (d.z !== 1 || d.t !== 1) {
          throw new FormatError(name, `holds ${d.z * d.t} images (z=${d.z}, t=${d.t}); a sequence member must be one 2D image`);
        }
        shape = { width: d.x, height: d.y, dtype: h.meta.dtype, channels: d.c };
        firstTiff ??= h.meta;
        tiff.push({ meta: h.meta, layout: h.layout });
      }
      if (!first) first = shape;
      else if (shape.width !== first.width || shape.height !== first.height || shape.dtype !== first.dtype || shape.channels !== first.channels) {
        throw new FormatError(name, `is ${describe(shape)} but ${members[0]} is ${describe(first)}: every image of a sequence must match`);
      }
    }
    if (!first || !kind) throw new FormatError(files.primary.name, 'the image sequence is empty');
    if (firstTiff) channels = firstTiff.channels;
    else if (first.channels === 1) channels = [{ name: 'Gray', wavelength: null }];
    else channels = Array.from({ length: first.channels }, (_, i) =>
      first!.channels === 2 ? { name: i ? 'Alpha' : 'Gray', wavelength: null } : { name: RGB_NAMES[i], wavelength: null, color: RGB_COLORS[i] });
    const meta: VolumeMeta = {
      format: 'sequence',
      dims: { x: first.width, y: first.height, z: members.length, c: first.channels, t: 1 },
      dtype: first.dtype,
      spacing: firstTiff ? { ...firstTiff.spacing, z: 1, t: 1 } : { x: 1, y: 1, z: 1, t: 1 },
      unit: firstTiff?.unit ?? '',
      timeUnit: '',
      channels,
      scaling: null,
      affine: null,
      extra: { 'sequence files': members.length, 'sequence first': members[0], 'sequence last': members[members.length - 1], 'sequence member format': kind },
      warnings: [],
    };
    if (firstTiff?.bigEndian) meta.bigEndian = true;
    return { meta, layout: { members, kind, tiff: kind === 'tiff' ? tiff : null } };
  },

  async decodePlane(files, header, plane, dest, ctx) {
    const { x: X, y: Y, z: Z, c: C } = header.meta.dims;
    const L = header.layout;
    const z = plane % Z;
    const c = (plane - z) / Z;
    if (c >= C) throw new RangeError(`plane ${plane} out of range`);
    throwIfAborted(ctx.signal);
    const src = await open(files, L.members[z]);
    if (L.kind === 'tiff') {
      const reader = await loadTiffReader();
      await reader.decodePlane!(memberSet(files, src), L.tiff![z], c, dest, ctx);
      return;
    }
    const size = bytesPerVoxel(header.meta.dtype);
    const pixels = await decodePngMember(src, ctx.codecs, C);
    if (pixels.length !== X * Y * C * size) throw new FormatError(src.name, `decodes to a different size than ${L.members[0]}`);
    if (C === 1) {
      dest.set(pixels.subarray(0, X * Y * size));
      return;
    }
    // Interleaved samples -> one channel plane.
    const step = C * size;
    const n = X * Y;
    if (size === 1) {
      for (let i = 0, j = c; i < n; i++, j += step) dest[i] = pixels[j];
    } else {
      for (let i = 0, o = 0, j = c * 2; i < n; i++, o += 2, j += step) {
        dest[o] = pixels[j];
        dest[o + 1] = pixels[j + 1];
      }
    }
  },
};
