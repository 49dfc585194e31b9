import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAllReaders } from '../../../app/formats/all-readers.js';
import { FileAccess } from '../../../main/services/file-access.js';
import { FileSourceSet } from '../../../main/services/file-source.js';
import { openHeader } from '../../../main/services/open-volume.js';
import { VolumeStore, type HostVolume } from '../../../main/services/volume-store.js';
import { identityPlan } from '../../../app/model/load-plan.js';
import { FIXTURES } from '../paths.js';
import { bundleDecodeWorker } from './decode-worker-bundle.js';

/** The session these tests open volumes for. */
const OWNER = 'test';

/**
 * The file-access policy and the files a volume holds open: how many descriptors a long sequence
 * takes, that each one is closed when the load is over, that a file reopened later must be the one
 * checked, and what the desktop app (no root) still opens.
 */
registerAllReaders();
const BUDGET = 1 << 30;
const LINUX = process.platform === 'linux';
const MEMBERS = 300;
let work = '';
let store: VolumeStore;

/** Descriptors of this process open on files under the test's folder (other test files share the process). */
function openHere(): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    const target = (() => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    })();
    if (target.startsWith(work)) n++;
  }
  return n;
}

async function drained(v: HostVolume): Promise<void> {
  await v.freed;
}

/** A folder of MEMBERS numbered PNGs cycling through three fixture images (member k is image k % 3). */
function longSequence(dir: string): void {
  mkdirSync(dir);
  const images = ['gray8_0001.png', 'gray8_0002.png', 'gray8_0003.png'].map((n) => join(FIXTURES, 'sequence', n));
  for (let k = 0; k < MEMBERS; k++) copyFileSync(images[k % 3], join(dir, `m_${String(k).padStart(4, '0')}.png`));
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'vs-access-'));
  store = new VolumeStore(await bundleDecodeWorker(work), 2);
  longSequence(join(work, 'long'));
  mkdirSync(join(work, 'short'));
  for (const n of ['gray8_0001.png', 'gray8_0002.png', 'gray8_0003.png']) copyFileSync(join(FIXTURES, 'sequence', n), join(work, 'short', n));
});
afterAll(async () => {
  await store?.destroy();
  rmSync(work, { recursive: true, force: true });
});

describe('a volume opens each file once, holds a bounded number, and closes them all', () => {
  it.skipIf(!LINUX)(`a sequence of ${MEMBERS} images decodes right with a bounded number of descriptors, all closed after`, async () => {
    const before = openHere();
    const short = store.load(await openHeader(join(work, 'short'), BUDGET), OWNER);
    await short.whenLoaded();
    const planeBytes = short.planeBytes;
    const images = [0, 1, 2].map((k) => short.bytes.slice(k * planeBytes, (k + 1) * planeBytes));
    store.close(short.id, OWNER);
    await drained(short);

    const opened = await openHeader(join(work, 'long'), BUDGET);
    let most = openHere();
    const v = store.load(opened, OWNER);
    const sampler = setInterval(() => (most = Math.max(most, openHere())), 1);
    try {
      await v.whenLoaded();
    } finally {
      clearInterval(sampler);
    }
    for (let k = 0; k < MEMBERS; k++) expect(v.bytes.subarray(k * planeBytes, (k + 1) * planeBytes), `plane ${k}`).toEqual(images[k % 3]);
    // 64 held for the load, 8 kept open in passing, one more per worker while it decodes a member.
    expect(most - before).toBeLessThanOrEqual(64 + 8 + 2);
    expect(most - before).toBeGreaterThanOrEqual(64);
    store.close(v.id, OWNER);
    await drained(v);
    await new Promise((r) => setTimeout(r, 20)); // a moment for the store to close the files once the volume has drained
    expect(openHere()).toBe(before);
  });

  it.skipIf(!LINUX)('a refused or failed open leaves no descriptor behind', async () => {
    const before = openHere();
    writeFileSync(join(work, 'bad.hdr'), 'ENVI\nsamples = 4\nlines = 4\nbands = 1\ndata type = 1\ninterleave = bsq\n');
    writeFileSync(join(work, 'bad'), new Uint8Array(3)); // too short for 4x4
    await expect(openHeader(join(work, 'bad.hdr'), BUDGET)).rejects.toThrow(/bad/);
    await expect(openHeader(join(work, 'short'), 10)).rejects.toThrow(/memory budget/);
    await new Promise((r) => setTimeout(r, 20));
    expect(openHere()).toBe(before);
  });

  it('lends the workers only files checked while the header was read', async () => {
    const files = await FileSourceSet.open(join(work, 'short', 'gray8_0001.png'));
    try {
      await expect(files.lend('gray8_0002.png')).rejects.toThrow(/not among the files checked/);
      expect(await files.sibling('gray8_0002.png')).not.toBeNull();
      expect((await files.lend('gray8_0002.png')).size).toBeGreaterThan(0);
      files.giveBack('gray8_0002.png');
      expect(await files.sibling('../short/gray8_0002.png')).toBeNull();
    } finally {
      await files.close();
    }
  });
});

describe('a member reopened during the decode must be the file checked', () => {
  const root = (): string => join(work, 'swaps');
  beforeAll(() => {
    mkdirSync(root());
    mkdirSync(join(work, 'away'));
  });

  /** Opens a long sequence under the root, then replaces a member that is not held for the load. */
  async function loadAfterSwap(name: string, swap: (path: string) => void): Promise<HostVolume> {
    const dir = join(root(), name);
    longSequence(dir);
    const opened = await openHeader(dir, BUDGET, identityPlan, FileAccess.under(root()));
    swap(join(dir, 'm_0250.png'));
    const v = store.load(opened, OWNER);
    await v.whenLoaded().catch(() => undefined);
    return v;
  }

  it('a member swapped for a link out of the root fails the load cleanly', async () => {
    const v = await loadAfterSwap('out', (path) => {
      copyFileSync(path, join(work, 'away', 'm_0250.png'));
      symlinkSync(join(work, 'away', 'm_0250.png'), path + '.swap');
      renameSync(path + '.swap', path);
    });
    expect(v.status).toBe('error');
    expect(v.message).toMatch(/m_0250\.png: outside the served root/);
  });

  it('a member replaced by another file (same bytes, new inode) fails the load cleanly', async () => {
    const v = await loadAfterSwap('replaced', (path) => {
      copyFileSync(path, path + '.new');
      renameSync(path + '.new', path);
    });
    expect(v.status).toBe('error');
    expect(v.message).toMatch(/m_0250\.png: the file changed while it was being opened/);
  });
});

describe('without a root (the desktop app, the command line)', () => {
  it('opens a data file linked anywhere, as the user chose the header', async () => {
    mkdirSync(join(work, 'elsewhere'));
    writeFileSync(join(work, 'elsewhere', 'data'), new Uint8Array(16).fill(7));
    writeFileSync(join(work, 'linked.hdr'), 'ENVI\nsamples = 4\nlines = 4\nbands = 1\ndata type = 1\ninterleave = bsq\n');
    symlinkSync(join(work, 'elsewhere', 'data'), join(work, 'linked'));
    const v = store.load(await openHeader(join(work, 'linked.hdr'), BUDGET), OWNER);
    await v.whenLoaded();
    expect([...new Set(v.bytes)]).toEqual([7]);
    store.close(v.id, OWNER);
  });

  it.skipIf(!LINUX)('reads no device or FIFO as a sibling (refused as missing, without blocking)', async () => {
    writeFileSync(join(work, 'dev.hdr'), 'ENVI\nsamples = 4\nlines = 4\nbands = 1\ndata type = 1\ninterleave = bsq\n');
    symlinkSync('/dev/zero', join(work, 'dev'));
    await expect(openHeader(join(work, 'dev.hdr'), BUDGET)).rejects.toThrow(/dev\.hdr/);
    writeFileSync(join(work, 'fifo.hdr'), 'ENVI\nsamples = 4\nlines = 4\nbands = 1\ndata type = 1\ninterleave = bsq\n');
    execFileSync('mkfifo', [join(work, 'fifo')]);
    await expect(openHeader(join(work, 'fifo.hdr'), BUDGET)).rejects.toThrow(/fifo\.hdr/);
  });

  it('refuses a reopen that lands on another file than the one checked', async () => {
    const access = FileAccess.anywhere();
    const a = await access.open(join(work, 'short', 'gray8_0001.png'));
    await a.handle.close();
    await expect(access.open(join(work, 'short', 'gray8_0002.png'), a.identity)).rejects.toThrow(/changed while it was being opened/);
  });
});
