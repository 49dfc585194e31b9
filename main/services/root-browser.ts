import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { DirEntry } from '../../app/ipc/contract.js';
import { HostError } from './host-error.js';

/**
 * Resolves a path relative to the browser host's root and refuses anything that ends up outside it,
 * symlinks included (the contract already refuses '..' and absolute paths; this is the second wall).
 */
export async function resolveUnderRoot(root: string, rel: string): Promise<string> {
  const realRoot = await realpath(root);
  let full: string;
  try {
    full = await realpath(join(realRoot, rel));
  } catch {
    throw new HostError('not-found', `${rel || '.'}: no such file or folder under the served root`);
  }
  const r = relative(realRoot, full);
  if (r.startsWith('..') || r.includes(`..${sep}`) || (r !== '' && full === r)) {
    throw new HostError('not-found', `${rel}: outside the served root`);
  }
  return full;
}

export async function browseDir(root: string, rel: string): Promise<{ dir: string; entries: DirEntry[] }> {
  const dir = await resolveUnderRoot(root, rel);
  const names = await readdir(dir).catch(() => {
    throw new HostError('not-found', `${rel || '.'}: not a folder`);
  });
  const entries: DirEntry[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const st = await stat(join(dir, name)).catch(() => null);
    if (!st) continue;
    entries.push({ name, kind: st.isDirectory() ? 'dir' : 'file', size: st.isDirectory() ? 0 : st.size });
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name, undefined, { numeric: true }) : a.kind === 'dir' ? -1 : 1));
  return { dir: rel, entries };
}
