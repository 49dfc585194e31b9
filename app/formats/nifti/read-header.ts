import { FormatError, throwIfAborted } from '../errors.js';
import type { Header, ReadContext } from '../reader.js';
import type { ByteSource, SourceSet } from '../source.js';
import { niftiType } from './datatypes.js';
import { type NiftiLayout, gunzipPrefix } from './decode.js';
import { NIFTI2_SIZE, type RawHeader, parseExtensions, parseHeader } from './header.js';
import { buildMeta, gridOf } from './meta.js';

/** Deflate cannot expand more than about 1032:1, so a gzip file of S bytes holds at most ~1032*S. */
const MAX_DEFLATE_RATIO = 1032;
/** Extensions are read for display only; past this we skip them rather than inflate a lot. */
const MAX_EXTENSION_BYTES = 1 << 20;

export async function isGzip(src: ByteSource): Promise<boolean> {
  if (src.size < 2) return false;
  const b = await src.read(0, 2);
  return b[0] === 0x1f && b[1] === 0x8b;
}

/** The first `want` bytes of a file, inflating only that much when it is gzip. */
async function prefix(src: ByteSource, gz: boolean, want: number, ctx: ReadContext): Promise<Uint8Array> {
  if (gz) return gunzipPrefix(src, ctx.codecs, want);
  return src.read(0, Math.min(want, src.size));
}

/** The .img(.gz) beside a .hdr(.gz): same base name, 'img' in the case the 'hdr' was written in. */
async function findPartner(files: SourceSet, hdrName: string): Promise<ByteSource> {
  const m = /^(.*)\.(hdr)(\.gz)?$/i.exec(hdrName);
  if (!m) throw new FormatError(hdrName, 'a two-file NIfTI header (magic ni1/ni2) must be named .hdr or .hdr.gz');
  const img = m[2] === 'HDR' ? 'IMG' : 'img';
  const gz = m[3] ?? '.gz';
  const names = m[3] ? [`${m[1]}.${img}${gz}`, `${m[1]}.${img}`] : [`${m[1]}.${img}`, `${m[1]}.${img}.gz`];
  for (const n of names) {
    const s = await files.sibling(n);
    if (s) return s;
  }
  throw new FormatError(hdrName, `image file ${names[0]} of the .hdr/.img pair is missing`);
}

function describeExtensions(bytes: Uint8Array, h: RawHeader, end: number, extra: Record<string, string | number | boolean | null>): void {
  const ext = parseExtensions(bytes, h, end);
  if (!ext.length) return;
  extra.extension_codes = ext.map((e) => e.ecode).join(',');
  // ecode 6 is NIFTI_ECODE_COMMENT (plain text); our writer stores its provenance JSON there.
  const comment = ext.find((e) => e.ecode === 6);
  if (comment) extra.comment = new TextDecoder('utf-8').decode(comment.data).replace(/\0+$/, '');
}

export async function readHeader(files: SourceSet, ctx: ReadContext): Promise<Header<NiftiLayout> & { stream: boolean }> {
  throwIfAborted(ctx.signal);
  const primary = files.primary;
  const file = primary.name;
  const gz = await isGzip(primary);
  const head = await prefix(primary, gz, NIFTI2_SIZE + 4, ctx);
  const h = parseHeader(head, file);
  const warnings: string[] = [];

  const type = niftiType(h.datatype);
  if (typeof type === 'string') throw new FormatError(file, type);
  if (h.bitpix !== type.bitpix) {
    // nibabel goes by datatype and warns; so do we (the datatype defines the layout).
    warnings.push(`bitpix ${h.bitpix} does not match datatype ${type.name} (${type.bitpix} bits); datatype used`);
  }
  const grid = gridOf(h, file);
  const bpv = type.bitpix / 8;
  const planeVoxels = grid.nx * grid.ny;
  const dataBytes = planeVoxels * grid.nz * grid.nt * grid.nu * bpv;
  if (!Number.isSafeInteger(dataBytes)) throw new FormatError(file, `dims ${h.dim.slice(1, h.dim[0] + 1).join('x')} are absurdly large`);

  let data: ByteSource;
  let dataGz: boolean;
  let voxOffset = h.voxOffset;
  if (!Number.isFinite(voxOffset) || voxOffset < 0) throw new FormatError(file, `vox_offset ${voxOffset} is not a byte offset`);
  voxOffset = Math.floor(voxOffset);
  if (h.singleFile) {
    data = primary;
    dataGz = gz;
    if (voxOffset < h.sizeofHdr + 4) {
      warnings.push(`vox_offset ${voxOffset} is inside the header; ${h.sizeofHdr + 4} used`);
      voxOffset = h.sizeofHdr + 4;
    }
  } else {
    data = await findPartner(files, file);
    dataGz = await isGzip(data);
  }

  const end = voxOffset + dataBytes;
  if (!dataGz && end > data.size) {
    throw new FormatError(data.name, `data is truncated: the header declares ${dataBytes} bytes at offset ${voxOffset}, the file has ${data.size} bytes`);
  }
  if (dataGz && end > MAX_DEFLATE_RATIO * data.size + 1024) {
    throw new FormatError(data.name, `the header declares ${dataBytes} bytes of voxels, more than a ${data.size}-byte gzip file can hold`);
  }

  const meta = buildMeta(h, type, grid, warnings);
  // Extensions sit between the header and vox_offset (single file) or after the header in the .hdr (pair).
  if (h.extender) {
    const extEnd = h.singleFile ? voxOffset : gz ? MAX_EXTENSION_BYTES : primary.size;
    if (extEnd <= MAX_EXTENSION_BYTES) {
      const bytes = extEnd <= head.byteLength ? head : await prefix(primary, gz, extEnd, ctx);
      describeExtensions(bytes, h, extEnd, meta.extra);
    }
  }
  if (!h.singleFile) meta.extra.data_file = data.name;

  const layout: NiftiLayout = {
    dataFile: data.name,
    gzip: dataGz,
    voxOffset,
    nx: grid.nx, ny: grid.ny, nz: grid.nz, nt: grid.nt, nu: grid.nu,
    samples: type.samples,
    swapSize: h.littleEndian ? 0 : type.swapSize,
    sliceBytes: planeVoxels * bpv,
    planeBytes: planeVoxels * (bpv / type.samples),
    dataBytes,
  };
  // `stream` tells the host that only decodeAll can read this file (one gzip stream, no random access).
  const header: Header<NiftiLayout> & { stream: boolean } = { meta, layout, stream: dataGz };
  return header;
}
