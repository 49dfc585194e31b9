import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { RecentEntry } from '../../app/ipc/contract.js';
import type { FileAccess } from './file-access.js';

/** The recent-files list, kept as JSON in the app's config folder so it survives restarts. */
export class RecentFiles {
  private entries: RecentEntry[] = [];
  constructor(private readonly dir: string, private readonly max = 12) {
    try {
      const raw = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      if (Array.isArray(raw)) {
        this.entries = raw.filter(
          (e): e is RecentEntry => typeof e?.id === 'string' && typeof e?.path === 'string' && typeof e?.name === 'string' && typeof e?.openedAt === 'string',
        );
      }
    } catch {
      this.entries = [];
    }
  }

  private get file(): string {
    return join(this.dir, 'recent-files.json');
  }

  list(): RecentEntry[] {
    return [...this.entries];
  }

  byId(id: string): RecentEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  /** Adds (or moves to the top) a path; returns its id. */
  add(path: string): string {
    const id = 'r' + createHash('sha256').update(path).digest('hex').slice(0, 12);
    this.entries = [{ id, name: basename(path), path, openedAt: new Date().toISOString() }, ...this.entries.filter((e) => e.id !== id)].slice(0, this.max);
    try {
      mkdirSync(this.dir, { recursive: true });
      // Write then rename, so a crash never leaves a half-written list.
      writeFileSync(this.file + '.tmp', JSON.stringify(this.entries, null, 1));
      renameSync(this.file + '.tmp', this.file);
    } catch {
      /* a read-only config folder only costs the list its persistence */
    }
    return id;
  }
}

/**
 * The entries that can be opened again, each under the access it would be opened with: in the browser
 * host, nothing outside the root is listed, and paths are shown relative to the root (the page learns
 * nothing of the file system outside it).
 */
export async function reopenable(entries: RecentEntry[], accessOf: (path: string) => FileAccess): Promise<RecentEntry[]> {
  const out: RecentEntry[] = [];
  for (const e of entries) {
    const access = accessOf(e.path);
    const real = await access.resolve(e.path);
    if (real === null) continue;
    out.push(access.confined ? { ...e, path: relative(await access.rootPath(), real) } : e);
  }
  return out;
}
