import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCodecs } from '../../../app/formats/codecs.js';
import { FormatError } from '../../../app/formats/errors.js';
import {
  decodePng, findSequence, sequenceFromNames, sequenceMembers, sequenceReader, withSequence,
} from '../../../app/formats/sequence/index.js';
import { MemorySourceSet } from '../../../app/formats/source.js';
import { REPO, FIXTURES } from '../paths.js';
import { fileSourceSet } from '../sources.js';
import { ctx, decodeVolume, sha256 } from '../envi/decode-volume.js';

interface Seq { name: string; members: string[]; dims: Record<string, number>; dtype: string; sha256: string; error?: string }
const DIR = join(FIXTURES, 'sequence');
const seqs = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Seq[];
const HAVE_TIFF = existsSync(join(REPO, 'app/formats/tiff/index.ts'));

describe('image sequences from fixtures', () => {
  for (const s of seqs.filter((x) => !x.error)) {
    const isTiff = s.members[0].endsWith('.tif');
    it.skipIf(isTiff && !HAVE_TIFF)(`${s.name}, opened from its last member`, async () => {
      const files = fileSourceSet(join(DIR, s.members[s.members.length - 1]));
      expect(await findSequence(files)).toEqual(s.members.length > 1 ? s.members : null);
      const { header, voxels } = await decodeVolume(sequenceReader, files);
      expect(header.layout.members).toEqual(s.members);
      expect(header.meta.dims).toEqual(s.dims);
      expect(header.meta.dtype).toBe(s.dtype);
      expect(sha256(voxels)).toBe(s.sha256);
    });
  }

  it('names the first member that does not match', async () => {
    const e = await sequenceReader.readHeader(fileSourceSet(join(DIR, 'mm_01.png')), ctx).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FormatError);
    expect((e as Error).message).toMatch(/^mm_03\.png: is 5 x 4 uint8 but mm_01\.png is 4 x 4 uint8/);
  });

  it('opens a folder through sequenceFromNames and withSequence', async () => {
    const names = sequenceFromNames(readdirSync(DIR).filter((n) => n.startsWith('rgb8_') || n.startsWith('pal_')));
    expect(names).toEqual(['rgb8_01.png', 'rgb8_02.png', 'rgb8_03.png']);
    const files = withSequence(fileSourceSet(join(DIR, names[0])), names.slice(0, 2));
    const h = await sequenceReader.readHeader(files, ctx);
    expect(h.meta.dims.z).toBe(2);
    expect(h.meta.channels.map((c) => c.name)).toEqual(['Red', 'Green', 'Blue']);
  });

  it('sniffs PNG only', () => {
    expect(sequenceReader.sniff(readFileSync(join(DIR, 'gray8_0001.png')), 'x')).toBe(true);
    expect(sequenceReader.sniff(new Uint8Array([0x49, 0x49, 42, 0]), 'a_001.tif')).toBe(false);
  });
});

describe('sequence naming rule', () => {
  const folder = ['t9.png', 't10.png', 't1.png', 'T2.png', 't3.PNG', '.t4.png', 'notes.txt', 'a_01.tif', 'a_02.tif', 'a_1.tiff', 'x.png'];
  it('matches prefix exactly and suffix ignoring case, numbers of any width, sorted by value', () => {
    expect(sequenceMembers('t10.png', folder)).toEqual(['t1.png', 't3.PNG', 't9.png', 't10.png']);
    expect(sequenceMembers('a_02.tif', folder)).toEqual(['a_01.tif', 'a_02.tif']);
    expect(sequenceMembers('x.png', folder)).toBeNull();
    expect(sequenceMembers('T2.png', folder)).toBeNull();
  });
  it('compares long numbers without overflow', () => {
    expect(sequenceMembers('s_100000000000000000001.png', ['s_99999999999999999999.png', 's_100000000000000000000.png']))
      .toEqual(['s_99999999999999999999.png', 's_100000000000000000000.png', 's_100000000000000000001.png']);
  });
  it('picks the largest numbered group of a folder, else every image in natural order', () => {
    expect(sequenceFromNames(folder)).toEqual(['t1.png', 't3.PNG', 't9.png', 't10.png']);
    expect(sequenceFromNames(['b.png', 'a10.tif', 'readme.md'])).toEqual(['a10.tif']);
    expect(sequenceFromNames(['b.png', 'a.tif', 'readme.md'])).toEqual(['a.tif', 'b.png']);
  });
});

describe('PNG decoder errors', () => {
  const png = readFileSync(join(DIR, 'gray8_0001.png'));
  const fails = async (bytes: Uint8Array, pattern: RegExp) => {
    const files = new MemorySourceSet('bad.png', new Map([['bad.png', bytes]]));
    const h = await sequenceReader.readHeader(files, ctx).catch((e: unknown) => e);
    if (h instanceof Error) {
      expect(h).toBeInstanceOf(FormatError);
      expect(h.message).toMatch(pattern);
      return;
    }
    const e = await decodeVolume(sequenceReader, files).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FormatError);
    expect((e as Error).message).toMatch(pattern);
  };
  it('truncated file', () => fails(png.subarray(0, png.length - 30), /bad\.png: PNG chunk IDAT runs past the end/));
  it('bad colour type', () => {
    const b = new Uint8Array(png); b[25] = 5;
    return fails(b, /colour type 5/);
  });
  it('huge declared size is refused before inflating', () => {
    const b = new Uint8Array(png); b[16] = 0x7f; // width ~ 2^30
    return fails(b, /declares .* pixels but the file .* cannot hold/);
  });
  it('not an image', () => fails(new TextEncoder().encode('hello, this is not a PNG at all........'), /neither a PNG nor a TIFF/));
  it('decodePng rejects a bad filter byte', () => {
    const h = 5, w = 2;
    // A valid IHDR and one IDAT whose first row has filter type 9.
    const raw = new Uint8Array(h * (1 + w));
    raw[0] = 9;
    return import('node:zlib').then(({ deflateSync }) => {
      const idat = deflateSync(raw);
      const chunk = (t: string, d: Uint8Array) => {
        const out = new Uint8Array(12 + d.length);
        new DataView(out.buffer).setUint32(0, d.length);
        out.set(new TextEncoder().encode(t), 4);
        out.set(d, 8);
        return out;
      };
      const ihdr = new Uint8Array(13);
      new DataView(ihdr.buffer).setUint32(0, w);
      new DataView(ihdr.buffer).setUint32(4, h);
      ihdr[8] = 8;
      const parts = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array())];
      const file = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let o = 0;
      for (const p of parts) { file.set(p, o); o += p.length; }
      expect(() => decodePng(file, defaultCodecs)).toThrow(/unknown filter type 9/);
    });
  });
});
