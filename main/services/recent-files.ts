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
 * The entries a page may see: in the browser host only those that can be opened again under the
 * access they would be opened with (nothing outside the root), with paths relative to the root, so the
 * page learns nothing of the file system outside it. The desktop app lists every entry as it is.
 */
export async function reopenable(entries: RecentEntry[], accessOf: (path: string) => FileAccess): Promise<RecentEntry[]> {
  const out: RecentEntry[] = [];
  for (const e of entries) {
    const access = accessOf(e.path);
    if (!access.confined) {
      out.push(e);
      continue;
    }
    const real = await access.resolve(e.path);
    if (real !== null) out.push({ ...e, path: relative(await access.rootPath(), real) });
  }
  return out;
}
