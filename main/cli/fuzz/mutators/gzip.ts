import { gunzipSync, gzipSync } from 'node:zlib';
import { applyOps, intBytes, splice, truncate, type Op } from '../ops.js';
import type { Rng } from '../prng.js';

export type InnerMutator = (rng: Rng, f: string, b: Uint8Array) => Op[];

export const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** End of the gzip member header (after FEXTRA, FNAME, FCOMMENT, FHCRC), or 10 when unreadable. */
function headerEnd(b: Uint8Array): number {
  const flg = b[3] ?? 0;
  let p = 10;
  if (flg & 4) p += 2 + ((b[p] ?? 0) | ((b[p + 1] ?? 0) << 8));
  if (flg & 8) while (p < b.length && b[p++] !== 0);
  if (flg & 16) while (p < b.length && b[p++] !== 0);
  if (flg & 2) p += 2;
  return Math.min(p, b.length);
}

function inflated(b: Uint8Array): Uint8Array | null {
  try {
    return new Uint8Array(gunzipSync(b));
  } catch {
    return null;
  }
}

/**
 * Edits of a gzip member: its contents (through the format's own mutator, then re-compressed, so a
 * valid stream carries a hostile header), bits inside the compressed payload, cuts, a wrong CRC or
 * ISIZE, header flags and methods, stored blocks with wrong lengths, data after the end.
 */
export function gzipOps(rng: Rng, f: string, b: Uint8Array, inner: InnerMutator): Op[] {
  const n = b.length;
  const start = headerEnd(b);
  const body = (): number => start + rng.int(Math.max(1, n - 8 - start));
  return rng.weighted<() => Op[]>([
    [6, () => {
      const raw = inflated(b);
      if (!raw) return [splice(f, body(), 1, [rng.int(256)], `${f}: byte set in the compressed payload`)];
      const ops = inner(rng, f, raw);
      const level = rng.pick([1, 6, 9]);
      const out = applyOps(new Map([[f, raw]]), ops).get(f) ?? new Uint8Array(0);
      return [{ k: 'put', f, b: new Uint8Array(gzipSync(out, { level })), why: `${f}: contents edited (${ops.map((o) => o.why).join('; ')}), re-gzipped` }];
    }],
    [4, () => {
      const at = body();
      return [splice(f, at, 1, [b[at] ^ (1 << rng.int(8))], `${f}: bit flip inside the deflate stream at ${at}`)];
    }],
    [3, () => {
      const at = rng.pick([1, 2, 10, start, start + 1, start + 2, body(), body(), n - 8, n - 5, n - 4, n - 1].filter((x) => x > 0 && x < n));
      return [truncate(f, at, `${f}: gzip cut at ${at} of ${n}`)];
    }],
    [2, () => {
      const trailerCrc = rng.chance(0.5);
      if (trailerCrc) return [splice(f, n - 8 + rng.int(4), 1, [rng.int(256)], `${f}: gzip CRC32 damaged`)];
      const raw = inflated(b);
      const size = raw ? raw.length : 0;
      const v = rng.pick([0, 1, size - 1, size + 1, size * 2, 0xffffffff, 0x7fffffff]);
      return [splice(f, n - 4, 4, intBytes(v, 4, true), `${f}: gzip ISIZE ${size} -> ${v}`)];
    }],
    [2, () => {
      const which = rng.pick(['cm', 'flg', 'extra', 'name'] as const);
      if (which === 'cm') return [splice(f, 2, 1, [rng.pick([0, 7, 9, 255])], `${f}: gzip compression method changed`)];
      if (which === 'flg') return [splice(f, 3, 1, [rng.pick([2, 4, 8, 16, 0x20, 0xe0, 0xff])], `${f}: gzip header flags changed`)];
      if (which === 'extra') {
        const xlen = rng.pick([0, 1, 6, 0xffff]);
        return [splice(f, 3, 1, [b[3] | 4], `${f}: FEXTRA flag set`), splice(f, 10, 0, intBytes(xlen, 2, true), `${f}: XLEN ${xlen} inserted`)];
      }
      return [splice(f, 3, 1, [b[3] | 8], `${f}: FNAME flag set without a name`)];
    }],
    [1, () => {
      // A stored (level 0) stream whose first block's LEN/NLEN disagree or run past the end.
      const raw = inflated(b) ?? new Uint8Array(0);
      const stored = new Uint8Array(gzipSync(raw, { level: 0 }));
      const v = rng.pick([0, 1, 0xffff, raw.length + 1]);
      const edit = splice(f, 11, 2, intBytes(v, 2, true), `${f}: stored block LEN -> ${v}`);
      return [{ k: 'put', f, b: stored, why: `${f}: re-gzipped as stored blocks` }, edit];
    }],
    [2, () => {
      const tail = rng.pick(['garbage', 'zeros', 'member', 'empty member'] as const);
      const bytes = tail === 'garbage' ? rng.bytes(rng.range(1, 64)) : tail === 'zeros' ? new Uint8Array(rng.range(1, 1024))
        : tail === 'member' ? b : new Uint8Array(gzipSync(new Uint8Array(0)));
      return [splice(f, n, 0, bytes, `${f}: ${tail} appended after the gzip member`)];
    }],
  ])();
}
