import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DirEntry } from '../../app/ipc/contract.js';
import type { FileAccess } from './file-access.js';
import { HostError } from './host-error.js';

/**
 * Resolves a path relative to the browser host's root and refuses anything that ends up outside it,
 * symlinks included (the contract already refuses '..' and absolute paths; this is the second wall).
 */
export async function resolveUnderRoot(access: FileAccess, rel: string): Promise<string> {
  let full: string;
  try {
    full = await realpath(join(await access.rootPath(), rel));
  } catch {
    throw new HostError('not-found', `${rel || '.'}: no such file or folder under the served root`);
  }
  if (!(await access.contains(full))) throw new HostError('not-found', `${rel}: outside the served root`);
  return full;
}

/**
 * A folder under the root, folders first. Lists only what could be opened: no entry that resolves
 * outside the root (nor its size), no broken link, nothing but folders and regular files.
 */
export async function browseDir(access: FileAccess, rel: string): Promise<{ dir: string; entries: DirEntry[] }> {
  const dir = await resolveUnderRoot(access, rel);
  const items = await readdir(dir, { withFileTypes: true }).catch(() => {
    throw new HostError('not-found', `${rel || '.'}: not a folder`);
  });
  const entries: DirEntry[] = [];
  for (const item of items) {
    if (item.name.startsWith('.')) continue;
    // `dir` is resolved and inside the root, so only a link can lead out of it.
    const path = item.isSymbolicLink() ? await access.resolve(join(dir, item.name)) : join(dir, item.name);
    const st = path === null ? null : await stat(path).catch(() => null);
    if (!st || !(st.isDirectory() || st.isFile())) continue;
    entries.push({ name: item.name, kind: st.isDirectory() ? 'dir' : 'file', size: st.isDirectory() ? 0 : st.size });
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name, undefined, { numeric: true }) : a.kind === 'dir' ? -1 : 1));
  return { dir: rel, entries };
}
