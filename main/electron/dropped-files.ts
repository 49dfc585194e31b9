import { access, constants, stat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import { primaryOf } from '../../app/formats/primary-file.js';
import { knownExtensions } from '../../app/formats/registry.js';
import { MAX_DROPPED_FILES } from '../../app/ipc/names.js';
import type { OsFile } from './os-files.js';

/**
 * Paths of files dropped on the window. The preload sends them only for a trusted drop event, with
 * paths from webUtils.getPathForFile, so page script cannot name one. A compromised renderer process
 * could still send any message, so the host takes nothing on trust: a plain list of absolute paths,
 * one drop at a time (main.ts), and the file it opens must be a readable regular file with a volume
 * extension, or a folder (an image sequence). That bounds what a forged drop can make the host read.
 */
const MAX_PATH = 4096;

/** The dropped paths, or null for anything but a non-empty list of absolute paths. */
export function dropPaths(payload: unknown): string[] | null {
  if (!Array.isArray(payload) || payload.length === 0 || payload.length > MAX_DROPPED_FILES) return null;
  const ok = payload.every((p) => typeof p === 'string' && p.length > 0 && p.length <= MAX_PATH && !p.includes('\0') && isAbsolute(p));
  return ok ? (payload as string[]) : null;
}

/** The dropped file to open (a header before its raw data), checked on disk. */
export async function droppedFileToOpen(paths: readonly string[], extensions: readonly string[] = knownExtensions()): Promise<OsFile> {
  const path = primaryOf(paths)!;
  const name = basename(path);
  const refuse = (code: 'not-found' | 'invalid-request', why: string): OsFile => ({ ok: false, name, error: { code, message: `${name}: ${why}` } });
  const st = await stat(path).catch((e: NodeJS.ErrnoException) => e);
  if (st instanceof Error) return refuse('not-found', st.code === 'ENOENT' ? 'no such file' : `cannot be opened (${st.code ?? st.message})`);
  if (st.isDirectory()) return { ok: true, path };
  if (!st.isFile()) return refuse('invalid-request', 'not a regular file (a device, pipe or socket)');
  const lower = name.toLowerCase();
  if (!extensions.some((ext) => lower.endsWith(`.${ext}`))) {
    return refuse('invalid-request', 'not a file type Voxelscope opens (TIFF, NIfTI, ENVI, NumPy .npy, PNG)');
  }
  if (await access(path, constants.R_OK).then(() => false, () => true)) return refuse('not-found', 'permission denied');
  return { ok: true, path };
}
