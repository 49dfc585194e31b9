import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DroppedFile } from '../services/host-api.js';
import { formatBytes } from '../services/memory-budget.js';

export interface DropLimits {
  /** Most bytes of one dropped file. */
  fileBytes: number;
  /** Most bytes of all dropped files held at once, over every session. */
  totalBytes: number;
  /** Most dropped files held at once. */
  files: number;
}

/** Limits that scale with the memory budget (VOXELSCOPE_MEMORY_BUDGET), as the issue of uploads asks. */
export function dropLimits(memoryBudget: number): DropLimits {
  return { fileBytes: memoryBudget, totalBytes: 2 * memoryBudget, files: 4096 };
}

/** An upload the host refused (too large, too many, cut off): the message says which and why. */
export class DropError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
    this.name = 'DropError';
  }
}

interface Group {
  id: string;
  owner: string;
  dir: string;
  /** The user's name → the stored copy's name, and how many bytes it holds. */
  files: Map<string, { stored: string; bytes: number }>;
  /** The user's stem (name up to its first dot) → the generated stem the copies are stored under. */
  stems: Map<string, string>;
}

const PREFIX = 'voxelscope-drops-';

/**
 * Files dropped into the browser page. Each drop is a group (so a .hdr/.img pair dropped together stays
 * together), stored in a private folder under a safe generated name per file: the user's name is kept
 * for display only, so no name can reach outside the folder or fail to resolve later. Uploads stream to
 * disk within the limits, and a partial file is removed on any failure. A group belongs to the session
 * that dropped it and goes when the volume opened from it closes, when the session ends, or at the next
 * start after a crash.
 */
export class DropStore {
  private readonly root: string;
  private readonly groups = new Map<string, Group>();
  private heldBytes = 0;
  private heldFiles = 0;

  constructor(private readonly limits: DropLimits, private readonly base = tmpdir()) {
    removeStaleDropFolders(base);
    this.root = mkdtempSync(join(base, `${PREFIX}${process.pid}-`));
  }

  /** Receives one file of a drop into its group (a new group unless `dropId` names one of `owner`'s). */
  async receive(req: IncomingMessage, owner: string, name: string, dropId: string | null): Promise<string> {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared)) this.checkRoom(name, declared);
    if (this.heldFiles + 1 > this.limits.files) {
      throw new DropError(`${name}: refused: ${this.limits.files} dropped files are held already; close some volumes first`, 413);
    }
    const existing = dropId ? this.groups.get(dropId) : undefined;
    if (dropId && existing?.owner !== owner) throw new DropError(`${name}: the rest of this drop is no longer here; drop the files again`, 404);
    const group = existing ?? this.newGroup(owner);
    if (group.files.has(name)) throw new DropError(`${name}: dropped twice in one drop`, 409);
    const stored = this.storedName(group, name);
    const dest = join(group.dir, stored);
    const entry = { stored, bytes: 0 };
    group.files.set(name, entry);
    this.heldFiles++;
    const counter = new Transform({
      transform: (chunk: Buffer, _enc, next) => {
        entry.bytes += chunk.length;
        this.heldBytes += chunk.length;
        try {
          this.checkRoom(name, 0, entry.bytes);
          next(null, chunk);
        } catch (e) {
          next(e as Error);
        }
      },
    });
    try {
      await pipeline(req, counter, createWriteStream(dest, { flags: 'wx', mode: 0o600 }));
      if (Number.isFinite(declared) && entry.bytes !== declared) throw new DropError(`${name}: the upload was cut off`, 400);
    } catch (e) {
      this.forget(group, name);
      rmSync(dest, { force: true });
      if (!existing) this.removeGroup(group.id);
      throw e instanceof DropError ? e : new DropError(`${name}: the upload was cut off (${(e as Error).message})`, 400);
    }
    return group.id;
  }

  /** The stored copy of `name` in `owner`'s drop `dropId`, or null. */
  resolve(owner: string, dropId: string, name: string): DroppedFile | null {
    const g = this.groups.get(dropId);
    const f = g?.owner === owner ? g.files.get(name) : undefined;
    if (!g || !f) return null;
    const names = [...g.files].sort((a, b) => b[1].stored.length - a[1].stored.length);
    return {
      path: join(g.dir, f.stored),
      displayName: name,
      displayMessage: (m) => names.reduce((msg, [user, { stored }]) => msg.split(stored).join(user), m),
      release: () => this.removeGroup(g.id),
    };
  }

  /** Removes every group `owner` dropped (its session ended). */
  releaseOwner(owner: string): void {
    for (const g of [...this.groups.values()]) if (g.owner === owner) this.removeGroup(g.id);
  }

  get held(): { bytes: number; files: number; groups: number } {
    return { bytes: this.heldBytes, files: this.heldFiles, groups: this.groups.size };
  }

  cleanup(): void {
    this.groups.clear();
    rmSync(this.root, { recursive: true, force: true });
  }

  private checkRoom(name: string, incoming: number, fileSoFar = incoming): void {
    const { fileBytes, totalBytes } = this.limits;
    if (fileSoFar > fileBytes) {
      throw new DropError(`${name}: refused: larger than the ${formatBytes(fileBytes)} a dropped file may have (the memory budget)`, 413);
    }
    if (this.heldBytes + incoming > totalBytes) {
      throw new DropError(`${name}: refused: dropped files would hold more than ${formatBytes(totalBytes)}; close some volumes first`, 413);
    }
  }

  private newGroup(owner: string): Group {
    const id = 'd' + randomBytes(8).toString('hex');
    const dir = join(this.root, id);
    mkdirSync(dir, { mode: 0o700 });
    const g: Group = { id, owner, dir, files: new Map(), stems: new Map() };
    this.groups.set(id, g);
    return g;
  }

  /**
   * A safe name for the copy that keeps what readers rely on: files that share a stem (cube.hdr and
   * cube, brain.hdr and brain.img) share the generated stem, and the extensions stay.
   */
  private storedName(g: Group, name: string): string {
    const dot = name.indexOf('.', 1);
    const stem = dot < 0 ? name : name.slice(0, dot);
    const ext = dot < 0 ? '' : name.slice(dot).replace(/[^A-Za-z0-9.]/g, '_').slice(0, 40);
    let s = g.stems.get(stem);
    if (!s) g.stems.set(stem, (s = `dropped-${g.stems.size + 1}`));
    return s + ext;
  }

  private forget(g: Group, name: string): void {
    const f = g.files.get(name);
    if (!f) return;
    g.files.delete(name);
    this.heldBytes -= f.bytes;
    this.heldFiles--;
  }

  private removeGroup(id: string): void {
    const g = this.groups.get(id);
    if (!g) return;
    for (const name of [...g.files.keys()]) this.forget(g, name);
    this.groups.delete(id);
    rmSync(g.dir, { recursive: true, force: true });
  }
}

/** Drop folders of earlier runs whose process is gone (it crashed or was killed): nobody will use them. */
function removeStaleDropFolders(base: string): void {
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return;
  }
  for (const n of names) {
    const m = new RegExp(`^${PREFIX}(\\d+)-`).exec(n);
    if (!m || Number(m[1]) === process.pid || isAlive(Number(m[1]))) continue;
    const dir = join(base, n);
    try {
      // Only our own folders: another user's are not ours to judge (and not removable anyway).
      if (statSync(dir).uid !== process.getuid?.()) continue;
      rmSync(dir, { recursive: true, force: true });
    } catch {
      /* raced with another start, or not ours */
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
