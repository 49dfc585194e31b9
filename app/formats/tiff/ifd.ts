import { FormatError, throwIfAborted, type CancelSignal } from '../errors.js';
import type { ByteSource } from '../source.js';
import { TAG, typeSize, MAX_SAMPLES } from './tags.js';

/** What the 8- or 16-byte file header says. */
export interface TiffFileHeader {
  littleEndian: boolean;
  bigTiff: boolean;
  firstIfd: number;
}

/** One image file directory, reduced to what decoding and metadata need. */
export interface Page {
  /** Position of the IFD in the file (for messages). */
  offset: number;
  width: number;
  height: number;
  bitsPerSample: number;
  samplesPerPixel: number;
  sampleFormat: number;
  compression: number;
  predictor: number;
  planar: number;
  photometric: number;
  fillOrder: number;
  /** T4Options (compression 3): bit 0 = 2-D coding. */
  t4Options: number;
  /** JPEGTables (compression 7): quantization and Huffman tables shared by the strips; a private copy. */
  jpegTables: Uint8Array | null;
  subfileType: number;
  rowsPerStrip: number;
  /** 0 for strip images. */
  tileWidth: number;
  tileLength: number;
  /** Strip or tile offsets and byte counts (null when the byte counts tag is missing). */
  offsets: number[];
  counts: number[] | null;
  /** Tags only read for the first page (description, resolution, ImageJ blocks). */
  description: string | null;
  software: string | null;
  xResolution: number | null;
  yResolution: number | null;
  resolutionUnit: number;
  ijByteCounts: number[] | null;
  ijData: Uint8Array | null;
}

export function parseFileHeader(b: Uint8Array, file: string, size: number): TiffFileHeader {
  if (size < 8) throw new FormatError(file, `too short for a TIFF file (${size} bytes)`);
  let le: boolean;
  if (b[0] === 0x49 && b[1] === 0x49) le = true;
  else if (b[0] === 0x4d && b[1] === 0x4d) le = false;
  else throw new FormatError(file, `not a TIFF file: bad byte-order mark 0x${hex2(b[0])}${hex2(b[1])} (must be II or MM)`);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const version = dv.getUint16(2, le);
  if (version === 42) {
    return { littleEndian: le, bigTiff: false, firstIfd: dv.getUint32(4, le) };
  }
  if (version === 43) {
    if (size < 16 || b.byteLength < 16) throw new FormatError(file, 'too short for a BigTIFF header');
    const offSize = dv.getUint16(4, le);
    const pad = dv.getUint16(6, le);
    if (offSize !== 8 || pad !== 0) throw new FormatError(file, `invalid BigTIFF header: offset byte size ${offSize} (must be 8)`);
    return { littleEndian: le, bigTiff: true, firstIfd: u64(dv, 8, le) };
  }
  throw new FormatError(file, `invalid TIFF version ${version} (must be 42, or 43 for BigTIFF)`);
}

function hex2(v: number): string {
  return v.toString(16).padStart(2, '0');
}

function u64(dv: DataView, at: number, le: boolean): number {
  const lo = dv.getUint32(at + (le ? 0 : 4), le);
  const hi = dv.getUint32(at + (le ? 4 : 0), le);
  return hi * 0x1_0000_0000 + lo;
}

function i64(dv: DataView, at: number, le: boolean): number {
  const lo = dv.getUint32(at + (le ? 0 : 4), le);
  const hi = dv.getInt32(at + (le ? 4 : 0), le);
  return hi * 0x1_0000_0000 + lo;
}

/** Reads one value of a field type at `at`; rationals become a single number. */
function readValue(dv: DataView, at: number, type: number, le: boolean): number {
  switch (type) {
    case 1: case 2: case 7: return dv.getUint8(at);
    case 6: return dv.getInt8(at);
    case 3: return dv.getUint16(at, le);
    case 8: return dv.getInt16(at, le);
    case 4: case 13: return dv.getUint32(at, le);
    case 9: return dv.getInt32(at, le);
    case 11: return dv.getFloat32(at, le);
    case 12: return dv.getFloat64(at, le);
    case 5: { const d = dv.getUint32(at + 4, le); return d === 0 ? NaN : dv.getUint32(at, le) / d; }
    case 10: { const d = dv.getInt32(at + 4, le); return d === 0 ? NaN : dv.getInt32(at, le) / d; }
    case 16: case 18: return u64(dv, at, le);
    case 17: return i64(dv, at, le);
    default: return NaN;
  }
}

/**
 * A read-ahead window over the source for header parsing: IFDs of big stacks are often packed together
 * (ImageJ puts them all at the end), so one read can serve many of them.
 */
class ReadAhead {
  private buf: Uint8Array = new Uint8Array(0);
  private start = 0;
  reads = 0;
  constructor(readonly src: ByteSource) {}
  /** At least `len` bytes at `off` (more when cached: up to the end of the window). */
  async read(off: number, len: number, window: number): Promise<Uint8Array> {
    if (off >= this.start && off + len <= this.start + this.buf.length) {
      return this.buf.subarray(off - this.start);
    }
    const n = Math.min(Math.max(len, window), this.src.size - off);
    this.buf = await this.src.read(off, n);
    this.start = off;
    this.reads++;
    return this.buf;
  }
}

/** Tags whose values are read (the first page also gets the metadata tags). */
const WANTED: number[] = [
  TAG.ImageWidth, TAG.ImageLength, TAG.BitsPerSample, TAG.SamplesPerPixel, TAG.SampleFormat, TAG.Compression,
  TAG.Predictor, TAG.PlanarConfiguration, TAG.Photometric, TAG.FillOrder, TAG.NewSubfileType, TAG.RowsPerStrip,
  TAG.TileWidth, TAG.TileLength, TAG.TileOffsets, TAG.TileByteCounts, TAG.StripOffsets, TAG.StripByteCounts,
  TAG.T4Options, TAG.JPEGTables,
];
const WANTED_FIRST: number[] = [
  ...WANTED, TAG.ImageDescription, TAG.Software, TAG.XResolution, TAG.YResolution, TAG.ResolutionUnit,
  TAG.IJMetadataByteCounts, TAG.IJMetadata,
];

/**
 * Per-sample tags need one value per sample, and more than MAX_SAMPLES samples are refused: only that
 * many are read, whatever the count says (300 pages with a 100,000-value BitsPerSample took seconds).
 */
const PER_SAMPLE = new Set<number>([TAG.BitsPerSample, TAG.SampleFormat]);
const valueCount = (tag: number, e: Entry): number => (PER_SAMPLE.has(tag) ? Math.min(e.count, MAX_SAMPLES) : e.count);

interface Entry { type: number; count: number; /** absolute file offset of the value bytes */ at: number }

/** Bytes read speculatively at the first IFD: tag values written right after the IFD usually fall inside. */
const BLOCK = 8192;
/** Read-ahead when IFDs lie close together. */
const WINDOW = 65536;

/**
 * Walks the IFD chain. Stops at a cycle (visited set) or a next-IFD pointer past the end with a warning
 * when at least one page was read, else throws. The page count is bounded by the file size, and so is
 * the number of strip/tile entries over all pages: each takes at least a byte of its own in a real file,
 * while IFDs that share one long table would multiply it (300 pages x 100,000 offsets from 400 KB).
 */
export async function readPages(
  src: ByteSource, hdr: TiffFileHeader, warnings: string[], signal?: CancelSignal,
): Promise<Page[]> {
  const file = src.name;
  const size = src.size;
  const big = hdr.bigTiff;
  const minIfd = big ? 16 : 6;
  const maxPages = Math.floor(size / minIfd) + 1;
  const visited = new Set<number>();
  const pages: Page[] = [];
  const ra = new ReadAhead(src);
  let off = hdr.firstIfd;
  let block = BLOCK;
  let prev = -1;
  let chunkEntries = 0;
  while (off !== 0) {
    throwIfAborted(signal);
    const where = `IFD ${pages.length} (offset ${off})`;
    const stop = (problem: string): boolean => {
      if (pages.length === 0) throw new FormatError(file, problem);
      warnings.push(`${problem}; read the ${pages.length} page(s) before it`);
      return true;
    };
    if (visited.has(off)) { stop(`invalid circular IFD reference: ${where} was already read`); break; }
    if (off < 8 || off + minIfd > size) { stop(`${where} points past the end of the file (size ${size})`); break; }
    if (pages.length >= maxPages) { stop(`more IFDs than the file size allows`); break; }
    visited.add(off);
    let page: Page;
    let next: number;
    let span: number;
    // Later IFDs: read about as much as the previous one needed, or a window when IFDs are packed.
    const want = prev >= 0 && Math.abs(off - prev) <= WINDOW / 4 ? WINDOW : block;
    try {
      ({ page, next, span } = await readIfd(ra, hdr, off, pages.length === 0, pages.length, want));
    } catch (e) {
      if (e instanceof FormatError && pages.length > 0) { stop(e.problem); break; }
      throw e;
    }
    chunkEntries += page.offsets.length + (page.counts?.length ?? 0);
    if (chunkEntries > size) { stop(`${where}: the strip tables hold more entries (${chunkEntries}) than the file has bytes`); break; }
    pages.push(page);
    block = Math.min(BLOCK, span + 64);
    prev = off;
    off = next;
  }
  if (pages.length === 0) throw new FormatError(file, 'no image (the first IFD offset is 0)');
  return pages;
}

async function readIfd(
  ra: ReadAhead, hdr: TiffFileHeader, off: number, first: boolean, index: number, want: number,
): Promise<{ page: Page; next: number; span: number }> {
  const src = ra.src;
  const file = src.name;
  const size = src.size;
  const le = hdr.littleEndian;
  const big = hdr.bigTiff;
  const countSize = big ? 8 : 2;
  const entrySize = big ? 20 : 12;
  const ptrSize = big ? 8 : 4;
  if (off + countSize > size) throw new FormatError(file, `IFD ${index} at offset ${off} is cut off by the end of the file`);
  let block = await ra.read(off, countSize, want);
  if (block.length < countSize) throw new FormatError(file, `IFD ${index} at offset ${off} is cut off by the end of the file`);
  let dv = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const n = big ? u64(dv, 0, le) : dv.getUint16(0, le);
  const need = countSize + n * entrySize + ptrSize;
  if (off + need > size) {
    throw new FormatError(file, `corrupted tag list: IFD ${index} at offset ${off} declares ${n} entries but the file ends at ${size}`);
  }
  if (need > block.byteLength) {
    block = await ra.read(off, need, need);
    dv = new DataView(block.buffer, block.byteOffset, block.byteLength);
  }
  const entries = new Map<number, Entry>();
  for (let i = 0; i < n; i++) {
    const e = countSize + i * entrySize;
    const tag = dv.getUint16(e, le);
    const type = dv.getUint16(e + 2, le);
    const count = big ? u64(dv, e + 4, le) : dv.getUint32(e + 4, le);
    const ts = typeSize(type);
    if (ts === 0) continue; // unknown field type: skip, as the spec asks
    const valField = e + (big ? 12 : 8);
    const bytes = ts * count;
    const at = bytes <= ptrSize ? off + valField : (big ? u64(dv, valField, le) : dv.getUint32(valField, le));
    entries.set(tag, { type, count, at });
  }
  const nextAt = countSize + n * entrySize;
  const next = big ? u64(dv, nextAt, le) : dv.getUint32(nextAt, le);
  let span = need;

  // Out-of-line values outside the block are fetched first, so the tag accessors below are synchronous
  // (thousands of pages: no await per tag).
  const inBlock = (at: number, len: number): boolean => at >= off && at + len <= off + block.byteLength;
  const loaded = new Map<number, DataView>();
  for (const tag of first ? WANTED_FIRST : WANTED) {
    const e = entries.get(tag);
    if (!e) continue;
    const len = typeSize(e.type) * valueCount(tag, e);
    if (len === 0 || e.at < 0 || e.at + len > size || inBlock(e.at, len)) continue;
    const b = await ra.read(e.at, len, Math.min(len + 4096, WINDOW));
    loaded.set(tag, new DataView(b.buffer, b.byteOffset, len));
  }

  /** Value bytes of an entry: from the block when they fall inside it, else as fetched above. */
  const bytesOf = (tag: number, e: Entry): DataView => {
    const len = typeSize(e.type) * valueCount(tag, e);
    if (e.at + len > size || e.at < 0) {
      throw new FormatError(file, `tag ${tag} of IFD ${index} points past the end of the file (offset ${e.at}, ${len} bytes, size ${size})`);
    }
    if (inBlock(e.at, len)) {
      span = Math.max(span, e.at + len - off);
      return new DataView(block.buffer, block.byteOffset + (e.at - off), len);
    }
    const v = loaded.get(tag);
    if (!v) throw new Error(`tag ${tag} was not fetched`);
    return v;
  };
  const nums = (tag: number): number[] | null => {
    const e = entries.get(tag);
    if (!e || e.count === 0) return null;
    const v = bytesOf(tag, e);
    const ts = typeSize(e.type);
    const n = valueCount(tag, e);
    const out = new Array<number>(n);
    if (e.type === 4 || e.type === 13) {
      for (let i = 0; i < n; i++) out[i] = v.getUint32(i * 4, le);
    } else {
      for (let i = 0; i < n; i++) out[i] = readValue(v, i * ts, e.type, le);
    }
    return out;
  };
  const num = (tag: number, dflt: number): number => {
    const e = entries.get(tag);
    if (!e || e.count === 0) return dflt;
    return readValue(bytesOf(tag, e), 0, e.type, le);
  };
  const bytes = (tag: number): Uint8Array | null => {
    const e = entries.get(tag);
    if (!e || e.count === 0 || typeSize(e.type) !== 1) return null;
    const v = bytesOf(tag, e);
    return new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice();
  };
  const text = (tag: number): string | null => {
    const e = entries.get(tag);
    if (!e || e.count === 0 || (e.type !== 2 && e.type !== 1 && e.type !== 7)) return null;
    const v = bytesOf(tag, e);
    let b = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    const nul = b.indexOf(0);
    if (nul >= 0) b = b.subarray(0, nul);
    return decodeText(b);
  };

  const tiled = entries.has(TAG.TileOffsets);
  const width = num(TAG.ImageWidth, 0);
  const height = num(TAG.ImageLength, 0);
  const bits = (nums(TAG.BitsPerSample)) ?? [1];
  const spp = num(TAG.SamplesPerPixel, 1);
  const sampleFormats = (nums(TAG.SampleFormat)) ?? [1];
  const page: Page = {
    offset: off,
    width,
    height,
    bitsPerSample: bits[0],
    samplesPerPixel: spp,
    sampleFormat: sampleFormats[0],
    compression: num(TAG.Compression, 1),
    predictor: num(TAG.Predictor, 1),
    planar: num(TAG.PlanarConfiguration, 1),
    photometric: num(TAG.Photometric, -1),
    fillOrder: num(TAG.FillOrder, 1),
    t4Options: num(TAG.T4Options, 0),
    jpegTables: bytes(TAG.JPEGTables),
    subfileType: num(TAG.NewSubfileType, 0),
    rowsPerStrip: num(TAG.RowsPerStrip, 0),
    tileWidth: tiled ? num(TAG.TileWidth, 0) : 0,
    tileLength: tiled ? num(TAG.TileLength, 0) : 0,
    offsets: (nums(tiled ? TAG.TileOffsets : TAG.StripOffsets)) ?? [],
    counts: nums(tiled ? TAG.TileByteCounts : TAG.StripByteCounts),
    description: null,
    software: null,
    xResolution: null,
    yResolution: null,
    resolutionUnit: 2,
    ijByteCounts: null,
    ijData: null,
  };
  if (bits.some((b) => b !== bits[0])) {
    throw new FormatError(file, `IFD ${index}: samples of different bit depths (${bits.join(', ')}) are not supported`);
  }
  if (first) {
    // Metadata tags are only looked at on the first page; a bad one is not worth failing the file for.
    const soft = <T>(f: () => T, d: T): T => {
      try { return f(); } catch { return d; }
    };
    page.description = soft(() => text(TAG.ImageDescription), null);
    page.software = soft(() => text(TAG.Software), null);
    const xr = soft(() => num(TAG.XResolution, NaN), NaN);
    const yr = soft(() => num(TAG.YResolution, NaN), NaN);
    page.xResolution = Number.isFinite(xr) ? xr : null;
    page.yResolution = Number.isFinite(yr) ? yr : null;
    page.resolutionUnit = entries.has(TAG.ResolutionUnit) ? soft(() => num(TAG.ResolutionUnit, 2), 2) : 0;
    page.ijByteCounts = soft(() => nums(TAG.IJMetadataByteCounts), null);
    const ij = entries.get(TAG.IJMetadata);
    if (ij && page.ijByteCounts && typeSize(ij.type) === 1) {
      page.ijData = soft(() => {
        const v = bytesOf(TAG.IJMetadata, ij);
        return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      }, null);
    }
  }
  return { page, next, span };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const LATIN1 = new TextDecoder('latin1');

/**
 * A text tag's bytes: UTF-8 where they are valid UTF-8 (OME-XML, most writers), else Latin-1, which
 * older software writes (a raw 0xB5 for µ in "unit=µm"), rather than U+FFFD in place of each such byte.
 */
export function decodeText(b: Uint8Array): string {
  try {
    return UTF8.decode(b);
  } catch {
    return LATIN1.decode(b);
  }
}
