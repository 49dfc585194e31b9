import { FormatError } from '../errors.js';

/** The fields of a NIfTI-1 or NIfTI-2 header that the reader uses, as numbers (NIfTI-2's int64 included). */
export interface RawHeader {
  version: 1 | 2;
  littleEndian: boolean;
  sizeofHdr: number;
  magic: string;
  /** 'n+1'/'n+2': voxels follow the header in the same file; 'ni1'/'ni2': they are in the .img. */
  singleFile: boolean;
  dim: number[];
  datatype: number;
  bitpix: number;
  intentCode: number;
  intentName: string;
  pixdim: number[];
  voxOffset: number;
  /** Stored precision: float32 for NIfTI-1, float64 for NIfTI-2. */
  sclSlope: number;
  sclInter: number;
  xyztUnits: number;
  calMin: number;
  calMax: number;
  qformCode: number;
  sformCode: number;
  quatern: [number, number, number];
  qoffset: [number, number, number];
  srow: number[][];
  descrip: string;
  auxFile: string;
  /** Byte 0 of the 4-byte extender after the header (1 = extensions follow), or 0 when not read. */
  extender: number;
}

export const NIFTI1_SIZE = 348;
export const NIFTI2_SIZE = 540;

/** Detects version and byte order from sizeof_hdr, which is 348 (NIfTI-1) or 540 (NIfTI-2) in the file's order. */
export function detect(bytes: Uint8Array): { version: 1 | 2; littleEndian: boolean } | null {
  if (bytes.byteLength < 4) return null;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, 4);
  for (const le of [true, false]) {
    const s = dv.getInt32(0, le);
    if (s === NIFTI1_SIZE) return { version: 1, littleEndian: le };
    if (s === NIFTI2_SIZE) return { version: 2, littleEndian: le };
  }
  return null;
}

function cstring(b: Uint8Array, off: number, len: number): string {
  let end = off;
  while (end < off + len && b[end] !== 0) end++;
  // Free text in old files is often Latin-1; a non-fatal UTF-8 decode keeps ASCII exact and never throws.
  return new TextDecoder('utf-8').decode(b.subarray(off, end)).trim();
}

/** Parses the header at the start of `bytes`; throws FormatError for anything that is not NIfTI. */
export function parseHeader(bytes: Uint8Array, file: string): RawHeader {
  const d = detect(bytes);
  if (!d) {
    const got = bytes.byteLength >= 4 ? new DataView(bytes.buffer, bytes.byteOffset, 4).getInt32(0, true) : 'missing';
    throw new FormatError(file, `not a NIfTI file: sizeof_hdr is ${got} (expected 348 or 540 in either byte order)`);
  }
  const size = d.version === 1 ? NIFTI1_SIZE : NIFTI2_SIZE;
  if (bytes.byteLength < size) {
    throw new FormatError(file, `file ends inside the NIfTI-${d.version} header (${bytes.byteLength} of ${size} bytes)`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = d.littleEndian;
  const i16 = (o: number) => dv.getInt16(o, le);
  const i32 = (o: number) => dv.getInt32(o, le);
  const f32 = (o: number) => dv.getFloat32(o, le);
  const f64 = (o: number) => dv.getFloat64(o, le);
  // int64 fields become numbers; anything past 2^53 is absurd for a voxel count and is rejected later.
  const i64 = (o: number) => Number(dv.getBigInt64(o, le));
  const extender = bytes.byteLength > size ? bytes[size] : 0;

  if (d.version === 1) {
    const magic = cstring(bytes, 344, 4);
    if (magic !== 'n+1' && magic !== 'ni1') {
      throw new FormatError(file, `bad NIfTI-1 magic ${JSON.stringify(magic)} (expected "n+1" or "ni1"; Analyze 7.5 headers are not supported)`);
    }
    return {
      version: 1, littleEndian: le, sizeofHdr: size, magic, singleFile: magic === 'n+1',
      dim: Array.from({ length: 8 }, (_, i) => i16(40 + 2 * i)),
      intentCode: i16(68), datatype: i16(70), bitpix: i16(72),
      pixdim: Array.from({ length: 8 }, (_, i) => f32(76 + 4 * i)),
      voxOffset: f32(108), sclSlope: f32(112), sclInter: f32(116),
      xyztUnits: bytes[123], calMax: f32(124), calMin: f32(128),
      descrip: cstring(bytes, 148, 80), auxFile: cstring(bytes, 228, 24),
      qformCode: i16(252), sformCode: i16(254),
      quatern: [f32(256), f32(260), f32(264)], qoffset: [f32(268), f32(272), f32(276)],
      srow: [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => f32(280 + 16 * r + 4 * c))),
      intentName: cstring(bytes, 328, 16), extender,
    };
  }
  const magic = cstring(bytes, 4, 4);
  if (magic !== 'n+2' && magic !== 'ni2') {
    throw new FormatError(file, `bad NIfTI-2 magic ${JSON.stringify(magic)} (expected "n+2" or "ni2")`);
  }
  return {
    version: 2, littleEndian: le, sizeofHdr: size, magic, singleFile: magic === 'n+2',
    datatype: i16(12), bitpix: i16(14),
    dim: Array.from({ length: 8 }, (_, i) => i64(16 + 8 * i)),
    pixdim: Array.from({ length: 8 }, (_, i) => f64(104 + 8 * i)),
    voxOffset: i64(168), sclSlope: f64(176), sclInter: f64(184),
    calMax: f64(192), calMin: f64(200),
    descrip: cstring(bytes, 240, 80), auxFile: cstring(bytes, 320, 24),
    qformCode: i32(344), sformCode: i32(348),
    quatern: [f64(352), f64(360), f64(368)], qoffset: [f64(376), f64(384), f64(392)],
    srow: [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => f64(400 + 32 * r + 8 * c))),
    xyztUnits: i32(500), intentCode: i32(504), intentName: cstring(bytes, 508, 16), extender,
  };
}

/** NIfTI extensions (esize, ecode, data) between the header and vox_offset, as far as `bytes` holds them. */
export function parseExtensions(bytes: Uint8Array, h: RawHeader, end: number): { ecode: number; data: Uint8Array }[] {
  const out: { ecode: number; data: Uint8Array }[] = [];
  if (!h.extender) return out;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = h.sizeofHdr + 4;
  const stop = Math.min(end, bytes.byteLength);
  while (o + 8 <= stop) {
    const esize = dv.getInt32(o, h.littleEndian);
    const ecode = dv.getInt32(o + 4, h.littleEndian);
    // esize counts its own 8 bytes and must be a positive multiple of 16; anything else ends the list.
    if (esize < 16 || esize % 16 !== 0 || o + esize > stop) break;
    out.push({ ecode, data: bytes.subarray(o + 8, o + esize) });
    o += esize;
  }
  return out;
}
