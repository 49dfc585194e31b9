import { deflateSync, inflateSync } from 'node:zlib';
import { crc32, pngChunk } from '../../../../app/export/png-encode.js';
import { intBytes, splice, truncate, type Op } from '../ops.js';
import type { Rng } from '../prng.js';
import { genericOps } from './generic.js';
import { interestingInt } from './values.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
export const isPngFile = (b: Uint8Array): boolean => SIGNATURE.every((v, i) => b[i] === v);

interface Chunk { at: number; len: number; type: string }

function chunks(b: Uint8Array): Chunk[] {
  const out: Chunk[] = [];
  let p = 8;
  while (p + 8 <= b.length && out.length < 10000) {
    const len = ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
    out.push({ at: p, len, type: String.fromCharCode(b[p + 4], b[p + 5], b[p + 6], b[p + 7]) });
    if (p + 12 + len > b.length) break;
    p += 12 + len;
  }
  return out;
}

const IHDR_FIELDS = [
  { name: 'width', at: 0, w: 4 }, { name: 'height', at: 4, w: 4 }, { name: 'bit depth', at: 8, w: 1, values: [0, 1, 2, 3, 4, 8, 16, 32, 255] },
  { name: 'colour type', at: 9, w: 1, values: [0, 1, 2, 3, 4, 5, 6, 7, 255] }, { name: 'compression', at: 10, w: 1, values: [0, 1] },
  { name: 'filter', at: 11, w: 1, values: [0, 1] }, { name: 'interlace', at: 12, w: 1, values: [0, 1, 2] },
] as const;

/**
 * Edits of a PNG: IHDR fields (sizes, bit depth and colour type combinations, interlace), chunk
 * lengths and types, chunks removed or repeated, the palette shortened, and the image data itself
 * (inflated, its filter bytes and rows edited, deflated again, possibly split into many IDATs), plus
 * cuts at chunk boundaries. Null when `b` is no PNG.
 */
export function pngOps(rng: Rng, f: string, b: Uint8Array): Op[] | null {
  if (!isPngFile(b)) return null;
  const cs = chunks(b);
  if (!cs.length) return null;
  const cuts = cs.flatMap((c) => [c.at, c.at + 4, c.at + 8, c.at + 8 + (c.len >> 1), c.at + 8 + c.len, c.at + 12 + c.len]).filter((x) => x > 0 && x < b.length);
  const rebuild = (parts: Uint8Array[], why: string): Op[] => {
    const total = parts.reduce((s, p) => s + p.length, 8);
    const out = new Uint8Array(total);
    out.set(SIGNATURE, 0);
    let o = 8;
    for (const p of parts) { out.set(p, o); o += p.length; }
    return [{ k: 'put', f, b: out, why: `${f}: ${why}` }];
  };
  const whole = (c: Chunk): Uint8Array => b.slice(c.at, Math.min(b.length, c.at + 12 + c.len));
  const op = rng.weighted<() => Op[] | null>([
    [5, () => {
      const ihdr = cs.find((c) => c.type === 'IHDR');
      if (!ihdr || ihdr.len < 13) return null;
      const fd = rng.pick(IHDR_FIELDS);
      const at = ihdr.at + 8 + fd.at;
      const v = 'values' in fd && rng.chance(0.8) ? rng.pick(fd.values) : Number(interestingInt(rng, fd.w as 1 | 4, 0, b.length)) >>> 0;
      const ops = [splice(f, at, fd.w, intBytes(v, fd.w as 1 | 4, false), `${f}: IHDR ${fd.name} -> ${v}`)];
      if (rng.chance(0.5)) {
        const data = new Uint8Array(13);
        data.set(b.subarray(ihdr.at + 8, ihdr.at + 8 + 13));
        data.set(intBytes(v, fd.w as 1 | 4, false), fd.at);
        ops.push(splice(f, ihdr.at + 21, 4, intBytes(crc32(pngChunk('IHDR', data).subarray(4, 21)), 4, false), `${f}: IHDR CRC fixed`));
      }
      return ops;
    }],
    [5, () => {
      // The image data: inflate, edit rows and filter bytes, deflate again.
      const idat = cs.filter((c) => c.type === 'IDAT' && c.at + 12 + c.len <= b.length);
      if (!idat.length) return null;
      let raw: Uint8Array;
      try {
        raw = new Uint8Array(inflateSync(Buffer.concat(idat.map((c) => b.subarray(c.at + 8, c.at + 8 + c.len)))));
      } catch {
        return null;
      }
      const edit = rng.pick(['filter', 'short', 'long', 'flip', 'split'] as const);
      if (edit === 'filter' && raw.length) raw[rng.int(raw.length)] = rng.pick([0, 1, 2, 3, 4, 5, 128, 255]);
      else if (edit === 'short') raw = raw.subarray(0, rng.int(raw.length));
      else if (edit === 'long') raw = Uint8Array.from([...raw, ...new Uint8Array(rng.range(1, 4096))]);
      else if (edit === 'flip' && raw.length) raw[rng.int(raw.length)] ^= 1 << rng.int(8);
      const z = new Uint8Array(deflateSync(raw, { level: rng.pick([0, 6, 9]) }));
      const pieces: Uint8Array[] = [];
      const step = edit === 'split' ? rng.pick([1, 7, 100]) : z.length || 1;
      for (let o = 0; o < z.length; o += step) pieces.push(pngChunk('IDAT', z.subarray(o, o + step)));
      const firstIdat = cs.indexOf(idat[0]);
      const before = cs.slice(0, firstIdat).map(whole);
      const after = cs.slice(firstIdat).filter((c) => c.type !== 'IDAT').map(whole);
      return rebuild([...before, ...pieces, ...after], `image data ${edit === 'split' ? `split into ${pieces.length} IDAT chunks` : `edited (${edit})`}, re-deflated`);
    }],
    [3, () => {
      const c = rng.pick(cs);
      const v = rng.pick([0, 1, c.len - 1, c.len + 1, 0x7fffffff, 0x80000000, 0xffffffff, b.length]);
      return [splice(f, c.at, 4, intBytes(v, 4, false), `${f}: ${c.type} chunk length ${c.len} -> ${v}`)];
    }],
    [2, () => {
      const c = rng.pick(cs);
      const t = rng.pick(['IDAT', 'IHDR', 'IEND', 'PLTE', 'tRNS', 'IDAx', 'iDAT', '\0\0\0\0']);
      return [splice(f, c.at + 4, 4, [...t].map((ch) => ch.charCodeAt(0)), `${f}: ${c.type} chunk renamed ${JSON.stringify(t)}`)];
    }],
    [2, () => {
      const i = rng.int(cs.length);
      const parts = cs.map(whole);
      const what = rng.pick(['removed', 'repeated', 'moved first'] as const);
      if (what === 'removed') parts.splice(i, 1);
      else if (what === 'repeated') parts.splice(i, 0, parts[i]);
      else parts.unshift(...parts.splice(i, 1));
      return rebuild(parts, `${cs[i].type} chunk ${what}`);
    }],
    [1, () => {
      const plte = cs.find((c) => c.type === 'PLTE');
      if (!plte) return null;
      const len = rng.pick([0, 1, 3, 6, 767, 768, 771]);
      const data = new Uint8Array(len);
      data.set(b.subarray(plte.at + 8, plte.at + 8 + Math.min(len, plte.len)));
      return rebuild(cs.map((c) => (c === plte ? pngChunk('PLTE', data) : whole(c))), `palette of ${len} bytes`);
    }],
    [3, () => {
      const at = rng.pick(cuts);
      return [truncate(f, at, `${f}: cut at ${at} of ${b.length} (chunk boundary)`)];
    }],
  ])();
  return op ?? genericOps(rng, f, b, cuts);
}
