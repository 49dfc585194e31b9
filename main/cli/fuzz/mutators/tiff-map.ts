/**
 * A forgiving map of a TIFF file for the mutators: where the header, each IFD, its entries, the
 * next-IFD pointers, out-of-line values and strips or tiles lie. It reads as far as the file makes
 * sense and stops quietly (it maps inputs, it does not validate them).
 */
export interface TiffEntry {
  /** Offset of the 12- or 20-byte entry. */
  at: number;
  tag: number;
  type: number;
  count: number;
  /** Offset of the value field inside the entry. */
  valueField: number;
  /** Offset of the value bytes: the value field itself when they fit there, else the pointer's target. */
  values: number;
  inline: boolean;
}

export interface TiffIfd {
  off: number;
  count: number;
  entries: TiffEntry[];
  /** Offset of the next-IFD pointer, and its value. */
  nextAt: number;
  next: number;
}

export interface TiffMap {
  le: boolean;
  big: boolean;
  /** Where the header's first-IFD pointer is (4 or 8). */
  firstAt: number;
  ifds: TiffIfd[];
  /** Strips or tiles of the mapped IFDs: file ranges (clipped to the file). */
  chunks: { off: number; len: number }[];
}

const SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8 };
export const typeBytes = (type: number): number => SIZES[type] ?? 0;

export function mapTiff(b: Uint8Array, maxIfds = 64): TiffMap | null {
  if (b.length < 8) return null;
  const le = b[0] === 0x49 && b[1] === 0x49;
  if (!le && !(b[0] === 0x4d && b[1] === 0x4d)) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const version = dv.getUint16(2, le);
  const big = version === 43;
  if (!big && version !== 42) return null;
  if (big && b.length < 16) return null;
  const u = (at: number, w: number): number | null => {
    if (at < 0 || at + w > b.length) return null;
    if (w === 2) return dv.getUint16(at, le);
    if (w === 4) return dv.getUint32(at, le);
    const lo = dv.getUint32(at + (le ? 0 : 4), le);
    const hi = dv.getUint32(at + (le ? 4 : 0), le);
    return hi * 2 ** 32 + lo;
  };
  const ptr = big ? 8 : 4;
  const firstAt = big ? 8 : 4;
  const map: TiffMap = { le, big, firstAt, ifds: [], chunks: [] };
  const seen = new Set<number>();
  let off = u(firstAt, ptr);
  while (off && !seen.has(off) && map.ifds.length < maxIfds) {
    seen.add(off);
    const count = u(off, big ? 8 : 2);
    if (count === null || count > 4096) break;
    const entrySize = big ? 20 : 12;
    const first = off + (big ? 8 : 2);
    const entries: TiffEntry[] = [];
    for (let i = 0; i < count; i++) {
      const at = first + i * entrySize;
      const tag = u(at, 2);
      const type = u(at + 2, 2);
      const n = u(at + 4, big ? 8 : 4);
      if (tag === null || type === null || n === null) break;
      const valueField = at + (big ? 12 : 8);
      const inline = typeBytes(type) * n <= ptr;
      entries.push({ at, tag, type, count: n, valueField, values: inline ? valueField : (u(valueField, ptr) ?? 0), inline });
    }
    const nextAt = first + count * entrySize;
    const next = u(nextAt, ptr);
    map.ifds.push({ off, count, entries, nextAt, next: next ?? 0 });
    if (next === null) break;
    off = next;
  }
  for (const ifd of map.ifds.slice(0, 8)) {
    const offs = numbers(b, dv, le, ifd, [273, 324]);
    const lens = numbers(b, dv, le, ifd, [279, 325]);
    for (let i = 0; i < Math.min(offs.length, 256); i++) {
      const o = offs[i];
      if (o >= b.length) continue;
      map.chunks.push({ off: o, len: Math.max(0, Math.min(lens[i] ?? 0, b.length - o)) });
    }
  }
  return map;
}

/** The values of the first of `tags` present in the IFD (SHORT, LONG or LONG8), as far as the file holds them. */
export function numbers(b: Uint8Array, dv: DataView, le: boolean, ifd: TiffIfd, tags: number[]): number[] {
  const e = ifd.entries.find((x) => tags.includes(x.tag));
  if (!e) return [];
  const w = typeBytes(e.type);
  if (w !== 2 && w !== 4 && w !== 8) return [];
  const out: number[] = [];
  for (let i = 0; i < Math.min(e.count, 4096); i++) {
    const at = e.values + i * w;
    if (at + w > b.length) break;
    if (w === 2) out.push(dv.getUint16(at, le));
    else if (w === 4) out.push(dv.getUint32(at, le));
    else out.push(dv.getUint32(at + (le ? 4 : 0), le) * 2 ** 32 + dv.getUint32(at + (le ? 0 : 4), le));
  }
  return out;
}

/** Offsets where the file's structure changes: the places worth cutting a TIFF at. */
export function tiffBoundaries(m: TiffMap, size: number): number[] {
  const out = new Set<number>([m.big ? 16 : 8, m.firstAt, size - 1]);
  const entrySize = m.big ? 20 : 12;
  for (const ifd of m.ifds) {
    out.add(ifd.off);
    out.add(ifd.off + (m.big ? 8 : 2));
    for (const e of ifd.entries) {
      out.add(e.at);
      out.add(e.at + 5);
      out.add(e.at + entrySize);
      if (!e.inline) {
        const len = typeBytes(e.type) * e.count;
        out.add(e.values);
        out.add(e.values + Math.floor(len / 2));
        out.add(e.values + len);
      }
    }
    out.add(ifd.nextAt);
    out.add(ifd.nextAt + (m.big ? 8 : 4));
  }
  for (const c of m.chunks) {
    out.add(c.off);
    out.add(c.off + 1);
    out.add(c.off + Math.floor(c.len / 2));
    out.add(c.off + c.len - 1);
    out.add(c.off + c.len);
  }
  return [...out].filter((o) => o > 0 && o <= size).sort((a, b) => a - b);
}
