import type { Codecs } from '../codecs.js';
import { FormatError, throwIfAborted } from '../errors.js';
import type { Header, RawExtent, ReadContext } from '../reader.js';
import type { ByteSource, SourceSet } from '../source.js';
import { deinterleave, swapInPlace } from './datatypes.js';

/** Everything a worker needs to decode any plane without re-reading the header (plain data). */
export interface NiftiLayout {
  /** Base name of the file holding the voxels: the .nii itself, or the .img of a pair. */
  dataFile: string;
  gzip: boolean;
  /** Byte offset of the first voxel in the (decompressed) data file. */
  voxOffset: number;
  nx: number; ny: number; nz: number; nt: number;
  /** dim[5]*dim[6]*dim[7]: vector components, which become channels. */
  nu: number;
  /** Interleaved samples per voxel on disk (RGB24 3, RGBA32 4, else 1). */
  samples: number;
  /** Bytes of one number to reverse for a big-endian file, 0 when no swap is needed. */
  swapSize: number;
  /** Bytes of one z-slice on disk (all interleaved samples). */
  sliceBytes: number;
  /** Bytes of one canonical plane (one channel). */
  planeBytes: number;
  /** Bytes of all voxels on disk. */
  dataBytes: number;
}

/**
 * On disk the order is x, y, z, t, u (u = vector component) with RGB samples interleaved per voxel;
 * canonically it is x, y, z, c, t with c = sample + samples*u. Disk slice s = z + Z*(t + T*u).
 */
function sliceToPlanes(L: NiftiLayout, s: number): number[] {
  const z = s % L.nz;
  const r = (s - z) / L.nz;
  const t = r % L.nt;
  const u = (r - t) / L.nt;
  const C = L.samples * L.nu;
  const out: number[] = [];
  for (let k = 0; k < L.samples; k++) out.push(z + L.nz * (k + L.samples * u + C * t));
  return out;
}

function planeToSlice(L: NiftiLayout, p: number): { slice: number; sample: number } {
  const C = L.samples * L.nu;
  const z = p % L.nz;
  const r = (p - z) / L.nz;
  const c = r % C;
  const t = (r - c) / C;
  const sample = c % L.samples;
  const u = (c - sample) / L.samples;
  return { slice: z + L.nz * (t + L.nt * u), sample };
}

export async function openData(files: SourceSet, name: string): Promise<ByteSource> {
  if (name === files.primary.name) return files.primary;
  const s = await files.sibling(name);
  if (!s) throw new FormatError(files.primary.name, `data file ${name} is missing`);
  return s;
}

/** Random access into an uncompressed .nii/.img: one read per plane, swapped and de-interleaved in place. */
export async function decodePlane(files: SourceSet, header: Header<NiftiLayout>, plane: number, dest: Uint8Array, ctx: ReadContext): Promise<void> {
  throwIfAborted(ctx.signal);
  const L = header.layout;
  if (L.gzip) throw new Error(`${L.dataFile}: gzip data decodes as one stream (decodeAll), not by plane`);
  const src = await openData(files, L.dataFile);
  const { slice, sample } = planeToSlice(L, plane);
  const bytes = await src.read(L.voxOffset + slice * L.sliceBytes, L.sliceBytes);
  if (L.samples > 1) {
    // Only the wanted sample: pull every samples-th byte straight into dest.
    const n = L.planeBytes;
    for (let v = 0, i = sample; v < n; v++, i += L.samples) dest[v] = bytes[i];
    return;
  }
  dest.set(bytes);
  if (L.swapSize) swapInPlace(dest.subarray(0, L.planeBytes), L.swapSize);
}

/** A plane's bytes in an uncompressed, little-endian, single-sample .nii/.img need no decoding. */
export function rawExtent(header: Header<NiftiLayout>, plane: number): RawExtent | null {
  const L = header.layout;
  if (L.gzip || L.samples !== 1 || L.swapSize) return null;
  const { slice } = planeToSlice(L, plane);
  return { file: L.dataFile, offset: L.voxOffset + slice * L.sliceBytes, length: L.planeBytes };
}

function toFormatError(file: string, e: unknown, what: string): FormatError {
  if (e instanceof FormatError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new FormatError(file, `${what}: ${msg}`);
}

/** First compressed read; doubled each time more is needed, so a header costs a few KB of inflation. */
const FIRST_PIECE = 1024;
const STREAM_PIECE = 1 << 20;

/**
 * Inflates only the start of a gzip file until `want` bytes are out (or the file ends), for reading a
 * header without inflating the volume. Returns what came out (possibly more than `want`).
 */
export async function gunzipPrefix(src: ByteSource, codecs: Codecs, want: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let got = 0;
  const stream = codecs.gunzipStream((chunk) => {
    // Copy: a codec may reuse its output buffer. Past `want` we keep nothing.
    if (got < want) parts.push(chunk.slice(0, want - got));
    got += chunk.byteLength;
  });
  let off = 0;
  let piece = FIRST_PIECE;
  try {
    while (got < want && off < src.size) {
      const n = Math.min(piece, src.size - off);
      const chunk = await src.read(off, n);
      off += n;
      await stream.push(chunk, off >= src.size);
      piece = Math.min(piece * 2, 1 << 16);
    }
  } catch (e) {
    // A stream cut short before `want` is reported by the caller as a short header; other errors are corrupt data.
    if (got < want) throw toFormatError(src.name, e, 'gzip data is corrupt');
  }
  const out = new Uint8Array(Math.min(got, want));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}

/**
 * Streams a gzip member into dest: compressed bytes are read in 1 MiB pieces and every decompressed
 * chunk is copied (dest.set, whole runs) to where its bytes belong, so memory stays at the volume plus
 * one chunk. Planes are reported as soon as complete: in plane order for plain data; for vector data
 * with t > 1 and for RGB the disk order differs from the canonical one, so planes arrive out of order.
 */
export async function decodeAll(files: SourceSet, header: Header<NiftiLayout>, dest: Uint8Array, onPlane: (plane: number) => void, ctx: ReadContext): Promise<void> {
  const L = header.layout;
  const src = await openData(files, L.dataFile);
  if (!L.gzip) {
    // Uncompressed data has random access; the stream interface is just every plane in order.
    const n = L.planeBytes;
    const total = L.nz * L.nt * L.nu * L.samples;
    for (let p = 0; p < total; p++) {
      await decodePlane(files, header, p, dest.subarray(p * n, (p + 1) * n), ctx);
      onPlane(p);
    }
    return;
  }
  if (dest.byteLength < L.dataBytes) {
    throw new Error(`${L.dataFile}: destination holds ${dest.byteLength} bytes, volume needs ${L.dataBytes}`);
  }
  const end = L.voxOffset + L.dataBytes;
  const sliceBuf = L.samples > 1 ? new Uint8Array(L.sliceBytes) : null;
  let pos = 0; // decompressed bytes seen
  let overflow = false;
  let failure: unknown = null;

  const finishSlice = (s: number) => {
    const planes = sliceToPlanes(L, s);
    if (sliceBuf) {
      deinterleave(sliceBuf, L.samples, planes.map((p) => dest.subarray(p * L.planeBytes, (p + 1) * L.planeBytes)));
    } else if (L.swapSize) {
      swapInPlace(dest.subarray(planes[0] * L.planeBytes, (planes[0] + 1) * L.planeBytes), L.swapSize);
    }
    for (const p of planes) onPlane(p);
  };

  const onData = (chunk: Uint8Array) => {
    if (failure || overflow) return;
    try {
      let off = 0;
      const n = chunk.byteLength;
      if (pos < L.voxOffset) {
        const skip = Math.min(L.voxOffset - pos, n);
        off += skip;
        pos += skip;
      }
      while (off < n) {
        if (pos >= end) {
          overflow = true;
          return;
        }
        const q = pos - L.voxOffset;
        const s = Math.floor(q / L.sliceBytes);
        const within = q - s * L.sliceBytes;
        const len = Math.min(L.sliceBytes - within, n - off);
        const run = chunk.subarray(off, off + len);
        if (sliceBuf) sliceBuf.set(run, within);
        else dest.set(run, sliceToPlanes(L, s)[0] * L.planeBytes + within);
        off += len;
        pos += len;
        if (within + len === L.sliceBytes) finishSlice(s);
      }
    } catch (e) {
      failure = e; // never throw into the codec; reported after push returns
    }
  };

  const stream = ctx.codecs.gunzipStream(onData);
  const name = src.name;
  let off = 0;
  try {
    while (off < src.size) {
      throwIfAborted(ctx.signal);
      const n = Math.min(STREAM_PIECE, src.size - off);
      const chunk = await src.read(off, n);
      off += n;
      await stream.push(chunk, off >= src.size);
      if (failure) throw failure;
      if (overflow) throw new FormatError(name, `gzip data holds more than the ${L.dataBytes} bytes of voxels the header declares`);
    }
  } catch (e) {
    if (e instanceof FormatError || (e instanceof Error && e.name === 'CancelledError')) throw e;
    if (pos < end) throw toFormatError(name, e, `gzip stream is truncated or corrupt after ${Math.max(0, pos - L.voxOffset)} of ${L.dataBytes} voxel bytes`);
    throw toFormatError(name, e, 'gzip stream is corrupt');
  }
  if (pos < end) {
    throw new FormatError(name, `gzip stream ends early: ${Math.max(0, pos - L.voxOffset)} of ${L.dataBytes} voxel bytes`);
  }
}
