import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { FileAccess } from './file-access.js';

/** A recent file as the host keeps it; the page only ever sees its id and name. */
export interface RecentFile {
  id: string;
  name: string;
  path: string;
  openedAt: string;
}

/** The recent-files list, kept as JSON in the app's config folder so it survives restarts. */
export class RecentFiles {
  private entries: RecentFile[] = [];
  constructor(private readonly dir: string, private readonly max = 12) {
    try {
      const raw = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      if (Array.isArray(raw)) {
        this.entries = raw.filter(
          (e): e is RecentFile => typeof e?.id === 'string' && typeof e?.path === 'string' && typeof e?.name === 'string' && typeof e?.openedAt === 'string',
        );
      }
    } catch {
      this.entries = [];
    }
  }

  private get file(): string {
    return join(this.dir, 'recent-files.json');
  }

  list(): RecentFile[] {
    return [...this.entries];
  }

  byId(id: string): RecentFile | undefined {
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
 * access they would be opened with (nothing outside the root). The desktop app lists every entry.
 */
export async function reopenable(entries: RecentFile[], accessOf: (path: string) => FileAccess): Promise<RecentFile[]> {
  const out: RecentFile[] = [];
  for (const e of entries) {
    const access = accessOf(e.path);
    if (!access.confined || (await access.resolve(e.path)) !== null) out.push(e);
  }
  return out;
}
