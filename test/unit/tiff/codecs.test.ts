import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../app/formats/errors.js';
import { nodeCodecs } from '../../../main/services/node-codecs.js';
import { FIXTURES } from '../paths.js';
import { decodeBytes, decodeFile, sha256, type Decoded } from './helpers.js';

/** Written by test/fixtures/tiff/make_codec_fixtures.py from libtiff's own decode of each file. */
interface Expect {
  expect: 'ok' | 'error';
  dims?: Record<string, number>; dtype?: string; format?: string; sha256?: string;
  spacing?: Record<string, number>; unit?: string; channelNames?: string[]; photometric?: string;
  reference?: string; maxAbsDiff?: number; maxDiffShare?: number;
  message?: string;
}

const DIR = join(FIXTURES, 'tiff');
const expected = JSON.parse(readFileSync(join(DIR, 'expected_codecs.json'), 'utf8')) as Record<string, Expect>;
const ok = Object.entries(expected).filter(([, e]) => e.expect === 'ok');

/** Largest difference and the share of samples that differ at all. */
function difference(a: Uint8Array, b: Uint8Array): { max: number; share: number } {
  let max = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (d) n++;
    if (d > max) max = d;
  }
  return { max, share: n / a.length };
}

function checkMeta(d: Decoded, e: Expect): void {
  expect(d.meta.dims).toEqual(e.dims);
  expect(d.meta.dtype).toBe(e.dtype);
  expect(d.meta.format).toBe(e.format);
  for (const k of ['x', 'y', 'z', 't'] as const) expect(d.meta.spacing[k]).toBe(e.spacing![k]);
  expect(d.meta.unit).toBe(e.unit);
  if (e.channelNames) expect(d.meta.channels.map((c) => c.name)).toEqual(e.channelNames);
  if (e.photometric) expect(String(d.meta.extra.photometric)).toContain(e.photometric);
  expect(d.meta.warnings).toEqual([]);
}

describe('JPEG, CCITT and zstd TIFFs against libtiff (made by make_codec_fixtures.py)', () => {
  for (const [name, e] of ok.filter(([, v]) => !v.reference)) {
    it(`${name} decodes to exactly libtiff's samples`, async () => {
      const d = await decodeFile(join(DIR, name));
      checkMeta(d, e);
      expect(sha256(d.voxels)).toBe(e.sha256);
    });
  }

  for (const [name, e] of ok.filter(([, v]) => v.reference)) {
    it(`${name} is within ${e.maxAbsDiff} of libtiff's decode (lossy JPEG, another IDCT)`, async () => {
      const d = await decodeFile(join(DIR, name));
      checkMeta(d, e);
      // The reference is libtiff's decode, stored losslessly: its checksum is the oracle's.
      const ref = await decodeFile(join(DIR, e.reference!));
      expect(sha256(ref.voxels)).toBe(e.sha256);
      const { max, share } = difference(d.voxels, ref.voxels);
      expect(max).toBeLessThanOrEqual(e.maxAbsDiff!);
      expect(share).toBeLessThanOrEqual(e.maxDiffShare!);
    });
  }

  it('the host codecs (Node zlib, no zstd of their own) fall back to the pure-JavaScript zstd', async () => {
    for (const name of ['zstd_pred2_uint16.tif', 'zstd_rgb_tiles.tif']) {
      const d = await decodeFile(join(DIR, name), nodeCodecs);
      expect(sha256(d.voxels)).toBe(expected[name].sha256);
    }
  });

  for (const [name, e] of Object.entries(expected).filter(([, v]) => v.expect === 'error')) {
    it(`${name} fails with one clear FormatError`, async () => {
      const err = await decodeFile(join(DIR, name)).then(() => null, (x: unknown) => x);
      expect(err).toBeInstanceOf(FormatError);
      expect((err as FormatError).file).toBe(name);
      expect((err as FormatError).problem).toContain(e.message);
    });
  }
});

describe('codec damage found anywhere in a strip', () => {
  /** The fixture with `count` bytes from `at` (relative to its first strip's start) replaced. */
  function damaged(name: string, at: (len: number) => number, fill: (i: number) => number, count: number): Uint8Array {
    const b = new Uint8Array(readFileSync(join(DIR, name)));
    const dv = new DataView(b.buffer);
    // Classic little-endian TIFF: find StripOffsets / TileOffsets (273 / 324) and the byte counts.
    const ifd = dv.getUint32(4, true);
    const entries = dv.getUint16(ifd, true);
    let off = -1;
    let len = -1;
    for (let i = 0; i < entries; i++) {
      const e = ifd + 2 + 12 * i;
      const tag = dv.getUint16(e, true);
      const type = dv.getUint16(e + 2, true);
      const n = dv.getUint32(e + 4, true);
      const first = (at2: number): number => (type === 3 ? dv.getUint16(at2, true) : dv.getUint32(at2, true));
      const valueAt = n * (type === 3 ? 2 : 4) <= 4 ? e + 8 : dv.getUint32(e + 8, true);
      if (tag === 273 || tag === 324) off = first(valueAt);
      if (tag === 279 || tag === 325) len = first(valueAt);
    }
    const start = off + at(len);
    for (let i = 0; i < count && start + i < off + len; i++) b[start + i] = fill(i);
    return b;
  }

  const seeded = (seed: number) => (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);

  for (const name of ['fax_g4_runs.tif', 'fax_g3_2d.tif', 'fax_g3_1d_runs.tif', 'fax_rle.tif', 'jpeg_ycbcr.tif', 'zstd_pred2_uint16.tif']) {
    it(`${name}: garbage or zeros in the middle of the first strip give a FormatError, not a hang`, async () => {
      for (const [label, fill] of [['garbage', seeded(7)], ['zeros', () => 0]] as const) {
        const bytes = damaged(name, (len) => Math.floor(len / 2), fill, 16);
        const err = await decodeBytes(name, bytes).then(() => null, (x: unknown) => x);
        // Lossy or not, a decoder may resynchronise on some damage; what it may not do is hang, crash
        // or throw anything but a FormatError naming the file.
        if (err !== null) {
          expect(err, label).toBeInstanceOf(FormatError);
          expect((err as FormatError).file).toBe(name);
        } else {
          expect(name, `${label} was accepted`).toMatch(/jpeg|zstd/);
        }
      }
    });
  }
});
