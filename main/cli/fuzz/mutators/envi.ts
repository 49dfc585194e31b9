import type { Op } from '../ops.js';
import type { Rng } from '../prng.js';
import { interestingNumberText } from './values.js';

const NUMERIC = ['samples', 'lines', 'bands', 'data type', 'byte order', 'header offset', 'data ignore value'];
const KEYS = [...NUMERIC, 'interleave', 'wavelength', 'fwhm', 'band names', 'map info', 'pixel size', 'wavelength units', 'file type'];
const VALUES: Record<string, string[]> = {
  'data type': ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15', '16', '99'],
  'byte order': ['0', '1', '2', '-1', 'big', ''],
  interleave: ['bsq', 'bil', 'bip', 'BIL', ' bip ', 'bsq bil', '', 'xyz', '{bsq}'],
  'wavelength units': ['nm', 'Micrometers', 'unknown', '', '{}'],
};

export const isEnviHeader = (b: Uint8Array): boolean => {
  const i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  return b[i] === 0x45 && b[i + 1] === 0x4e && b[i + 2] === 0x56 && b[i + 3] === 0x49;
};

/** A brace list of `n` items: numbers, blanks, junk. */
function list(rng: Rng, n: number): string {
  const items = Array.from({ length: Math.max(0, Math.min(n, 100_000)) }, (_, i) => rng.pick([String(400 + i), '', 'nan', '1e999', '-5', 'x', '{']));
  return `{${items.join(', ')}}`;
}

/**
 * Edits of an ENVI text header: each size, type, order and offset key set to numbers and junk, keys
 * removed or given twice, braces left open, lists of the wrong length, other line endings, a missing
 * "ENVI" line, cuts at line boundaries. The result replaces the header (one 'put' edit).
 */
export function enviOps(rng: Rng, f: string, b: Uint8Array): Op[] {
  const text = new TextDecoder('latin1').decode(b);
  let lines = text.split('\n');
  const keyOf = (l: string): string => l.slice(0, Math.max(0, l.indexOf('='))).trim().toLowerCase();
  const find = (key: string): number => lines.findIndex((l) => keyOf(l) === key);
  let why: string;
  const choice = rng.weighted<string>([[6, 'set'], [2, 'remove'], [2, 'duplicate'], [1, 'magic'], [1, 'eol'], [1, 'brace'], [2, 'cut'], [1, 'junk']]);
  if (choice === 'set') {
    const key = rng.pick(KEYS);
    const i = find(key);
    const cur = i >= 0 ? lines[i].slice(lines[i].indexOf('=') + 1).trim() : '';
    const bands = Math.max(1, Number(lines[find('bands')]?.split('=')[1]) || 1);
    let v: string;
    if (VALUES[key] && rng.chance(0.7)) v = rng.pick(VALUES[key]);
    else if (NUMERIC.includes(key)) v = interestingNumberText(rng, cur);
    else if (key === 'map info') v = rng.pick(['{UTM, 1, 1, 0, 0, 0, 0, 13, North, WGS-84}', '{Geographic Lat/Lon, 1}', '{a, b, c, d, e, -1, nan}', '{', '{}']);
    else if (key === 'pixel size') v = rng.pick(['{0, 0}', '{-1, 2, units=Meters}', '{1e308, 1e308}', '{}']);
    else v = list(rng, rng.pick([0, 1, bands - 1, bands + 1, bands, 5000]));
    const line = `${key} = ${v}`;
    if (i >= 0) lines[i] = line;
    else lines.push(line);
    why = `${f}: ${line.slice(0, 80)}`;
  } else if (choice === 'remove') {
    const key = rng.pick(KEYS);
    lines = lines.filter((l) => keyOf(l) !== key);
    why = `${f}: "${key}" removed`;
  } else if (choice === 'duplicate') {
    const key = rng.pick(NUMERIC.slice(0, 6));
    const line = `${key} = ${interestingNumberText(rng, '1')}`;
    lines.splice(rng.chance(0.5) ? 1 : lines.length, 0, line);
    why = `${f}: "${key}" given twice (${line})`;
  } else if (choice === 'magic') {
    const first = rng.pick(['', 'envi', 'ENVI\r', '\xef\xbb\xbfENVI', 'ENVIRONMENT', ' ENVI']);
    lines[0] = first;
    why = `${f}: first line -> ${JSON.stringify(first)}`;
  } else if (choice === 'eol') {
    const eol = rng.pick(['\r', '\r\n', '\n\n']);
    return [{ k: 'put', f, b: latin1(lines.join(eol)), why: `${f}: line ends ${JSON.stringify(eol)}` }];
  } else if (choice === 'brace') {
    const joined = lines.join('\n');
    const at = joined.lastIndexOf('}');
    const out = at >= 0 ? joined.slice(0, at) + joined.slice(at + 1) : `${joined}\nwavelength = {1, 2`;
    return [{ k: 'put', f, b: latin1(out), why: `${f}: a brace left open` }];
  } else if (choice === 'cut') {
    const keep = rng.int(lines.length);
    const partial = rng.chance(0.5) && lines[keep] ? `\n${lines[keep].slice(0, rng.int(lines[keep].length))}` : '';
    lines = lines.slice(0, keep);
    return [{ k: 'put', f, b: latin1(lines.join('\n') + partial), why: `${f}: header cut after line ${keep}` }];
  } else {
    const junk = rng.pick(['= 5', 'no equals sign here', '\0\0\0', '\xff\xfe', 'samples = = 3', ';samples = 1', '   =   ']);
    lines.splice(1 + rng.int(lines.length), 0, junk);
    why = `${f}: junk line ${JSON.stringify(junk)}`;
  }
  return [{ k: 'put', f, b: latin1(lines.join('\n')), why }];
}

function latin1(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
}
