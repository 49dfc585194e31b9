import { read, readSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import type { ByteSource, SourceSet } from '../../app/formats/source.js';

/**
 * A file the host checked and holds open, lent to a decode worker by its descriptor. Descriptors are
 * per process, so a worker thread reads the host's very file through it (positional reads, no shared
 * offset); it never reopens a path. The host closes it, and only after the last worker is done with it.
 */
export interface LentFile {
  fd: number;
  size: number;
}

function preadOnce(fd: number, dest: Uint8Array, at: number, length: number, position: number): Promise<number> {
  return new Promise((done, fail) => read(fd, dest, at, length, position, (e, n) => (e ? fail(e) : done(n))));
}

/**
 * Reads up to this size on the main thread are synchronous calls (headers, the first bytes a reader
 * sniffs): a few microseconds from the page cache, where a trip to libuv's thread pool cost some 50 us
 * of CPU and a wake-up on this machine. Larger ones go to the pool, so a slow disk never holds the
 * host for long. A decode worker keeps every read on the pool: its decoders are synchronous, so its
 * reads are where it turns its event loop and sees a cancel (with synchronous reads a cancelled load
 * went on for a whole batch of planes).
 */
const SYNC_READ_BYTES = isMainThread ? 64 << 10 : 0;

/** Reads dest.byteLength bytes at `offset` of an open file of `size` bytes, all of them or an error. */
export async function readExactly(fd: number, name: string, size: number, offset: number, dest: Uint8Array): Promise<void> {
  const length = dest.byteLength;
  checkRange(name, size, offset, length);
  let done = 0;
  while (done < length) {
    const n = length <= SYNC_READ_BYTES ? readSync(fd, dest, done, length - done, offset + done) : await preadOnce(fd, dest, done, length - done, offset + done);
    if (n === 0) throw new RangeError(`${name}: file shrank while reading (offset ${offset + done})`);
    done += n;
  }
}

/**
 * Files up to this size are read whole on their first read and served from memory after: readers of
 * interleaved layouts (ENVI BIL/BIP, chunky TIFF) read the same small file many times over, one
 * system call each, and a whole small file costs less than those calls.
 */
const WHOLE_FILE_BYTES = 8 << 20;

function checkRange(name: string, size: number, offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset + length > size) {
    throw new RangeError(`${name}: read of ${length} bytes at offset ${offset} is past the end of the file (${size} bytes)`);
  }
}

/** A ByteSource over a lent descriptor. */
export class DescriptorSource implements ByteSource {
  private whole: Promise<Uint8Array> | null = null;

  constructor(public readonly name: string, private readonly file: LentFile) {}

  get size(): number {
    return this.file.size;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const buf = new Uint8Array(length);
    await this.readInto(offset, buf);
    return buf;
  }

  async readInto(offset: number, dest: Uint8Array): Promise<void> {
    const { fd, size } = this.file;
    if (size > WHOLE_FILE_BYTES) return readExactly(fd, this.name, size, offset, dest);
    if (!this.whole) {
      const all = new Uint8Array(size);
      this.whole = readExactly(fd, this.name, size, 0, all).then(() => all);
      this.whole.catch(() => (this.whole = null));
    }
    const all = await this.whole;
    checkRange(this.name, size, offset, dest.byteLength);
    dest.set(all.subarray(offset, offset + dest.byteLength));
  }
}

/**
 * A worker's view of a volume's files: those the host holds open for the whole load come with the job;
 * any other (a member of a long sequence) is borrowed from the host when a plane needs it and given back
 * once that plane is done, so the host keeps only a bounded number open. Only files the host checked
 * while reading the header can be borrowed.
 */
export class LentFileSet implements SourceSet {
  readonly primary: DescriptorSource;
  private readonly held = new Map<string, DescriptorSource>();
  private readonly borrowed = new Map<string, Promise<DescriptorSource>>();

  constructor(
    primary: string, held: Readonly<Record<string, LentFile>>,
    private readonly borrow: (name: string) => Promise<LentFile>, private readonly giveBack: (names: string[]) => void,
  ) {
    for (const [name, f] of Object.entries(held)) this.held.set(name, new DescriptorSource(name, f));
    const p = this.held.get(primary);
    if (!p) throw new Error(`${primary}: the host lent no descriptor for it`);
    this.primary = p;
  }

  sibling(name: string): Promise<ByteSource> {
    const held = this.held.get(name);
    if (held) return Promise.resolve(held);
    let s = this.borrowed.get(name);
    if (!s) {
      s = this.borrow(name).then((f) => new DescriptorSource(name, f));
      this.borrowed.set(name, s);
      // A refused loan was never counted by the host: nothing to give back.
      s.catch(() => this.borrowed.delete(name));
    }
    return s;
  }

  /** Decoders name their files from the header's layout; listing belongs to reading the header. */
  listSiblings(): Promise<string[]> {
    return Promise.resolve([]);
  }

  /** Gives back what the planes decoded so far borrowed (before the batch is reported done). */
  returnBorrowed(): void {
    if (!this.borrowed.size) return;
    this.giveBack([...this.borrowed.keys()]);
    this.borrowed.clear();
  }
}
