/**
 * ENVI raster reader: a text header (.hdr, first line "ENVI") beside a raw data file. The user may open
 * either one; the partner is found by name. Each band is one channel plane (plane p = band p).
 */
import { FormatError, throwIfAborted } from '../errors.js';
import type { Header, ReadContext, VolumeReader } from '../reader.js';
import type { ByteSource, SourceSet } from '../source.js';
import { gather, swapInPlace } from './bytes.js';
import { parseEnviFields } from './header.js';
import { enviLayout, enviMeta, type EnviLayout } from './meta.js';

export type { EnviLayout } from './meta.js';

/** Data file endings tried after the bare name (ENVI's own default is no extension). */
const DATA_EXTENSIONS = ['', '.img', '.raw', '.bil', '.bsq', '.bip', '.dat'];
/** Headers larger than this are not headers (the biggest real ones, thousands of bands, are ~1 MB). */
const MAX_HEADER_BYTES = 16 << 20;
/** Bytes read at once when gathering one band from BIL/BIP data. */
const CHUNK_BYTES = 8 << 20;
/** BIL band rows at least this long are read one by one instead of in chunks of whole lines. */
const ROW_READ_BYTES = 4096;

function startsWithEnvi(head: Uint8Array): boolean {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0; // UTF-8 BOM
  return head[i++] === 0x45 && head[i++] === 0x4e && head[i++] === 0x56 && head[i] === 0x49; // "ENVI"
}

const lower = (s: string): string => s.toLowerCase();

/** Tries names in order (exact spelling first), then a case-insensitive match among the listed siblings. */
async function openFirst(files: SourceSet, names: string[], skip: string): Promise<ByteSource | null> {
  for (const n of names) {
    if (n === skip) continue;
    const s = await files.sibling(n);
    if (s) return s;
  }
  const wanted = new Set(names.map(lower));
  wanted.delete(lower(skip));
  for (const n of await files.listSiblings()) {
    if (wanted.has(lower(n))) {
      const s = await files.sibling(n);
      if (s) return s;
    }
  }
  return null;
}

function stripExt(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/**
 * The header that belongs to a data file: "NAME.hdr" first (ENVI writes "x.img.hdr" too), then the
 * name with its extension replaced. Exported so the host can tell whether a .img/.raw/.dat file it
 * could not sniff is ENVI data. Returns null when no sibling header starts with "ENVI".
 */
export async function findEnviHeader(files: SourceSet): Promise<ByteSource | null> {
  const name = files.primary.name;
  const stem = stripExt(name);
  const candidates = [`${name}.hdr`, `${name}.HDR`];
  if (stem !== name) candidates.push(`${stem}.hdr`, `${stem}.HDR`);
  const hdr = await openFirst(files, candidates, name);
  if (!hdr || hdr.size < 4) return null;
  return startsWithEnvi(await hdr.read(0, Math.min(hdr.size, 8))) ? hdr : null;
}

/** The data file beside a header "STEM.hdr": STEM, then STEM.img, .raw, .bil, .bsq, .bip, .dat. */
async function findData(files: SourceSet, hdrName: string): Promise<ByteSource | null> {
  const stem = /\.hdr$/i.test(hdrName) ? hdrName.slice(0, -4) : hdrName;
  const names: string[] = [];
  for (const ext of DATA_EXTENSIONS) names.push(stem + ext, stem + ext.toUpperCase());
  return openFirst(files, names, hdrName);
}

async function dataSource(files: SourceSet, layout: EnviLayout): Promise<ByteSource> {
  if (files.primary.name === layout.dataFile) return files.primary;
  const s = await files.sibling(layout.dataFile);
  if (!s) throw new FormatError(layout.dataFile, 'the ENVI data file is no longer there');
  return s;
}

export const enviReader: VolumeReader<EnviLayout> = {
  id: 'envi',
  label: 'ENVI raster',
  extensions: ['hdr', 'bil', 'bsq', 'bip', 'img', 'raw', 'dat'],

  /** Claims ENVI headers by their magic and data files by the interleave extensions; for .img/.raw/.dat see findEnviHeader. */
  sniff(head, name) {
    return startsWithEnvi(head) || /\.(bil|bsq|bip)$/i.test(name);
  },

  async readHeader(files: SourceSet, ctx: ReadContext): Promise<Header<EnviLayout>> {
    const primary = files.primary;
    const primaryIsHeader = primary.size >= 4 && startsWithEnvi(await primary.read(0, Math.min(primary.size, 8)));
    let hdr: ByteSource;
    let data: ByteSource | null;
    if (primaryIsHeader || /\.hdr$/i.test(primary.name)) {
      hdr = primary;
      data = await findData(files, hdr.name);
    } else {
      const found = await findEnviHeader(files);
      if (!found) throw new FormatError(primary.name, `no ENVI header beside it (looked for ${primary.name}.hdr and ${stripExt(primary.name)}.hdr)`);
      hdr = found;
      data = primary;
    }
    throwIfAborted(ctx.signal);
    if (hdr.size > MAX_HEADER_BYTES) throw new FormatError(hdr.name, `header is ${hdr.size} bytes, too large for an ENVI header`);
    const text = new TextDecoder('utf-8').decode(await hdr.read(0, hdr.size));
    const fields = parseEnviFields(text);
    if (typeof fields === 'string') throw new FormatError(hdr.name, fields);
    const declared = enviLayout(fields);
    if (typeof declared === 'string') throw new FormatError(hdr.name, declared);
    if (!data) {
      throw new FormatError(hdr.name, `no data file beside the header (looked for ${hdr.name.replace(/\.hdr$/i, '')} with no extension or ${DATA_EXTENSIONS.slice(1).join(', ')})`);
    }
    const L = declared.layout;
    const need = L.offset + L.samples * L.lines * L.bands * L.size;
    if (need > data.size) {
      throw new FormatError(data.name, `data file is truncated: the header declares ${L.samples} x ${L.lines} x ${L.bands} voxels of ${L.size} bytes after a ${L.offset}-byte offset (${need} bytes), the file has ${data.size}`);
    }
    // Only now, with the sizes known to fit the data file, one channel per band.
    const meta = enviMeta(fields, declared);
    if (need < data.size) meta.warnings.push(`data file has ${data.size - need} bytes more than the header declares`);
    meta.extra['data file'] = data.name;
    return { meta, layout: { ...L, dataFile: data.name } };
  },

  async decodePlane(files, header, plane, dest, ctx) {
    const L = header.layout;
    const src = await dataSource(files, L);
    const row = L.samples * L.size;
    const planeBytes = row * L.lines;
    if (plane < 0 || plane >= L.bands) throw new RangeError(`plane ${plane} out of range (0..${L.bands - 1})`);
    if (dest.byteLength < planeBytes) throw new RangeError(`destination holds ${dest.byteLength} bytes, plane needs ${planeBytes}`);
    if (L.interleave === 'bsq') {
      dest.set(await src.read(L.offset + plane * planeBytes, planeBytes));
    } else if (L.interleave === 'bil') {
      // Line y holds band 0's row, band 1's row, ...: this band's rows are `lineBytes` apart.
      const lineBytes = L.bands * row;
      const rowsPerRead = row >= ROW_READ_BYTES ? 1 : Math.max(1, Math.floor(CHUNK_BYTES / lineBytes));
      for (let y0 = 0; y0 < L.lines; y0 += rowsPerRead) {
        throwIfAborted(ctx.signal);
        const k = Math.min(rowsPerRead, L.lines - y0);
        const buf = await src.read(L.offset + y0 * lineBytes + plane * row, (k - 1) * lineBytes + row);
        for (let r = 0; r < k; r++) dest.set(buf.subarray(r * lineBytes, r * lineBytes + row), (y0 + r) * row);
      }
    } else {
      // BIP: one voxel every `pixelBytes`; read whole lines once and stride through them.
      const pixelBytes = L.bands * L.size;
      const lineBytes = L.samples * pixelBytes;
      const rowsPerRead = Math.max(1, Math.floor(CHUNK_BYTES / lineBytes));
      for (let y0 = 0; y0 < L.lines; y0 += rowsPerRead) {
        throwIfAborted(ctx.signal);
        const k = Math.min(rowsPerRead, L.lines - y0);
        const n = k * L.samples;
        const buf = await src.read(L.offset + y0 * lineBytes + plane * L.size, (n - 1) * pixelBytes + L.size);
        gather(buf, 0, pixelBytes, n, L.size, dest, y0 * row);
      }
    }
    swapInPlace(dest.subarray(0, planeBytes), L.swap);
  },

  /** A band of little-endian (or one-byte) BSQ data is one run of the data file. */
  rawExtent(header, plane) {
    const L = header.layout;
    if (L.interleave !== 'bsq' || L.swap !== 1) return null;
    const planeBytes = L.samples * L.lines * L.size;
    return { file: L.dataFile, offset: L.offset + plane * planeBytes, length: planeBytes };
  },
};
