import { intBytes, splice, truncate, type Op } from '../ops.js';
import type { Rng } from '../prng.js';
import { genericOps } from './generic.js';
import { growArray, multiplyPages, rewriteDescription } from './tiff-grow.js';
import { mapTiff, tiffBoundaries, typeBytes, type TiffEntry, type TiffMap } from './tiff-map.js';
import { interestingInt } from './values.js';

/** Values worth trying per tag: every codec id, predictor, layout and sample type the spec knows and a few it does not. */
const TAG_VALUES: Record<number, number[]> = {
  256: [0, 1, 2, 3, 65535, 65536, 0x7fffffff, 0xffffffff], // ImageWidth
  257: [0, 1, 2, 3, 65535, 65536, 0x7fffffff, 0xffffffff], // ImageLength
  258: [0, 1, 2, 4, 7, 8, 12, 16, 24, 32, 48, 64, 128, 255], // BitsPerSample
  259: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 32773, 32946, 34712, 34887, 34925, 50000, 50001, 65535], // Compression
  262: [0, 1, 2, 3, 4, 5, 6, 8, 32844, 65535], // Photometric
  266: [0, 1, 2, 3], // FillOrder
  277: [0, 1, 2, 3, 4, 5, 63, 64, 65, 255, 65535], // SamplesPerPixel
  278: [0, 1, 2, 3, 0x7fffffff, 0xffffffff], // RowsPerStrip
  284: [0, 1, 2, 3], // PlanarConfiguration
  317: [0, 1, 2, 3, 4, 34892], // Predictor
  322: [0, 1, 8, 15, 16, 17, 65535, 0x7fffffff], // TileWidth
  323: [0, 1, 8, 15, 16, 17, 65535, 0x7fffffff], // TileLength
  339: [0, 1, 2, 3, 4, 5, 6, 7], // SampleFormat
  254: [0, 1, 2, 3, 4, 0xffffffff], // NewSubfileType
  296: [0, 1, 2, 3, 4], // ResolutionUnit
};
const TAGS = [...Object.keys(TAG_VALUES).map(Number), 270, 273, 279, 282, 283, 305, 324, 325, 330, 338, 50838, 50839, 0, 65535];

/**
 * Structure-aware edits of a TIFF or BigTIFF: truncation at structure boundaries, edits of IFD entries
 * (tag, type, count, value or offset), huge sizes and strip byte counts, IFD chains that loop or point
 * nowhere, damaged strip payloads and ImageJ/OME description numbers. Null when `b` is no TIFF.
 */
export function tiffOps(rng: Rng, f: string, b: Uint8Array): Op[] | null {
  const m = mapTiff(b);
  if (!m || !m.ifds.length) return null;
  const ifd = rng.chance(0.7) ? m.ifds[0] : rng.pick(m.ifds);
  const ptr = m.big ? 8 : 4;
  const cw = (m.big ? 8 : 4) as 4 | 8;
  const le = m.le;
  const entry = (): TiffEntry | null => (ifd.entries.length ? rng.pick(ifd.entries) : null);
  const byTag = (tags: number[]): TiffEntry | null => {
    const have = ifd.entries.filter((e) => tags.includes(e.tag));
    return have.length ? rng.pick(have) : null;
  };
  const op = rng.weighted<() => Op[] | null>([
    [4, () => {
      const cuts = tiffBoundaries(m, b.length);
      const at = rng.pick(cuts);
      return [truncate(f, at, `${f}: cut at a structure boundary (${at} of ${b.length})`)];
    }],
    [5, () => {
      // One tag's value (inline numbers), widening the type when the value needs it.
      const e = byTag(Object.keys(TAG_VALUES).map(Number));
      if (!e || !e.inline || typeBytes(e.type) < 2) return null;
      const v = rng.chance(0.7) ? rng.pick(TAG_VALUES[e.tag]) : Number(interestingInt(rng, 4, readInline(b, m, e), b.length)) >>> 0;
      const type = v > 0xffff ? (m.big && rng.chance(0.3) ? 16 : 4) : e.type;
      const w = typeBytes(type) as 2 | 4 | 8;
      const fieldW = m.big ? 8 : 4;
      const field = [...intBytes(v, w, le), ...new Array(fieldW - w).fill(0)];
      return [
        splice(f, e.at + 2, 2, intBytes(type, 2, le), `${f}: tag ${e.tag} type ${e.type} -> ${type}`),
        splice(f, e.valueField, fieldW, field, `${f}: tag ${e.tag} = ${v}`),
      ];
    }],
    [3, () => {
      const e = entry();
      if (!e) return null;
      const field = rng.pick(['tag', 'type', 'count', 'value'] as const);
      if (field === 'tag') {
        const t = rng.chance(0.8) ? rng.pick(TAGS) : rng.int(65536);
        return [splice(f, e.at, 2, intBytes(t, 2, le), `${f}: tag ${e.tag} renamed ${t}`)];
      }
      if (field === 'type') {
        const t = rng.pick([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 255, 65535]);
        return [splice(f, e.at + 2, 2, intBytes(t, 2, le), `${f}: tag ${e.tag} type ${e.type} -> ${t}`)];
      }
      if (field === 'count') {
        const c = interestingInt(rng, cw, e.count, b.length);
        return [splice(f, e.at + 4, cw, intBytes(c, cw, le), `${f}: tag ${e.tag} count ${e.count} -> ${c}`)];
      }
      const v = interestingInt(rng, cw, e.inline ? 0 : e.values, b.length);
      return [splice(f, e.valueField, cw, intBytes(v, cw, le), `${f}: tag ${e.tag} value/offset -> ${v}`)];
    }],
    [4, () => {
      // One strip or tile offset or byte count: huge, zero, past the end, off by one.
      const e = byTag([273, 279, 324, 325]);
      if (!e) return null;
      const w = typeBytes(e.type);
      if (w !== 2 && w !== 4 && w !== 8) return null;
      const i = rng.int(Math.min(e.count, 4096));
      const at = e.values + i * w;
      if (at + w > b.length) return null;
      const v = interestingInt(rng, w, 0, b.length);
      return [splice(f, at, w, intBytes(v, w, le), `${f}: ${e.tag === 273 || e.tag === 324 ? 'offset' : 'byte count'} ${i} of tag ${e.tag} -> ${v}`)];
    }],
    [3, () => {
      // The IFD chain: loops to itself or an earlier IFD, nowhere, past the end, into the middle of data.
      const i = m.ifds.indexOf(ifd);
      const targets = [ifd.off, m.ifds[0].off, m.ifds[Math.max(0, i - 1)].off, 0, b.length, b.length - 1, ifd.off + 1, ifd.off + 2, 7, 8, 0xffffffff];
      const v = rng.pick(targets);
      const at = rng.chance(0.2) ? m.firstAt : ifd.nextAt;
      return [splice(f, at, ptr, intBytes(v, ptr as 4 | 8, le), `${f}: ${at === m.firstAt ? 'first IFD' : `IFD ${i} next`} pointer -> ${v}`)];
    }],
    [2, () => {
      const c = rng.pick([0, 1, ifd.count - 1, ifd.count + 1, ifd.count * 2, 0xffff, m.big ? 2 ** 40 : 0xfffe]);
      return [splice(f, ifd.off, m.big ? 8 : 2, intBytes(c, m.big ? 8 : 2, le), `${f}: IFD entry count ${ifd.count} -> ${c}`)];
    }],
    [2, () => {
      // Duplicate or reorder entries (readers must not assume sorted, unique tags).
      if (ifd.entries.length < 2) return null;
      const es = m.big ? 20 : 12;
      const i = rng.int(ifd.entries.length - 1);
      const a = ifd.entries[i];
      const c = ifd.entries[i + 1];
      const ea = b.slice(a.at, a.at + es);
      const ec = b.slice(c.at, c.at + es);
      return rng.chance(0.5)
        ? [splice(f, c.at, es, ea, `${f}: entry ${i} (tag ${a.tag}) duplicated over tag ${c.tag}`)]
        : [splice(f, a.at, es, ec, `${f}: entries ${i} and ${i + 1} swapped`), splice(f, c.at, es, ea, `${f}: (swap)`)];
    }],
    [3, () => {
      // Damage inside a strip or tile: a compressed payload's bits.
      if (!m.chunks.length) return null;
      const c = rng.pick(m.chunks);
      if (c.len === 0) return null;
      const at = c.off + rng.int(c.len);
      return rng.chance(0.6)
        ? [splice(f, at, 1, [b[at] ^ (1 << rng.int(8))], `${f}: bit flip inside the strip at ${c.off} (byte ${at})`)]
        : [splice(f, at, 1, [rng.pick([0, 0xff, 0x80, 0x7f])], `${f}: byte set inside the strip at ${c.off} (byte ${at})`)];
    }],
    [2, () => descriptionEdit(rng, f, b, ifd.entries.find((e) => e.tag === 270))],
    [2, () => rewriteDescription(rng, f, b, m)],
    [1, () => multiplyPages(rng, f, b, m)],
    [1, () => growArray(rng, f, b, m)],
  ])();
  return op ?? genericOps(rng, f, b, tiffBoundaries(m, b.length));
}

function readInline(b: Uint8Array, m: TiffMap, e: TiffEntry): number {
  if (e.valueField + 4 > b.length) return 0;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return typeBytes(e.type) === 2 ? dv.getUint16(e.valueField, m.le) : dv.getUint32(e.valueField, m.le);
}

/** Same-length edits of an ImageJ or OME description: its numbers (images=, SizeZ=) and its syntax. */
function descriptionEdit(rng: Rng, f: string, b: Uint8Array, e: TiffEntry | undefined): Op[] | null {
  if (!e || e.inline || e.values + e.count > b.length) return null;
  const text = new TextDecoder('latin1').decode(b.subarray(e.values, e.values + e.count));
  const runs = [...text.matchAll(/\d+/g)];
  if (runs.length && rng.chance(0.7)) {
    const r = rng.pick(runs);
    const len = r[0].length;
    const digits = rng.pick(['9'.repeat(len), '0'.repeat(len), String(rng.int(10 ** Math.min(len, 9))).padStart(len, '0')]);
    return [splice(f, e.values + r.index!, len, new TextEncoder().encode(digits), `${f}: description number ${r[0]} -> ${digits}`)];
  }
  const at = e.values + rng.int(e.count);
  const ch = rng.pick(['<', '>', '"', '=', '\n', '\0', '&', '/', ' ']);
  return [splice(f, at, 1, [ch.charCodeAt(0)], `${f}: description byte ${at - e.values} -> ${JSON.stringify(ch)}`)];
}
