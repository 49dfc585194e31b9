/**
 * Readers never touch a file system: they read bytes through these interfaces, which the host implements
 * over file handles (read-only) and the tests over in-memory buffers.
 */
export interface ByteSource {
  /** File name for messages (base name, or the path the user chose). */
  readonly name: string;
  readonly size: number;
  /** Reads exactly `length` bytes at `offset`; throws if that range is past the end. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Optional: reads dest.byteLength bytes at `offset` straight into `dest` (e.g. a plane of the shared
   * volume), saving the copy a read() would need for uncompressed data.
   */
  readInto?(offset: number, dest: Uint8Array): Promise<void>;
}

/** A primary file plus access to its siblings (.hdr/.img pairs, ENVI headers, numbered sequences). */
export interface SourceSet {
  readonly primary: ByteSource;
  /** Opens a file in the same folder by base name, or returns null if there is none. */
  sibling(name: string): Promise<ByteSource | null>;
  /** Base names of the files in the same folder (for sequences); may be empty where unknown. */
  listSiblings(): Promise<string[]>;
}

/** In-memory ByteSource (tests, dropped files already in memory). */
export class MemorySource implements ByteSource {
  constructor(public readonly name: string, private readonly bytes: Uint8Array) {}
  get size(): number {
    return this.bytes.byteLength;
  }
  read(offset: number, length: number): Promise<Uint8Array> {
    if (offset < 0 || length < 0 || offset + length > this.bytes.byteLength) {
      return Promise.reject(new RangeError(`${this.name}: read of ${length} bytes at ${offset} is past the end (${this.bytes.byteLength})`));
    }
    return Promise.resolve(this.bytes.subarray(offset, offset + length));
  }
}

/** A SourceSet over named in-memory files. */
export class MemorySourceSet implements SourceSet {
  readonly primary: ByteSource;
  constructor(primaryName: string, private readonly files: Map<string, Uint8Array>) {
    const bytes = files.get(primaryName);
    if (!bytes) throw new Error(`no file ${primaryName}`);
    this.primary = new MemorySource(primaryName, bytes);
  }
  sibling(name: string): Promise<ByteSource | null> {
    const b = this.files.get(name);
    return Promise.resolve(b ? new MemorySource(name, b) : null);
  }
  listSiblings(): Promise<string[]> {
    return Promise.resolve([...this.files.keys()]);
  }
}
