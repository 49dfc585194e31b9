import { createHash } from 'node:crypto';
import { closeSync, createReadStream, fstatSync, mkdirSync, openSync, readSync, rmSync, write, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/*
 * The SHA-256s a run log records, of inputs as read and of outputs as written, on whichever thread
 * calls (a batch run calls them on its hashing threads, hash-pool.ts, so that the main thread only
 * schedules).
 */

/** Read in 4 MB chunks: with the stream's 64 KB default, a batch of small files spent more on reads than on hashing. */
const HASH_CHUNK = 4 << 20;

export async function sha256File(path: string): Promise<string> {
  // A small file in one read and hashed at once: no copy and no trip to another thread, which cost a
  // batch of small files more than the hashing (SHA-256 runs at over 1 GB/s with the CPU's SHA
  // instructions). A large one streamed, in bounded memory.
  const small = sha256IfSmall(path);
  if (small !== null) return small;
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path, { highWaterMark: HASH_CHUNK })
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

/** One buffer for every small file hashed: a fresh one per file faulted in page by page (2-3 us a page here). */
let hashBuffer: Buffer | null = null;

/** The SHA-256 of a file of up to HASH_CHUNK bytes, read into hashBuffer; null for a larger one. */
function sha256IfSmall(path: string): string | null {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > HASH_CHUNK) return null;
    hashBuffer ??= Buffer.allocUnsafe(HASH_CHUNK);
    let done = 0;
    while (done < size) {
      const n = readSync(fd, hashBuffer, done, size - done, done);
      if (n === 0) throw new Error(`${path}: shrank while it was hashed`);
      done += n;
    }
    return sha256Of([hashBuffer.subarray(0, size)]);
  } finally {
    closeSync(fd);
  }
}

/** SHA-256 (hex) of the chunks, hashed where they are (views of shared memory included). */
export function sha256Of(chunks: readonly Uint8Array[]): string {
  const h = createHash('sha256');
  for (const c of chunks) h.update(c);
  return h.digest('hex');
}

/**
 * Outputs larger than this are written on libuv's threads while this one hashes them: with --jobs 2
 * over 256^3 files the workers waited on 64 MB writes. Smaller ones are written with direct calls: a
 * trip to the thread pool costs more than writing them.
 */
const BACKGROUND_WRITE_BYTES = 4 << 20;

/**
 * Creates `path` (which must not exist; its folder is made), writes the chunks to it and returns their
 * SHA-256. On any failure the file is removed and the error thrown. The chunks must stay as they are
 * until it settles.
 */
export async function writeHashed(path: string, chunks: readonly Uint8Array[]): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'wx');
  let ok = false;
  try {
    const hash = await writeAndHash(fd, chunks);
    ok = true;
    return hash;
  } finally {
    closeSync(fd);
    if (!ok) rmSync(path, { force: true });
  }
}

async function writeAndHash(fd: number, chunks: readonly Uint8Array[]): Promise<string> {
  if (chunks.reduce((n, c) => n + c.byteLength, 0) <= BACKGROUND_WRITE_BYTES) {
    for (const c of chunks) {
      for (let done = 0; done < c.byteLength; ) done += writeSync(fd, c, done, c.byteLength - done);
    }
    return sha256Of(chunks);
  }
  const written = (async () => {
    for (const c of chunks) {
      for (let done = 0; done < c.byteLength; ) done += await writeOnPool(fd, c, done, c.byteLength - done);
    }
  })();
  try {
    return sha256Of(chunks);
  } finally {
    await written; // a failed write throws here
  }
}

function writeOnPool(fd: number, c: Uint8Array, at: number, length: number): Promise<number> {
  return new Promise((done, fail) => write(fd, c, at, length, null, (e, n) => (e ? fail(e) : done(n))));
}
