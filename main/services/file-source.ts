import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ByteSource, SourceSet } from '../../app/formats/source.js';
import { AbsentFileError, FileAccess, type CheckedFile, type FileIdentity, type OpenFile } from './file-access.js';
import { readExactly, type LentFile } from './descriptor-source.js';

/**
 * Files held open for a whole load (the primary, its siblings, the first members of a sequence). Past
 * that, members are held only while in use plus a few recent ones, and reopened (verified to be the
 * same file) when needed again: a sequence of thousands of images needs no thousands of descriptors.
 */
const HELD_FOR_LOAD = 64;
const KEPT_OPEN_IN_PASSING = 8;

/**
 * One checked file of a set. Opened read-only: source files are never opened for writing anywhere in
 * the host, so a user's data cannot be modified by Voxelscope.
 */
class SetFile implements ByteSource {
  readonly name: string;
  readonly size: number;
  readonly real: string;
  readonly identity: FileIdentity;
  handle: OpenFile | null;
  reopening: Promise<void> | null = null;
  /** Reads and lent descriptors in progress: the handle is closed only when there are none. */
  users = 0;

  constructor(private readonly set: FileSourceSet, f: CheckedFile, readonly heldForLoad: boolean) {
    ({ name: this.name, size: this.size, real: this.real, identity: this.identity, handle: this.handle } = f);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const buf = new Uint8Array(length);
    await this.readInto(offset, buf);
    return buf;
  }

  async readInto(offset: number, dest: Uint8Array): Promise<void> {
    const fh = await this.set.acquire(this);
    try {
      await readExactly(fh.fd, this.name, this.size, offset, dest);
    } finally {
      this.set.release(this);
    }
  }
}

/**
 * The files one volume reads: the primary and every sibling a reader asks for, each checked and opened
 * once through the FileAccess policy, and kept open until the load is over. The header is read through
 * it on the host; the decode workers then read the same descriptors (see descriptor-source.ts) and
 * never open a path themselves. Closed by its owner (the volume store, once no worker uses it).
 */
export class FileSourceSet implements SourceSet {
  private readonly files = new Map<string, SetFile>();
  /** Files not held for the load that are open now, least recently used first. */
  private readonly inPassing = new Set<SetFile>();
  private held = 0;
  private closed = false;

  readonly primary: ByteSource;

  private constructor(public readonly path: string, private readonly access: FileAccess, first: CheckedFile) {
    this.primary = this.add(first);
  }

  static async open(path: string, access = FileAccess.anywhere()): Promise<FileSourceSet> {
    return new FileSourceSet(path, access, await access.open(path));
  }

  private add(f: CheckedFile): SetFile {
    const heldForLoad = this.held < HELD_FOR_LOAD;
    if (heldForLoad) this.held++;
    const s = new SetFile(this, f, heldForLoad);
    this.files.set(f.name, s);
    if (!heldForLoad) this.touch(s);
    return s;
  }

  /**
   * A file beside the primary by base name, checked like the primary: null when there is none (or it
   * is no regular file); an error when it resolves outside the root or changed while being opened.
   */
  async sibling(name: string): Promise<ByteSource | null> {
    if (!name || name === '.' || name === '..' || /[/\\\0]/.test(name)) return null;
    const known = this.files.get(name);
    if (known) return known;
    let f: CheckedFile;
    try {
      f = await this.access.open(join(dirname(this.path), name));
    } catch (e) {
      if (e instanceof AbsentFileError) return null;
      throw e;
    }
    const raced = this.files.get(name);
    if (raced || this.closed) {
      await f.handle.close();
      if (raced) return raced;
      throw closedError(name);
    }
    const s = this.add(f);
    this.trim();
    return s;
  }

  async listSiblings(): Promise<string[]> {
    try {
      return await readdir(dirname(this.path));
    } catch {
      return [];
    }
  }

  /** The open handle of `f` for one use; reopened and verified when it was closed in the meantime. */
  async acquire(f: SetFile): Promise<OpenFile> {
    if (this.closed) throw closedError(f.name);
    f.users++;
    try {
      if (!f.heldForLoad) this.touch(f);
      while (!f.handle) {
        f.reopening ??= this.reopen(f);
        await f.reopening;
      }
      return f.handle;
    } catch (e) {
      f.users--;
      throw e;
    }
  }

  release(f: SetFile): void {
    if (f.users > 0) f.users--;
    if (!f.heldForLoad) this.trim();
  }

  private async reopen(f: SetFile): Promise<void> {
    try {
      const again = await this.access.open(f.real, f.identity);
      if (this.closed) {
        await again.handle.close();
        throw closedError(f.name);
      }
      f.handle = again.handle;
    } finally {
      f.reopening = null;
    }
  }

  private touch(f: SetFile): void {
    this.inPassing.delete(f);
    this.inPassing.add(f);
  }

  /** Closes the least recently used files in passing that nobody uses, down to the bound. */
  private trim(): void {
    for (const f of this.inPassing) {
      if (this.inPassing.size <= KEPT_OPEN_IN_PASSING) return;
      if (f.users > 0 || !f.handle) continue;
      const h = f.handle;
      f.handle = null;
      this.inPassing.delete(f);
      void h.close().catch(() => undefined);
    }
  }

  /** What the decode workers get with the job: the descriptors of the files held for the whole load. */
  forWorkers(): { primary: string; held: Record<string, LentFile> } {
    const held: Record<string, LentFile> = {};
    for (const f of this.files.values()) if (f.heldForLoad && f.handle) held[f.name] = { fd: f.handle.fd, size: f.size };
    return { primary: this.primary.name, held };
  }

  /** Lends a worker the descriptor of a file checked while the header was read, until `giveBack`. */
  async lend(name: string): Promise<LentFile> {
    const f = this.files.get(name);
    if (!f) throw new Error(`${name}: not among the files checked when the header was read`);
    const fh = await this.acquire(f);
    return { fd: fh.fd, size: f.size };
  }

  giveBack(name: string): void {
    const f = this.files.get(name);
    if (f) this.release(f);
  }

  /** Closes every file. Call once nothing reads through the set any more (no worker holds a descriptor). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const handles = [...this.files.values()].map((f) => f.handle).filter((h): h is OpenFile => h !== null);
    for (const f of this.files.values()) f.handle = null;
    this.inPassing.clear();
    await Promise.all(handles.map((h) => h.close().catch(() => undefined)));
  }
}

function closedError(name: string): Error {
  return new Error(`${name}: the volume was closed`);
}
