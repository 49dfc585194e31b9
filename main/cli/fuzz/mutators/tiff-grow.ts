import { intBytes, splice, type Op } from '../ops.js';
import type { Rng } from '../prng.js';
import { typeBytes, type TiffEntry, type TiffMap } from './tiff-map.js';
import { interestingNumberText } from './values.js';

/**
 * Edits that make a TIFF larger than in-place edits can: new values are appended at the end of the
 * file and the entry repointed there, so the rest of the file stays valid.
 */

const IMAGEJ_KEYS = /(images|channels|slices|frames|spacing|finterval|min|max|unit|mode)=([^\n]*)/g;
const OME_KEYS = /(SizeX|SizeY|SizeZ|SizeC|SizeT|IFD|PlaneCount|FirstZ|FirstC|FirstT|SamplesPerPixel|PhysicalSizeZ|TimeIncrement|DimensionOrder|Type)="([^"]*)"/g;

/** Appends `bytes` at an even offset past the end; returns the edit and where the bytes start. */
function append(f: string, b: Uint8Array, bytes: ArrayLike<number>, why: string): { op: Op; at: number } {
  const pad = b.length % 2;
  return { op: splice(f, b.length, 0, [...new Array(pad).fill(0), ...Array.from(bytes)], why), at: b.length + pad };
}

/** The entry's count and value pointer set to `count` values at `at`, of `type`. */
function repoint(f: string, m: TiffMap, e: TiffEntry, type: number, count: number, at: number): Op[] {
  const cw = m.big ? 8 : 4;
  return [
    splice(f, e.at + 2, 2, intBytes(type, 2, m.le), `${f}: tag ${e.tag} type -> ${type}`),
    splice(f, e.at + 4, cw, intBytes(count, cw as 4 | 8, m.le), `${f}: tag ${e.tag} count -> ${count}`),
    splice(f, e.valueField, cw, intBytes(at, cw as 4 | 8, m.le), `${f}: tag ${e.tag} values moved to ${at}`),
  ];
}

/** An ImageJ or OME description with one number or name changed to any length, or cut, or broken. */
export function rewriteDescription(rng: Rng, f: string, b: Uint8Array, m: TiffMap): Op[] | null {
  const e = m.ifds[0].entries.find((x) => x.tag === 270 && x.type === 2 && x.values + x.count <= b.length);
  if (!e) return null;
  let text = new TextDecoder('latin1').decode(b.subarray(e.values, e.values + e.count)).replace(/\0+$/, '');
  const fields = [...text.matchAll(IMAGEJ_KEYS), ...text.matchAll(OME_KEYS)];
  const how = rng.weighted<string>([[6, 'value'], [1, 'cut'], [1, 'remove'], [1, 'series']]);
  let why: string;
  if (how === 'value' && fields.length) {
    const [all, key, value] = rng.pick(fields);
    const v = key === 'DimensionOrder' ? rng.pick(['XYCZT', 'XYZZZ', 'XY', 'ZCTXY', 'XYZCTT']) : interestingNumberText(rng, value);
    text = text.replace(all, all.replace(value, v));
    why = `${key} ${value} -> ${JSON.stringify(v)}`;
  } else if (how === 'remove' && fields.length) {
    const [all, key] = rng.pick(fields);
    text = text.replace(all, '');
    why = `${key} removed`;
  } else if (how === 'series' && text.includes('<Image ')) {
    // A second OME series: the same Image element again.
    const img = /<Image [\s\S]*?<\/Image>/.exec(text)?.[0] ?? '';
    text = text.replace(img, img + img.replace(/ID="[^"]*"/, 'ID="Image:1"'));
    why = 'OME Image element repeated';
  } else {
    text = text.slice(0, rng.int(text.length));
    why = `cut to ${text.length} characters`;
  }
  const bytes = Uint8Array.from(`${text}\0`, (c) => c.charCodeAt(0) & 0xff);
  const { op, at } = append(f, b, bytes, `${f}: description re-written at the end (${why})`);
  return [op, ...repoint(f, m, e, 2, bytes.length, at)];
}

/** The last IFD followed by `k` copies of the first (a long stack), the last copy ending the chain or looping. */
export function multiplyPages(rng: Rng, f: string, b: Uint8Array, m: TiffMap): Op[] | null {
  const first = m.ifds[0];
  const countSize = m.big ? 8 : 2;
  const ptr = m.big ? 8 : 4;
  const size = first.nextAt + ptr - first.off;
  if (first.off + size > b.length) return null;
  // Long stacks, short of those whose decode takes near the per-case limit on a loaded machine (300
  // pages of 3-sample JPEG or zstd tiles: 0.4 s alone, past 2 s beside another runner's heavy case).
  const k = rng.pick([2, 30, 100]);
  const start = b.length + (b.length % 2);
  const ending = rng.pick(['end', 'loop to the first copy', 'loop to IFD 0'] as const);
  const out = new Uint8Array(k * size);
  for (let i = 0; i < k; i++) {
    out.set(b.subarray(first.off, first.off + size), i * size);
    const next = i + 1 < k ? start + (i + 1) * size : ending === 'end' ? 0 : ending === 'loop to IFD 0' ? first.off : start;
    out.set(intBytes(next, ptr as 4 | 8, m.le), i * size + countSize + (first.count * (m.big ? 20 : 12)));
  }
  const { op } = append(f, b, out, `${f}: ${k} copies of IFD 0 appended (${ending})`);
  const last = m.ifds[m.ifds.length - 1];
  return [op, splice(f, last.nextAt, ptr, intBytes(start, ptr as 4 | 8, m.le), `${f}: IFD ${m.ifds.length - 1} now points to the copies`)];
}

/** A per-sample or per-strip array (BitsPerSample, SampleFormat, offsets, counts) grown to many values. */
export function growArray(rng: Rng, f: string, b: Uint8Array, m: TiffMap): Op[] | null {
  const have = m.ifds[0].entries.filter((x) => [258, 273, 279, 324, 325, 339].includes(x.tag));
  if (!have.length) return null;
  const e = rng.pick(have);
  const w = typeBytes(e.type) === 2 ? 2 : 4;
  const type = w === 2 ? 3 : 4;
  const n = rng.pick([2, 3, 7, 1000, 100_000]);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const firstValue = e.values + w <= b.length ? (w === 2 ? dv.getUint16(e.values, m.le) : dv.getUint32(e.values, m.le)) : 0;
  const value = rng.chance(0.7) ? firstValue : rng.pick([0, 1, b.length, 0xffff]);
  const one = intBytes(value, w, m.le);
  const table = new Uint8Array(n * w);
  for (let i = 0; i < n; i++) table.set(one, i * w);
  if (rng.chance(0.3)) table.set(intBytes(rng.pick([0, 8, 16, b.length]), w, m.le), rng.int(n) * w);
  const { op, at } = append(f, b, table, `${f}: tag ${e.tag} grown to ${n} values of ${value}`);
  return [op, ...repoint(f, m, e, type, n, at)];
}
