/**
 * Which files form an image sequence. The rule:
 *  - A member is a PNG or TIFF (.png, .tif, .tiff) whose name has a number: the LAST run of digits
 *    splits it into prefix, number and suffix ("img_0012.png" -> "img_", 12, ".png").
 *  - Files belong to one sequence when prefix (exactly) and suffix (ignoring case) are equal; the
 *    number may have any width ("t9.png" and "t10.png" match). Hidden files (".name") never match.
 *  - Members are sorted by numeric value (then by name), so t9 comes before t10.
 *  - From a file: it is a sequence only when at least two files match it.
 *  - From a folder: the largest such group (ties: the first prefix in name order); when no image in the
 *    folder is numbered, every image in natural name order.
 */
import type { SourceSet } from '../source.js';

const IMAGE = /\.(png|tiff?)$/i;

interface Numbered { name: string; prefix: string; digits: string; suffix: string }

function split(name: string): Numbered | null {
  if (name.startsWith('.') || !IMAGE.test(name)) return null;
  const m = /^(.*?)(\d+)(\D*)$/.exec(name);
  return m ? { name, prefix: m[1], digits: m[2], suffix: m[3] } : null;
}

const key = (n: Numbered): string => `${n.prefix}\u0000${n.suffix.toLowerCase()}`;

/** Compares digit strings by value without overflow (long timestamps are numbers too). */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);
}

function sortNumbered(list: Numbered[]): string[] {
  return list
    .sort((a, b) => compareDigits(a.digits, b.digits) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((n) => n.name);
}

/** The sorted members of the sequence `name` belongs to, among `names`; null when fewer than two. */
export function sequenceMembers(name: string, names: readonly string[]): string[] | null {
  const self = split(name);
  if (!self) return null;
  const k = key(self);
  const members = new Map<string, Numbered>();
  members.set(name, self);
  for (const n of names) {
    const s = split(n);
    if (s && key(s) === k) members.set(n, s);
  }
  return members.size >= 2 ? sortNumbered([...members.values()]) : null;
}

/**
 * For the host: the sorted names of the numbered sequence that the primary file belongs to, or null
 * when it is not part of one (no number in its name, or no sibling with the same pattern).
 */
export async function findSequence(files: SourceSet): Promise<string[] | null> {
  if (!split(files.primary.name)) return null;
  return sequenceMembers(files.primary.name, await files.listSiblings());
}

/** Natural order: digit runs compared by value ("a2" < "a10"). */
function naturalCompare(a: string, b: string): number {
  const ta = a.match(/\d+|\D+/g) ?? [];
  const tb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i], y = tb[i];
    const c = /^\d/.test(x) && /^\d/.test(y) ? compareDigits(x, y) : x < y ? -1 : x > y ? 1 : 0;
    if (c) return c;
  }
  return ta.length - tb.length;
}

/** For a folder the user opened: the images that form its sequence, in order (see the rule above). */
export function sequenceFromNames(names: readonly string[]): string[] {
  const groups = new Map<string, Numbered[]>();
  for (const n of names) {
    const s = split(n);
    if (!s) continue;
    const g = groups.get(key(s));
    if (g) g.push(s);
    else groups.set(key(s), [s]);
  }
  let best: Numbered[] | null = null;
  for (const k of [...groups.keys()].sort()) {
    const g = groups.get(k)!;
    if (!best || g.length > best.length) best = g;
  }
  if (best) return sortNumbered(best);
  return names.filter((n) => !n.startsWith('.') && IMAGE.test(n)).sort(naturalCompare);
}
