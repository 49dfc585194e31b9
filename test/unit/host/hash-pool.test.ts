import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashPool, hashThreadsFor, inlineHasher, type Hasher } from '../../../main/services/hash-pool.js';
import { REPO } from '../paths.js';
import { tempDir } from './host-kit.js';

const sha = (...parts: Uint8Array[]): string => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest('hex');

let pool: HashPool;
let dir: string;
beforeAll(async () => {
  dir = tempDir('vs-hash-pool-');
  const outfile = join(dir, 'hash-worker.mjs');
  await build({ entryPoints: [join(REPO, 'main/services/hash-worker.ts')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'warning' });
  pool = new HashPool(pathToFileURL(outfile), 2);
});
afterAll(async () => {
  await pool?.destroy();
});

// The same answers whether a batch run hashes on its threads or inline (one item, --item-json).
describe.each([['the hashing threads', () => pool], ['this thread', () => inlineHasher]] as [string, () => Hasher][])('hashing on %s', (_where, hasher) => {
  it('hashes files small (one read) and large (streamed), as they are on disk', async () => {
    const small = join(dir, `small-${_where}.bin`);
    const large = join(dir, `large-${_where}.bin`);
    const a = Uint8Array.from({ length: 1000 }, (_, i) => i & 255);
    const b = new Uint8Array((9 << 20) + 7).map((_, i) => (i * 7) & 255);
    writeFileSync(small, a);
    writeFileSync(large, b);
    expect(await Promise.all([hasher().file(small), hasher().file(large)])).toEqual([sha(a), sha(b)]);
    await expect(hasher().file(join(dir, 'nothing-here'))).rejects.toMatchObject({ code: 'ENOENT', message: expect.stringContaining('nothing-here') });
  });

  it('writes a new file (its folder made) from shared and ordinary memory, and returns what it wrote\'s hash', async () => {
    const head = new Uint8Array([1, 2, 3]);
    const body = new Uint8Array(new SharedArrayBuffer(6 << 20)).map((_, i) => (i * 31) & 255);
    const path = join(dir, `sub-${_where.length}/out.bin`);
    expect(await hasher().write(path, [head, body])).toBe(sha(head, body));
    expect(Buffer.compare(readFileSync(path), Buffer.concat([head, body]))).toBe(0);
    // Never over an existing file: the other's bytes stay.
    await expect(hasher().write(path, [new Uint8Array([9])])).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(path).length).toBe(body.length + 3);
  });

  it('leaves nothing behind when the file cannot be made', async () => {
    const blocked = join(dir, `blocked-${_where.length}`);
    writeFileSync(blocked, 'a file where a folder should be');
    await expect(hasher().write(join(blocked, 'x.bin'), [new Uint8Array(8)])).rejects.toThrow(/ENOTDIR|EEXIST/);
    expect(readFileSync(blocked, 'utf8')).toBe('a file where a folder should be');
  });
});

describe('the hashing threads', () => {
  it('spread many tasks over at most `size` threads and answer each with its own hash', async () => {
    const folder = join(dir, 'many');
    mkdirSync(folder);
    const bytes = Array.from({ length: 40 }, (_, k) => Uint8Array.from({ length: 5000 + k }, (_, i) => (i + k) & 255));
    const hashes = await Promise.all(bytes.map((b, k) => pool.write(join(folder, `f${k}`), [b])));
    expect(hashes).toEqual(bytes.map((b) => sha(b)));
    expect(await Promise.all(bytes.map((_, k) => pool.file(join(folder, `f${k}`))))).toEqual(hashes);
    expect(readdirSync(folder)).toHaveLength(40);
    expect((pool as unknown as { threads: unknown[] }).threads.length).toBeLessThanOrEqual(2);
  });

  it('fail what is still waiting when stopped, and start afresh when used again', async () => {
    const big = join(dir, 'big.bin');
    writeFileSync(big, new Uint8Array(64 << 20));
    const waiting = pool.file(big);
    await pool.destroy();
    await expect(waiting).rejects.toThrow(/stopped/);
    const again = join(dir, 'again.bin');
    expect(await pool.write(again, [new Uint8Array([5])])).toBe(sha(new Uint8Array([5])));
    expect(existsSync(again)).toBe(true);
  });

  it('one thread per three filter workers, at least one', () => {
    expect([1, 2, 3, 4, 8].map(hashThreadsFor)).toEqual([1, 1, 1, 2, 3]);
  });
});
