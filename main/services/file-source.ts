import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ByteSource, SourceSet } from '../../app/formats/source.js';

/**
 * ByteSource over a file opened read-only. Source files are never opened for writing anywhere in the
 * host, so a user's data cannot be modified by Voxelscope.
 */
export class FileByteSource implements ByteSource {
  private constructor(public readonly name: string, public readonly size: number, private readonly fh: FileHandle) {}

  static async open(path: string): Promise<FileByteSource> {
    const st = await stat(path);
    if (!st.isFile()) throw new Error(`${basename(path)}: not a regular file`);
    const fh = await open(path, 'r');
    return new FileByteSource(basename(path), st.size, fh);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const buf = new Uint8Array(length);
    await this.readInto(offset, buf);
    return buf;
  }

  async readInto(offset: number, dest: Uint8Array): Promise<void> {
    const length = dest.byteLength;
    if (!Number.isSafeInteger(offset) || offset < 0 || offset + length > this.size) {
      throw new RangeError(`${this.name}: read of ${length} bytes at offset ${offset} is past the end of the file (${this.size} bytes)`);
    }
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.fh.read(dest, done, length - done, offset + done);
      if (bytesRead === 0) throw new RangeError(`${this.name}: file shrank while reading (offset ${offset + done})`);
      done += bytesRead;
    }
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}

/** SourceSet over a file and its folder. Siblings are opened lazily and closed with the set. */
export class FileSourceSet implements SourceSet {
  private readonly opened: FileByteSource[] = [];
  private constructor(public readonly path: string, public readonly primary: FileByteSource) {
    this.opened.push(primary);
  }

  static async open(path: string): Promise<FileSourceSet> {
    return new FileSourceSet(path, await FileByteSource.open(path));
  }

  async sibling(name: string): Promise<ByteSource | null> {
    if (name.includes('/') || name.includes('\\') || name === '..') return null;
    try {
      const s = await FileByteSource.open(join(dirname(this.path), name));
      this.opened.push(s);
      return s;
    } catch {
      return null;
    }
  }

  async listSiblings(): Promise<string[]> {
    try {
      return await readdir(dirname(this.path));
    } catch {
      return [];
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.opened.map((s) => s.close().catch(() => undefined)));
    this.opened.length = 0;
  }
}
