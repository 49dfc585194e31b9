import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type Codecs, defaultCodecs } from '../../../app/formats/codecs.js';
import { FormatError } from '../../../app/formats/errors.js';
import { niftiReader } from '../../../app/formats/nifti/index.js';
import { type ByteSource, MemorySource, MemorySourceSet } from '../../../app/formats/source.js';
import { FIXTURES } from '../paths.js';
import { load, nodeCodecs } from './helpers.js';

const DIR = join(FIXTURES, 'nifti');
const fixture = (name: string) => new Uint8Array(readFileSync(join(DIR, name)));
const one = (name: string, bytes: Uint8Array) => new MemorySourceSet(name, new Map([[name, bytes]]));

function patched(name: string, edit: (dv: DataView, b: Uint8Array) => void): Uint8Array {
  const b = fixture(name).slice();
  edit(new DataView(b.buffer), b);
  return b;
}

async function failure(files: MemorySourceSet, codecs: Codecs = defaultCodecs): Promise<string> {
  const err = await load(files, codecs).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(FormatError);
  return (err as FormatError).message;
}

describe('NIfTI corrupt input', () => {
  it('bad sizeof_hdr', async () => {
    const b = patched('int16_scaled.nii', (dv) => dv.setInt32(0, 1234, true));
    expect(await failure(one('x.nii', b))).toMatch(/^x\.nii: not a NIfTI file: sizeof_hdr is 1234/);
  });

  it('bad magic', async () => {
    const b = patched('int16_scaled.nii', (_, b) => b.set([0x58, 0x58, 0x58], 344));
    expect(await failure(one('x.nii', b))).toMatch(/bad NIfTI-1 magic "XXX"/);
  });

  it.each([
    [0, 0, /dim\[0\] = 0/],
    [0, 9, /dim\[0\] = 9/],
    [1, 0, /dim\[1\] = 0 is not a positive size/],
    [2, -5, /dim\[2\] = -5/],
  ])('dim[%i] = %i', async (i, v, re) => {
    const b = patched('int16_scaled.nii', (dv) => dv.setInt16(40 + 2 * i, v, true));
    expect(await failure(one('x.nii', b))).toMatch(re);
  });

  it('absurd dims in a small .nii: data truncated, nothing allocated', async () => {
    const b = patched('int16_scaled.nii', (dv) => [1, 2, 3].forEach((i) => dv.setInt16(40 + 2 * i, 32767, true)));
    expect(await failure(one('x.nii', b))).toMatch(/data is truncated: the header declares 70362301923326 bytes at offset 352/);
    const huge = patched('int16_scaled.nii', (dv) => [0, 1, 2, 3, 4, 5].forEach((i) => dv.setInt16(40 + 2 * i, i ? 32767 : 5, true)));
    expect(await failure(one('x.nii', huge))).toMatch(/dims 32767x32767x32767x32767x32767 are absurdly large/);
  });

  it('absurd NIfTI-2 dims (int64) are rejected', async () => {
    const b = patched('nifti2_float64.nii', (dv) => dv.setBigInt64(16 + 8, 1n << 40n, true));
    expect(await failure(one('x.nii', b))).toMatch(/dim\[1\] = 1099511627776 is absurdly large/);
  });

  it('absurd dims in a .nii.gz: more than the gzip file can hold', async () => {
    const raw = new Uint8Array(gunzipSync(fixture('float32_4d.nii.gz')));
    const dv = new DataView(raw.buffer, raw.byteOffset);
    [1, 2, 3].forEach((i) => dv.setInt16(40 + 2 * i, 30000, true));
    expect(await failure(one('x.nii.gz', new Uint8Array(gzipSync(raw))))).toMatch(/more than a \d+-byte gzip file can hold/);
  });

  it('truncated .nii', async () => {
    const b = fixture('int16_scaled.nii');
    expect(await failure(one('x.nii', b.subarray(0, b.length - 10)))).toMatch(/data is truncated/);
    expect(await failure(one('x.nii', b.subarray(0, 200)))).toMatch(/file ends inside the NIfTI-1 header/);
  });

  it('gzip stream that ends inside the header', async () => {
    const gz = new Uint8Array(gzipSync(gunzipSync(fixture('float32_4d.nii.gz')).subarray(0, 100)));
    expect(await failure(one('x.nii.gz', gz))).toMatch(/file ends inside the NIfTI-1 header/);
  });

  it('gzip stream holding more than declared', async () => {
    const raw = gunzipSync(fixture('float32_4d.nii.gz'));
    const longer = new Uint8Array(gzipSync(Buffer.concat([raw, Buffer.alloc(1000, 7)])));
    for (const codecs of [defaultCodecs, nodeCodecs]) {
      expect(await failure(one('x.nii.gz', longer), codecs)).toMatch(/gzip data holds more than the 1440 bytes/);
    }
  });

  it('corrupt deflate data', async () => {
    const b = fixture('float32_4d.nii.gz').slice();
    for (let i = 200; i < 300; i++) b[i] ^= 0x5a;
    for (const codecs of [defaultCodecs, nodeCodecs]) {
      expect(await failure(one('x.nii.gz', b), codecs)).toMatch(/^x\.nii\.gz: gzip/);
    }
  });

  it('float128 and binary datatypes are named in the error', async () => {
    const f128 = patched('int16_scaled.nii', (dv) => { dv.setInt16(70, 1536, true); dv.setInt16(72, 128, true); });
    expect(await failure(one('x.nii', f128))).toMatch(/unsupported datatype FLOAT128/);
    const bin = patched('int16_scaled.nii', (dv) => dv.setInt16(70, 1, true));
    expect(await failure(one('x.nii', bin))).toMatch(/unsupported datatype BINARY/);
  });

  it('bitpix inconsistent with datatype: warning, datatype wins', async () => {
    const b = patched('int16_scaled.nii', (dv) => dv.setInt16(72, 8, true));
    const { header } = await load(one('x.nii', b));
    expect(header.meta.dtype).toBe('int16');
    expect(header.meta.warnings.join()).toMatch(/bitpix 8 does not match datatype INT16/);
  });

  it('vox_offset inside the header of a .nii: warning, 352 used', async () => {
    const b = patched('int16_scaled.nii', (dv) => dv.setFloat32(108, 0, true));
    const { header } = await load(one('x.nii', b));
    expect(header.layout.voxOffset).toBe(352);
    expect(header.meta.warnings.join()).toMatch(/vox_offset 0/);
  });

  it('missing .img of a pair', async () => {
    expect(await failure(one('pair_uint8.hdr', fixture('pair_uint8.hdr')))).toMatch(/pair_uint8\.hdr: image file pair_uint8\.img of the \.hdr\/\.img pair is missing/);
  });

  it('.hdr.gz/.img.gz pair', async () => {
    const files = new MemorySourceSet('p.hdr.gz', new Map([
      ['p.hdr.gz', new Uint8Array(gzipSync(fixture('pair_uint8.hdr')))],
      ['p.img.gz', new Uint8Array(gzipSync(fixture('pair_uint8.img')))],
    ]));
    const { voxels, header } = await load(files, nodeCodecs);
    expect(header.layout.dataFile).toBe('p.img.gz');
    expect(voxels).toEqual(fixture('pair_uint8.img'));
  });
});

describe('NIfTI bounded work', () => {
  /** A .nii.gz of ~8 MB of voxels that barely compress: readHeader must read and inflate only its start. */
  const gz = bigGz();
  function bigGz(): Uint8Array {
    const raw = Buffer.alloc(352 + 8 * 256 * 256 * 64);
    raw.set(gunzipSync(fixture('float32_4d.nii.gz')).subarray(0, 352));
    const dv = new DataView(raw.buffer, raw.byteOffset);
    [0, 1, 2, 3].forEach((i) => dv.setInt16(40 + 2 * i, [3, 256, 256, 128][i], true));
    dv.setInt16(70, 512, true);
    dv.setInt16(72, 16, true);
    let s = 1;
    for (let i = 352; i < raw.length; i += 4) raw.writeUInt32LE((s = (s * 1664525 + 1013904223) >>> 0), i);
    return new Uint8Array(gzipSync(raw, { level: 1 }));
  }

  it.each([['fflate', defaultCodecs], ['node zlib', nodeCodecs]] as const)('readHeader of a large .nii.gz reads and inflates only a little (%s)', async (_, base) => {
    let read = 0;
    let inflated = 0;
    const src: ByteSource = new MemorySource('big.nii.gz', gz);
    const counting: ByteSource = { name: src.name, size: src.size, read: (o, n) => ((read += n), src.read(o, n)) };
    const codecs: Codecs = { ...base, gunzipStream: (cb) => base.gunzipStream((c) => ((inflated += c.byteLength), cb(c))) };
    const files = { primary: counting, sibling: async () => null, listSiblings: async () => [] };
    const h = await niftiReader.readHeader(files, { codecs });
    expect(h.meta.dims).toEqual({ x: 256, y: 256, z: 128, c: 1, t: 1 });
    // fflate inflates synchronously (one 1 KB piece suffices); Node's zlib answers asynchronously,
    // so a few pieces may be in flight before the header arrives: still a tiny part of 8 MB.
    expect(read).toBeLessThan(base === defaultCodecs ? 8 * 1024 : 256 * 1024);
    expect(inflated).toBeLessThan(base === defaultCodecs ? 64 * 1024 : 2 * 1024 * 1024);
  });
});
