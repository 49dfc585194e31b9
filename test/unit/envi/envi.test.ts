import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enviReader, findEnviHeader } from '../../../app/formats/envi/index.js';
import { FormatError } from '../../../app/formats/errors.js';
import { MemorySourceSet } from '../../../app/formats/source.js';
import { typedView } from '../../../app/model/dtype.js';
import { FIXTURES, HAVE_SHARED, SHARED } from '../paths.js';
import { fileSourceSet } from '../sources.js';
import { ctx, decodeVolume, sha256 } from './decode-volume.js';

interface FixtureCase {
  header: string; data: string; dims: Record<string, number>; dtype: string; sha256: string;
  probe: { x: number; y: number; c: number; value: string };
}
const DIR = join(FIXTURES, 'envi');
const cases = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as FixtureCase[];

describe('ENVI fixtures', () => {
  for (const c of cases) {
    for (const open of [c.header, c.data]) {
      it(`${c.header} opened as ${open}`, async () => {
        const { header, voxels } = await decodeVolume(enviReader, fileSourceSet(join(DIR, open)));
        expect(header.meta.dims).toEqual(c.dims);
        expect(header.meta.dtype).toBe(c.dtype);
        expect(sha256(voxels)).toBe(c.sha256);
        if (!c.dtype.startsWith('complex')) {
          const v = typedView(header.meta.dtype, voxels.buffer);
          const { x, y, c: ch } = c.probe;
          expect(Number(v[x + c.dims.x * (y + c.dims.y * ch)])).toBe(Number(c.probe.value));
        }
        expect(header.meta.channels.map((ch) => ch.wavelength)).toEqual(
          Array.from({ length: c.dims.c }, (_, i) => 400 + 10 * i));
      });
    }
  }

  it('reads band names over several lines with CRLF', async () => {
    const { header } = await decodeVolume(enviReader, fileSourceSet(join(DIR, 'bsq_u1_crlf.hdr')));
    expect(header.meta.channels.map((c) => c.name)).toEqual(['red', 'green', 'blue']);
    expect(header.meta.extra.description).toBe('fixture bsq_u1_crlf');
  });

  it('maps ignore value, wavelength units, byte order and map info', async () => {
    const a = (await enviReader.readHeader(fileSourceSet(join(DIR, 'bip_f4_be_off.hdr')), ctx)).meta;
    expect(a.ignoreValue).toBe(-9999);
    expect(a.wavelengthUnit).toBe('um');
    expect(a.bigEndian).toBe(true);
    const b = (await enviReader.readHeader(fileSourceSet(join(DIR, 'bil_u2_map.img')), ctx)).meta;
    expect(b.spacing).toEqual({ x: 2.5, y: 3.5, z: 1, t: 1 });
    expect(b.unit).toBe('m');
    expect(b.extra['map projection']).toBe('UTM');
    expect(b.extra['map zone']).toBe('33 North');
    expect(b.extra['map datum']).toBe('WGS-84');
  });

  it('sniffs headers by magic and data by interleave extension', () => {
    const enc = new TextEncoder();
    expect(enviReader.sniff(enc.encode('ENVI\nsamples = 1'), 'x.hdr')).toBe(true);
    expect(enviReader.sniff(new Uint8Array([0x5c, 1, 0, 0]), 'x.hdr')).toBe(false);
    expect(enviReader.sniff(new Uint8Array(8), 'cube.bil')).toBe(true);
    expect(enviReader.sniff(new Uint8Array(8), 'cube.img')).toBe(false);
  });

  it('finds the header of a data file for the host', async () => {
    expect((await findEnviHeader(fileSourceSet(join(DIR, 'bip_f8'))))?.name).toBe('bip_f8.hdr');
    expect(await findEnviHeader(fileSourceSet(join(DIR, 'expected.json')))).toBeNull();
  });
});

describe('ENVI errors', () => {
  const enc = new TextEncoder();
  const set = (hdr: string, dataBytes: number, dataName = 'c.img') =>
    new MemorySourceSet('c.hdr', new Map([['c.hdr', enc.encode(hdr)], [dataName, new Uint8Array(dataBytes)]]));
  const base = 'ENVI\nsamples = 6\nlines = 5\nbands = 4\ndata type = 2\ninterleave = bsq\n';
  const fails = async (files: MemorySourceSet, pattern: RegExp) => {
    const e = await enviReader.readHeader(files, ctx).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(FormatError);
    expect((e as Error).message).toMatch(pattern);
  };
  it('rejects a header without the magic', () => fails(set('NOT ENVI\n' + base.slice(5), 240), /not an ENVI header/));
  it('rejects missing samples', () => fails(set(base.replace('samples = 6\n', ''), 240), /"samples"/));
  it('rejects truncated data', () => fails(set(base, 100), /c\.img: data file is truncated.*240 bytes/));
  it('rejects an offset that pushes data past the end', () => fails(set(base + 'header offset = 1\n', 240), /truncated/));
  it('rejects unknown data types', () => fails(set(base.replace('data type = 2', 'data type = 7'), 240), /unsupported data type 7/));
  it('rejects a brace that never closes', () => fails(set(base + 'wavelength = {1, 2,\n3', 240), /never closes/));
  it('rejects a missing data file', () => fails(set(base, 240, 'other.img'), /no data file/));
  it('rejects absurd sizes without allocating', () =>
    fails(set(base.replace('samples = 6', 'samples = 2000000000').replace('lines = 5', 'lines = 2000000000'), 240), /truncated/));
});

interface Oracle {
  id: string; files: string[]; expect: string; dtype?: string; shape_bands_lines_samples?: number[];
  wavelengths?: number[]; sha256_bsq?: string; probes?: { index: number[]; value: number }[];
}

describe.skipIf(!HAVE_SHARED)('ENVI oracles (shared)', () => {
  const index = HAVE_SHARED ? JSON.parse(readFileSync(join(SHARED, 'oracles/index.json'), 'utf8')) : { cases: [] };
  const list = (index.cases ?? index) as { format: string; json: string; files: string[]; expect: string; id: string }[];
  for (const entry of list.filter((c) => c.format === 'envi')) {
    it(entry.id, async () => {
      const o = JSON.parse(readFileSync(join(SHARED, 'oracles', entry.json), 'utf8')) as Oracle;
      for (const file of entry.files) {
        const files = fileSourceSet(join(SHARED, 'oracles', file));
        if (entry.expect === 'ok') {
          const { header, voxels } = await decodeVolume(enviReader, files);
          const [b, l, s] = o.shape_bands_lines_samples!;
          expect(header.meta.dims).toEqual({ x: s, y: l, z: 1, c: b, t: 1 });
          expect(header.meta.dtype).toBe(o.dtype);
          expect(sha256(voxels)).toBe(o.sha256_bsq);
          if (o.wavelengths) expect(header.meta.channels.map((c) => c.wavelength)).toEqual(o.wavelengths);
          const v = typedView(header.meta.dtype, voxels.buffer);
          for (const p of o.probes ?? []) {
            const [pb, pl, ps] = p.index;
            expect(Number(v[ps + s * (pl + l * pb)])).toBe(p.value);
          }
        } else {
          await expect(enviReader.readHeader(files, ctx)).rejects.toBeInstanceOf(FormatError);
        }
      }
    });
  }

  const expected = HAVE_SHARED ? JSON.parse(readFileSync(join(SHARED, 'data/expected.json'), 'utf8')) : {};
  for (const key of Object.keys(expected).filter((k) => k.startsWith('hyperspectral/'))) {
    it(key, async () => {
      const e = expected[key];
      const { header, voxels } = await decodeVolume(enviReader, fileSourceSet(join(SHARED, 'data', key)));
      expect(header.meta.dims).toEqual({ x: e.samples, y: e.lines, z: 1, c: e.bands, t: 1 });
      expect(sha256(voxels)).toBe(e.sha256_bsq);
      const ch = header.meta.channels;
      expect(ch.length).toBe(e.n_wavelengths);
      expect(ch[0].wavelength).toBe(e.wavelength_first);
      expect(ch[ch.length - 1].wavelength).toBe(e.wavelength_last);
      expect(ch.every((c) => c.fwhm !== null)).toBe(e.has_fwhm);
      const v = typedView(header.meta.dtype, voxels.buffer);
      const p = e.pixel_probe;
      expect(v[p.sample + e.samples * (p.line + e.lines * p.band)]).toBe(p.value);
    });
  }
});
