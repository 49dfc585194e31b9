import { readdirSync, type Dirent } from 'node:fs';
import { join, resolve, sep } from 'node:path';

/**
 * Globs for `voxelscope run` (Node 20 has no fs.glob): `*` and `?` within one name, `[abc]` / `[a-z]` /
 * `[!a]` classes, `**` for any number of folders. A quoted pattern reaches us unexpanded (the shell expands
 * unquoted ones itself); hidden names match only a pattern segment that starts with a dot, as in a shell.
 */
export function hasMagic(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

export interface GlobMatch {
  /** Absolute path of the match. */
  path: string;
  /** Its path relative to the pattern's literal base folder ('/'-separated). */
  rel: string;
  isDirectory: boolean;
}

/** The pattern's leading segments without magic (the folder the walk starts from) and the rest. */
export function splitBase(pattern: string): { base: string; segments: string[] } {
  const parts = pattern.split(/[\\/]+/);
  let i = 0;
  while (i < parts.length - 1 && !hasMagic(parts[i])) i++;
  const baseParts = parts.slice(0, i);
  const base = baseParts.length === 0 ? '.' : baseParts.join(sep) || sep; // '' from a leading '/' is the root
  return { base, segments: parts.slice(i).filter((s) => s !== '') };
}

/** Every path the pattern matches, sorted by relative path so runs see inputs in a stable order. */
export function glob(pattern: string, cwd = process.cwd()): GlobMatch[] {
  const { base, segments } = splitBase(pattern);
  const root = resolve(cwd, base);
  const found = new Map<string, GlobMatch>();
  const walk = (dir: string, rel: string, rest: string[]): void => {
    if (rest.length === 0) return;
    const [seg, ...more] = rest;
    if (seg === '**') {
      walk(dir, rel, more); // zero folders
      for (const e of entries(dir)) if (e.isDirectory() && !e.name.startsWith('.')) walk(join(dir, e.name), rel ? `${rel}/${e.name}` : e.name, rest);
      return;
    }
    const re = segmentRegExp(seg);
    for (const e of entries(dir)) {
      if (!re.test(e.name)) continue;
      const path = join(dir, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (more.length === 0) found.set(path, { path, rel: r, isDirectory: e.isDirectory() });
      else if (e.isDirectory()) walk(path, r, more);
    }
  };
  walk(root, '', segments);
  return [...found.values()].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return []; // an unreadable folder matches nothing, as in a shell
  }
}

/** One name segment as a regular expression (anchored). */
export function segmentRegExp(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const ch = seg[i];
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const end = seg.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let body = seg.slice(i + 1, end);
        const negate = body.startsWith('!') || body.startsWith('^');
        if (negate) body = body.slice(1);
        re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
        i = end;
      }
    } else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  // A leading '*' or '?' does not match a hidden name (as in a shell).
  return new RegExp(seg.startsWith('.') ? `^${re}$` : `^(?!\\.)${re}$`);
}
