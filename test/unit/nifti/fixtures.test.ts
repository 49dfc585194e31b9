import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../app/formats/errors.js';
import { niftiReader } from '../../../app/formats/nifti/index.js';
import { FIXTURES } from '../paths.js';
import { fileSourceSet } from '../sources.js';
import { load, nodeCodecs, sha256, toDiskOrder } from './helpers.js';

/** Small files made by make_fixtures.py with nibabel; expected.json holds what nibabel reports. */
const DIR = join(FIXTURES, 'nifti');
interface Expected {
  note: string; error?: boolean; shape: number[]; datatype: number; sizeof_hdr: number; zooms: number[];
  xyzt_units: [string, string]; affine: number[][]; orientation: string;
  scaling: { slope: number; inter: number } | null; sha256: string;
}
const expected: Record<string, Expected> = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8'));
const DTYPE: Record<number, string> = { 2: 'uint8', 4: 'int16', 16: 'float32', 64: 'float64', 128: 'uint8' };
const UNIT: Record<string, string> = { mm: 'mm', micron: 'um', unknown: '', sec: 's', msec: 'ms' };

describe('NIfTI fixtures', () => {
  for (const [name, e] of Object.entries(expected)) {
    for (const [codecName, codecs] of [['fflate', undefined], ['node zlib', nodeCodecs]] as const) {
      it(`${name} (${codecName})`, async () => {
        const files = fileSourceSet(join(DIR, name));
        if (e.error) {
          const err = await load(files, codecs).then(() => null, (x: unknown) => x);
          expect(err).toBeInstanceOf(FormatError);
          expect(String(err)).toMatch(/truncated\.nii\.gz: gzip stream (is truncated|ends early)/);
          return;
        }
        const { header, voxels, planesReported } = await load(files, codecs);
        const { meta } = header;
        const [x, y, z = 1, t = 1, u = 1] = e.shape as number[];
        expect(meta.dims).toEqual({ x, y, z, t, c: u * (e.datatype === 128 ? 3 : 1) });
        expect(meta.dtype).toBe(DTYPE[e.datatype]);
        expect(meta.format).toBe(e.sizeof_hdr === 540 ? 'nifti2' : 'nifti1');
        const zooms = e.zooms;
        expect([meta.spacing.x, meta.spacing.y, meta.spacing.z]).toEqual(zooms.slice(0, 3).map((v) => Math.fround(v)));
        if (zooms.length > 3) expect(meta.spacing.t).toBe(zooms[3]);
        expect(meta.unit).toBe(UNIT[e.xyzt_units[0]]);
        expect(meta.timeUnit).toBe(UNIT[e.xyzt_units[1]]);
        meta.affine!.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(e.affine[i][j], 5)));
        expect(meta.extra.orientation).toBe(e.orientation);
        expect(meta.scaling).toEqual(e.scaling);
        expect(sha256(toDiskOrder(header, voxels))).toBe(e.sha256);
        expect([...planesReported].sort((a, b) => a - b)).toEqual([...Array(meta.dims.z * meta.dims.c * meta.dims.t).keys()]);
        if (e.datatype === 128) expect(meta.channels.map((c) => c.name)).toEqual(['R', 'G', 'B']);
      });
    }
  }

  it('plain gzip data reports planes in order as they complete', async () => {
    const { planesReported } = await load(fileSourceSet(join(DIR, 'float32_4d.nii.gz')), nodeCodecs);
    expect(planesReported).toEqual([...Array(12).keys()]);
  });
});

describe('NIfTI sniff', () => {
  const head = (name: string) => new Uint8Array(readFileSync(join(DIR, name))).subarray(0, 1024);
  it.each(['int16_scaled.nii', 'bigendian_int16.nii', 'nifti2_float64.nii', 'pair_uint8.hdr', 'float32_4d.nii.gz'])('claims %s', (name) => {
    expect(niftiReader.sniff(head(name), name)).toBe(true);
  });
  it('rejects other formats', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(niftiReader.sniff(enc('ENVI\ndescription = {x}\nsamples = 10\n'), 'cube.hdr')).toBe(false);
    expect(niftiReader.sniff(new Uint8Array([0x49, 0x49, 42, 0, 8, 0, 0, 0]), 'a.tif')).toBe(false);
    expect(niftiReader.sniff(head('float32_4d.nii.gz'), 'data.tar.gz')).toBe(false);
    expect(niftiReader.sniff(new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]), 'a.npy')).toBe(false);
  });
});
