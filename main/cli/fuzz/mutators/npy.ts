import { intBytes, splice, truncate, type Op } from '../ops.js';
import type { Rng } from '../prng.js';
import { genericOps } from './generic.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
export const isNpy = (b: Uint8Array): boolean => MAGIC.every((v, i) => b[i] === v);

const DESCRS = ['<f4', '>f4', '<f8', '|u1', '|b1', '<i2', '>u2', '<i8', '<u8', '<c8', '>c16', '<f2', '|O', '<U3', '|V8', '<M8', 'f4', '=i4', '<f', '<f40', '', "<f4', 'x", '[("a", "<f4")]'];
const SHAPES = ['()', '(0,)', '(1,)', '(5, 0, 3)', '(3,4,5,6,7,8)', '(-1, 4)', '(2**31,)', '(2147483648, 2147483648)', '(99999999999999999999,)',
  '(4294967297, 1)', '(3.0, 4)', '(12L, 3L)', '(1, 1, 1, 1, 1)', '(65536, 65536, 65536)', '(', '(,)', '(3 4)'];

/**
 * Edits of a .npy file: the dict's descr, fortran_order and shape (the header re-written, with its
 * length field fixed or left stale), the length field and version byte themselves, junk in the dict,
 * cuts at the preamble, header and data boundaries. Null when `b` is no .npy.
 */
export function npyOps(rng: Rng, f: string, b: Uint8Array): Op[] | null {
  if (!isNpy(b) || b.length < 10) return null;
  const major = b[6];
  const lenBytes = major === 1 ? 2 : 4;
  const hlen = lenBytes === 2 ? b[8] | (b[9] << 8) : (b[8] | (b[9] << 8) | (b[10] << 16) | (b[11] << 24)) >>> 0;
  const start = 8 + lenBytes;
  const end = Math.min(b.length, start + Math.max(0, hlen));
  const text = new TextDecoder('latin1').decode(b.subarray(start, end));
  const cuts = [6, 7, 8, 9, 10, 11, 12, start + 10, end - 1, end, end + 1, end + Math.floor((b.length - end) / 2), b.length - 1];
  const op = rng.weighted<() => Op[] | null>([
    [6, () => {
      const which = rng.pick(['descr', 'fortran', 'shape', 'shape', 'junk'] as const);
      let t = text;
      if (which === 'descr') t = t.replace(/(['"]descr['"]\s*:\s*)['"][^'"]*['"]/, `$1'${rng.pick(DESCRS)}'`);
      else if (which === 'fortran') t = t.replace(/(['"]fortran_order['"]\s*:\s*)\w+/, `$1${rng.pick(['True', 'False', 'true', '1', 'None'])}`);
      else if (which === 'shape') t = t.replace(/(['"]shape['"]\s*:\s*)\([^)]*\)?/, `$1${rng.pick(SHAPES)}`);
      else t = rng.pick([t.replace(/'shape'/, "'shap'"), t.replace(/\}/, ''), `${t.slice(0, 10)}\0${t.slice(11)}`, t.replace(/'descr'/, "'descr': '<f4', 'descr'"), '{}', ' '.repeat(t.length)]);
      const fix = rng.chance(0.7);
      const body = new TextEncoder().encode(t);
      const newLen = fix ? body.length : hlen;
      const pre = [...b.subarray(0, 8), ...intBytes(newLen, lenBytes as 2 | 4, true)];
      const out = new Uint8Array(pre.length + body.length + (b.length - end));
      out.set(pre, 0);
      out.set(body, pre.length);
      out.set(b.subarray(end), pre.length + body.length);
      return [{ k: 'put', f, b: out, why: `${f}: header ${which} edited${fix ? '' : ' (length field left stale)'}: ${JSON.stringify(t.trim().slice(0, 90))}` }];
    }],
    [2, () => {
      const v = rng.pick([0, 1, hlen - 1, hlen + 1, b.length, 0xffff, 0x7fffffff, 0xffffffff, 1 << 20, (1 << 20) + 1]);
      return [splice(f, 8, lenBytes, intBytes(v, lenBytes as 2 | 4, true), `${f}: header length ${hlen} -> ${v}`)];
    }],
    [1, () => {
      const v = rng.pick([0, 1, 2, 3, 4, 255]);
      return [splice(f, 6, 1, [v], `${f}: format version ${major} -> ${v}`)];
    }],
    [3, () => {
      const at = rng.pick(cuts.filter((x) => x > 0 && x < b.length));
      return [truncate(f, at, `${f}: cut at ${at} of ${b.length} (preamble/header/data boundary)`)];
    }],
  ])();
  return op ?? genericOps(rng, f, b, cuts);
}
