import { readdirSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { statOrNull } from '../../services/file-access.js';
import { glob, hasMagic } from './glob.js';

/**
 * The inputs of `voxelscope run` from its arguments (DESIGN.md): files as they are, folders searched
 * (every volume file below them, keeping its path relative to the folder), globs matched (keeping the
 * path relative to the pattern's literal base). An argument that names nothing is kept as an input with
 * its problem, so the run reports it beside the others instead of stopping.
 */
export interface InputEntry {
  /** The argument it came from. */
  arg: string;
  /** Absolute path. */
  path: string;
  /** '/'-separated path the output is named after (the name alone for a file argument). */
  rel: string;
  /** Why it cannot be run, known before reading it (names nothing). */
  problem?: string;
}

/**
 * The file names a folder search takes as volumes: the extensions of the files readers open first (a
 * companion data file such as ENVI's .img, .raw or .bil is read through its .hdr, so it is not an input
 * of its own).
 */
const VOLUME_NAME = /\.(tiff?|btf|tf8|nii|nii\.gz|hdr|hdr\.gz|npy|png)$/i;

export function isVolumeName(name: string): boolean {
  return VOLUME_NAME.test(name);
}

/** `skip`: folders not to search (the output folder, when it lies inside an input folder). */
export function expandInputs(args: readonly string[], cwd = process.cwd(), skip: readonly string[] = []): InputEntry[] {
  const skipped = new Set(skip.map((s) => resolve(cwd, s)));
  const out: InputEntry[] = [];
  for (const arg of args) {
    const path = resolve(cwd, arg);
    const st = statOrNull(path);
    if (st?.isDirectory()) {
      const found = searchFolder(path, skipped);
      if (found.length === 0) out.push({ arg, path, rel: basename(path), problem: 'the folder holds no volume files (.tif, .nii, .nii.gz, .npy, .hdr, .png)' });
      for (const f of found) out.push({ arg, path: f, rel: relative(path, f).split(sep).join('/') });
    } else if (st) {
      out.push({ arg, path, rel: basename(path) });
    } else if (hasMagic(arg)) {
      const matches = glob(arg, cwd).filter((m) => !insideAny(m.path, skipped));
      if (matches.length === 0) out.push({ arg, path, rel: basename(path), problem: 'the pattern matches no file' });
      for (const m of matches) out.push({ arg, path: m.path, rel: m.rel });
    } else {
      out.push({ arg, path, rel: basename(path), problem: 'no such file or folder' });
    }
  }
  return out;
}

/**
 * Volume files below a folder, sorted by relative path. Hidden names are passed over (among them the
 * temporary files of a run writing there). A folder whose own name is a volume name is taken as an
 * input, not searched: it is reported as "a folder, not a file" rather than silently ignored.
 */
function searchFolder(root: string, skip: Set<string>): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const p = join(dir, name);
      if (skip.has(p)) continue;
      const st = statOrNull(p);
      // A broken link named like a volume is an input too: it is reported, not passed over in silence.
      if (isVolumeName(name)) found.push(p);
      else if (st?.isDirectory()) walk(p);
    }
  };
  walk(root);
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function insideAny(path: string, dirs: Set<string>): boolean {
  for (const d of dirs) if (path === d || path.startsWith(d + sep)) return true;
  return false;
}
