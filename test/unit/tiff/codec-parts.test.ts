import { describe, expect, it } from 'vitest';
import { decodeFax } from '../../../app/formats/ccitt/decode.js';
import { decodeJpeg } from '../../../app/formats/jpeg/decode.js';
import { decodeZstd, zstdContentSize } from '../../../app/formats/zstd.js';

/** A zstd frame holding one raw block of `payload`, with the given header byte and content-size field. */
function rawFrame(fhd: number, sizeField: number[], payload: Uint8Array, window = true): Uint8Array {
  const header = [0x28, 0xb5, 0x2f, 0xfd, fhd, ...(window ? [0x58] : []), ...sizeField];
  const block = [((payload.length << 3) | 1) & 0xff, (payload.length >> 5) & 0xff, (payload.length >> 13) & 0xff];
  return new Uint8Array([...header, ...block, ...payload]);
}

describe('zstd frame header and bounds', () => {
  const payload = new Uint8Array(300).map((_, i) => i * 7);

  it('reads every content-size field width, and none', () => {
    expect(zstdContentSize(rawFrame(0x00, [], payload))).toBeNull();
    expect(zstdContentSize(rawFrame(0x20, [44], payload, false))).toBe(44); // single segment, 1 byte
    expect(zstdContentSize(rawFrame(0x40, [44, 0], payload))).toBe(300); // 2 bytes: value + 256
    expect(zstdContentSize(rawFrame(0x80, [44, 1, 0, 0], payload))).toBe(300);
    expect(zstdContentSize(rawFrame(0xc0, [0, 0, 0, 0, 0, 1, 0, 0], payload))).toBe(2 ** 40);
  });

  it('decodes into the caller\'s bound and refuses more, before or while decoding', () => {
    expect([...decodeZstd(rawFrame(0x00, [], payload), 300)]).toEqual([...payload]);
    expect(() => decodeZstd(rawFrame(0x80, [44, 1, 0, 0], payload), 299)).toThrow('declares 300 bytes, more than the 299 expected');
    expect(() => decodeZstd(rawFrame(0x00, [], payload), 299)).toThrow('decodes to more than 299 bytes');
    expect(() => decodeZstd(new Uint8Array([1, 2, 3, 4, 5, 6]), 10)).toThrow('not a zstd frame');
    expect(() => decodeZstd(rawFrame(0x01, [7], payload), 300)).toThrow('dictionary');
  });
});

/** SOI, a frame header (precision, size, components with sampling), `scans` empty scans, EOI. */
function jpeg(sof: number, precision: number, w: number, h: number, scans = 1): Uint8Array {
  const frame = [0xff, sof, 0, 11, precision, h >> 8, h & 0xff, w >> 8, w & 0xff, 1, 1, 0x11, 0];
  const scan = [0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0, 0x55];
  return new Uint8Array([0xff, 0xd8, ...frame, ...Array.from({ length: scans }, () => scan).flat(), 0xff, 0xd9]);
}

describe('JPEG structure checks (before utif sees the stream)', () => {
  const want = { width: 8, minRows: 8, maxRows: 8, components: 1, ycbcr: false };
  it('refuses what the decoder cannot do, naming it', () => {
    expect(() => decodeJpeg(null, jpeg(0xc3, 8, 8, 8), want)).toThrow('lossless JPEG is not supported');
    expect(() => decodeJpeg(null, jpeg(0xc9, 8, 8, 8), want)).toThrow('arithmetic-coded JPEG is not supported');
    expect(() => decodeJpeg(null, jpeg(0xc0, 12, 8, 8), want)).toThrow('12-bit JPEG is not supported');
    expect(() => decodeJpeg(null, jpeg(0xc2, 8, 8, 8, 501), want)).toThrow('501 scans');
    expect(() => decodeJpeg(null, jpeg(0xc0, 8, 9, 8), want)).toThrow('JPEG frame is 9 x 8, expected 8 x 8');
    expect(() => decodeJpeg(new Uint8Array([0xff, 0xd8, 0xff]), jpeg(0xc0, 8, 8, 8), want)).toThrow('JPEGTables');
  });
});

describe('CCITT decoder', () => {
  // One 8-pixel row, T.6: horizontal mode (001), white 3 (1000), black 5 (0011) = 001 1000 0011 0...
  const row = new Uint8Array([0b00110000, 0b01100000]);
  it('decodes a hand-coded T.6 row and reverses FillOrder 2 on the coded bits', () => {
    expect([...decodeFax(row, { scheme: 't6', twoD: false, lsbFirst: false, width: 8, rows: 1 })]).toEqual([0b00011111]);
    const reversed = row.map((b) => parseInt(b.toString(2).padStart(8, '0').split('').reverse().join(''), 2));
    expect([...decodeFax(reversed, { scheme: 't6', twoD: false, lsbFirst: true, width: 8, rows: 1 })]).toEqual([0b00011111]);
  });
  it('says which row ran out of data', () => {
    expect(() => decodeFax(row, { scheme: 't6', twoD: false, lsbFirst: false, width: 8, rows: 3 })).toThrow(/^row 1: /);
  });
});
