import { closeSync, constants, fstatSync, openSync, readlinkSync, realpathSync, statSync, type BigIntStats, type Stats } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { basename, dirname, sep } from 'node:path';
import { FormatError } from '../../app/formats/errors.js';
import { HostError } from './host-error.js';

/** The inode a checked path resolved to: a later open must land on the very same one. */
export interface FileIdentity {
  dev: bigint;
  ino: bigint;
}

/** A regular file opened read-only after its path was checked, and verified to be the file checked. */
export interface CheckedFile {
  name: string;
  /** The resolved path that was checked (for messages and a verified reopen). */
  real: string;
  size: number;
  identity: FileIdentity;
  handle: OpenFile;
}

/**
 * A descriptor opened here, closed once by whoever holds it (a second close does nothing, so a
 * descriptor number the system has handed out again is never closed by mistake).
 */
export class OpenFile {
  private open = true;

  constructor(readonly fd: number) {}

  close(): Promise<void> {
    if (!this.open) return Promise.resolve();
    this.open = false;
    try {
      closeSync(this.fd);
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }
}

/** A file that is simply not there to read (no such file, not a regular file, no permission). */
export class AbsentFileError extends FormatError {
  constructor(name: string, problem: string) {
    super(name, problem);
    this.name = 'AbsentFileError';
  }
}

/**
 * O_NOFOLLOW: the resolved path's last component must not have turned into a link since it was
 * resolved. O_NONBLOCK: a path swapped for a FIFO must not block a thread pool thread on open (it is
 * then refused as not a regular file). Both are 0 where the platform has no such flag (Windows).
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * What the user picked with a native dialog for a run (main/services/run-picks.ts): a folder grants
 * everything below it; a file grants itself and its companions beside it, the files whose names start
 * with the same stem (up to the first dot) that a reader opens with it (an ENVI or NIfTI .hdr's data
 * file), and nothing else in that folder.
 */
export interface Grant {
  path: string;
  kind: 'file' | 'dir';
}

/** Linux names what a descriptor really is in /proc; elsewhere the identity check has to do. */
const PROC_FD = process.platform === 'linux' ? '/proc/self/fd/' : null;

/**
 * Which files the host may read, and the one way it opens them. Every file a volume reads (the chosen
 * file, each sibling a reader asks for, each sequence member, a recent entry) is opened here:
 *  - `under(root)`, the browser host: the path is resolved (realpath) and must lie inside the real root;
 *    links inside the root that stay inside are fine, links out and broken links are refused.
 *  - `anywhere()`, the Electron app and the CLI: the user chose the path with a native dialog or on
 *    the command line, so there is no root; a file must still be a regular file (not a device or FIFO).
 *  - `picked(grants)`, a run over what the user picked in the desktop app: only those (see Grant),
 *    resolved and checked as for a root.
 * The file is then opened once, and the descriptor verified to be the inode that was checked, so a
 * path swapped for a link between the check and the open is refused rather than read.
 */
export class FileAccess {
  private realRoot: Promise<string> | null = null;
  private realGrants: Promise<Grant[]> | null = null;

  private constructor(private readonly root: string | null, private readonly grants: readonly Grant[] | null = null) {}

  static anywhere(): FileAccess {
    return new FileAccess(null);
  }

  static under(root: string): FileAccess {
    return new FileAccess(root);
  }

  static picked(grants: readonly Grant[]): FileAccess {
    return new FileAccess(null, [...grants]);
  }

  get confined(): boolean {
    return this.root !== null || this.grants !== null;
  }

  /** What a refused path lies outside of, for messages. */
  get bounds(): string {
    return this.grants ? 'the files and folders picked for the run' : 'the served root';
  }

  /** The root as the file system names it (resolved once; the root itself may be reached by a link). */
  rootPath(): Promise<string> {
    if (this.root === null) return Promise.reject(new Error('no root'));
    this.realRoot ??= realpath(this.root);
    return this.realRoot;
  }

  /** True when a resolved path lies inside the root (or there is no root). */
  async contains(real: string): Promise<boolean> {
    if (this.grants) return (await this.resolvedGrants()).some((g) => granted(g, real));
    if (this.root === null) return true;
    const root = await this.rootPath();
    return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
  }

  /** The grants as the file system names them (resolved once); a grant that no longer resolves grants nothing. */
  private resolvedGrants(): Promise<Grant[]> {
    this.realGrants ??= Promise.all(this.grants!.map(async (g) => ({ ...g, path: await realpath(g.path).catch(() => '') })))
      .then((gs) => gs.filter((g) => g.path !== ''));
    return this.realGrants;
  }

  /** The resolved path of `path` when it exists and may be read, else null. */
  async resolve(path: string): Promise<string | null> {
    const real = await realpath(path).catch(() => null);
    return real !== null && (await this.contains(real)) ? real : null;
  }

  /**
   * Opens a regular file for reading. Throws AbsentFileError when there is nothing to read there,
   * HostError 'not-found' when it resolves outside the root, and FormatError when the file changed
   * between the check and the open (or is not the `expected` file, for a reopen).
   */
  async open(path: string, expected?: FileIdentity): Promise<CheckedFile> {
    // Synchronous calls: each is a few microseconds, where a trip to libuv's thread pool cost some
    // 50 us of CPU and a wake-up on this machine (the open and its close over 100 us), six times per
    // file opened, for every file of a batch. O_NONBLOCK keeps the open from waiting on a FIFO.
    const name = basename(path);
    let real: string;
    try {
      real = realpathSync.native(path);
    } catch (e) {
      throw absent(name, e);
    }
    if (!(await this.contains(real))) throw new HostError('not-found', `${name}: outside ${this.bounds}`);
    let checked: BigIntStats;
    try {
      checked = statSync(real, { bigint: true });
    } catch (e) {
      throw absent(name, e);
    }
    if (!checked.isFile()) throw new AbsentFileError(name, 'not a regular file');
    let handle: OpenFile;
    try {
      handle = new OpenFile(openSync(real, OPEN_FLAGS));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') throw changed(name);
      throw absent(name, e);
    }
    try {
      const st = fstatSync(handle.fd, { bigint: true });
      if (!st.isFile() || !sameFile(st, checked) || (expected && !sameFile(st, expected))) throw changed(name);
      // The identity check leaves one gap: a folder on the way to `real` swapped for a link out after
      // the realpath (the stat and the open then land on the same outside file). Linux names the open
      // file, which settles it; elsewhere the path is resolved once more, which narrows it.
      if (this.confined) {
        const where = PROC_FD ? orNull(() => readlinkSync(PROC_FD + handle.fd)) : (orNull(() => realpathSync.native(real)) ?? real);
        if (where !== null && !(await this.contains(where))) throw new HostError('not-found', `${name}: outside ${this.bounds}`);
      }
      return { name, real, size: Number(st.size), identity: { dev: st.dev, ino: st.ino }, handle };
    } catch (e) {
      await handle.close().catch(() => undefined);
      throw e;
    }
  }
}

/** What is at `path` (links followed), or null where nothing can be found or read: a direct call, a few microseconds. */
export function statOrNull(path: string): Stats | null {
  return orNull(() => statSync(path));
}

function orNull<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

function granted(g: Grant, real: string): boolean {
  if (g.kind === 'dir') return real === g.path || real.startsWith(g.path.endsWith(sep) ? g.path : g.path + sep);
  if (dirname(real) !== dirname(g.path)) return false;
  const name = basename(real).toLowerCase();
  const picked = basename(g.path).toLowerCase();
  const dot = picked.indexOf('.', 1);
  const stem = dot > 0 ? picked.slice(0, dot) : picked;
  return name === picked || name === stem || name.startsWith(`${stem}.`);
}

function absent(name: string, e: unknown): AbsentFileError {
  const code = (e as NodeJS.ErrnoException).code;
  return new AbsentFileError(name, code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message);
}

function changed(name: string): FormatError {
  return new FormatError(name, 'the file changed while it was being opened; open it again');
}

function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}
