import { describe, expect, it } from 'vitest';
import {
  imageJLutBytes, lutFromControlPoints, parseCustomLut, parseImageJLut, serializeCustomLut, type CustomLut,
} from '../../../app/lut/custom-lut.js';

const rgbAt = (table: Uint8Array, i: number): number[] => Array.from(table.subarray(3 * i, 3 * i + 3));

describe('lutFromControlPoints', () => {
  it('interpolates linearly in RGB between sorted points', () => {
    const t = lutFromControlPoints([{ pos: 1, color: 0xffffff }, { pos: 0, color: 0x000000 }]);
    expect(t.length).toBe(768);
    for (let i = 0; i < 256; i++) expect(rgbAt(t, i)).toEqual([i, i, i]);
  });

  it('holds the end colours beyond the first and last point', () => {
    const t = lutFromControlPoints([{ pos: 0.5, color: 0xff0000 }, { pos: 0.75, color: 0x0000ff }]);
    expect(rgbAt(t, 0)).toEqual([255, 0, 0]);
    expect(rgbAt(t, 127)).toEqual([255, 0, 0]);
    expect(rgbAt(t, 200)).toEqual([0, 0, 255]);
    expect(rgbAt(t, 255)).toEqual([0, 0, 255]);
    // Halfway between 0.5 and 0.75 is t = 0.625, entry 159.375: between the two entries' colours.
    expect(rgbAt(t, 159)[0]).toBeGreaterThan(rgbAt(t, 160)[0]);
  });

  it('rounds each channel of the blend', () => {
    const t = lutFromControlPoints([{ pos: 0, color: 0x000000 }, { pos: 1, color: 0x0a0000 }]);
    // Entry i gets round(10 * i/255): 0.5 first reached at i = 12.75 -> entry 13.
    expect(t[3 * 12]).toBe(0);
    expect(t[3 * 13]).toBe(1);
    expect(t[3 * 255]).toBe(10);
  });

  it('makes a hard edge of two points at one position, the later colour from the edge on', () => {
    const edge = 128 / 255;
    const t = lutFromControlPoints([{ pos: 0, color: 0x00ff00 }, { pos: edge, color: 0x00ff00 }, { pos: edge, color: 0xff00ff }, { pos: 1, color: 0xff00ff }]);
    expect(rgbAt(t, 127)).toEqual([0, 255, 0]);
    expect(rgbAt(t, 128)).toEqual([255, 0, 255]);
  });

  it('paints one point as a flat colour', () => {
    const t = lutFromControlPoints([{ pos: 0.3, color: 0x123456 }]);
    for (let i = 0; i < 256; i++) expect(rgbAt(t, i)).toEqual([0x12, 0x34, 0x56]);
  });

  it('refuses no points, positions outside 0..1 and colours that are not 0xRRGGBB', () => {
    expect(() => lutFromControlPoints([])).toThrow(/at least one/);
    expect(() => lutFromControlPoints([{ pos: 1.5, color: 0 }])).toThrow(/point 0: position 1.5/);
    expect(() => lutFromControlPoints([{ pos: 0, color: 0 }, { pos: NaN, color: 0 }])).toThrow(/point 1/);
    expect(() => lutFromControlPoints([{ pos: 0, color: 0x1000000 }])).toThrow(/colour/);
    expect(() => lutFromControlPoints([{ pos: 0, color: 1.5 }])).toThrow(/colour/);
  });
});

describe('custom LUT files', () => {
  const lut: CustomLut = { name: 'sunset', points: [{ pos: 0, color: 0x000000 }, { pos: 0.4, color: 0xff8000 }, { pos: 1, color: 0xffffff }] };

  it('round-trips through JSON with a format tag, a version and #rrggbb colours', () => {
    const text = serializeCustomLut(lut);
    const doc = JSON.parse(text) as { format: string; version: number; points: { color: string }[] };
    expect(doc.format).toBe('voxelscope-lut');
    expect(doc.version).toBe(1);
    expect(doc.points[1].color).toBe('#ff8000');
    expect(parseCustomLut(text)).toEqual(lut);
  });

  it('accepts integer colours written by hand', () => {
    const text = JSON.stringify({ format: 'voxelscope-lut', version: 1, name: 'x', points: [{ pos: 0, color: 255 }] });
    expect(parseCustomLut(text).points[0].color).toBe(255);
  });

  it('names what is wrong', () => {
    const base = { format: 'voxelscope-lut', version: 1, name: 'x', points: [{ pos: 0, color: '#000000' }] };
    const bad = (patch: object): string => JSON.stringify({ ...base, ...patch });
    expect(() => parseCustomLut('{oops')).toThrow(/custom LUT: not valid JSON/);
    expect(() => parseCustomLut('[1,2]')).toThrow(/expected a JSON object/);
    expect(() => parseCustomLut(bad({ format: 'other' }))).toThrow(/"format" must be "voxelscope-lut"/);
    expect(() => parseCustomLut(bad({ version: 2 }))).toThrow(/version 2 is newer/);
    expect(() => parseCustomLut(bad({ points: [] }))).toThrow(/at least one control point/);
    expect(() => parseCustomLut(bad({ points: [{ pos: 0, color: '#000000' }, { pos: 2, color: '#000000' }] }))).toThrow(/points\[1\]\.pos: must be between 0 and 1/);
    expect(() => parseCustomLut(bad({ points: [{ pos: 0, color: 'red' }] }))).toThrow(/points\[0\]\.color/);
    expect(() => parseCustomLut(bad({ name: 3 }))).toThrow(/"name" must be a string/);
  });
});

describe('ImageJ .lut files', () => {
  // A table whose three planes differ, so a swapped or misaligned plane shows.
  const table = new Uint8Array(768).map((_, j) => (j % 3 === 0 ? j / 3 : j % 3 === 1 ? 255 - (j - 1) / 3 : ((j - 2) / 3 * 7) & 255));

  it('writes planar r[256], g[256], b[256] and reads it back', () => {
    const bytes = imageJLutBytes(table);
    expect(bytes.length).toBe(768);
    expect(bytes[0]).toBe(0);
    expect(bytes[10]).toBe(10);
    expect(bytes[256 + 10]).toBe(245);
    expect(bytes[512 + 10]).toBe(70);
    expect(parseImageJLut(bytes)).toEqual(table);
  });

  it('reads NIH Image LUTs with their ICOL header, stretching fewer colours as ImageJ does', () => {
    const full = new Uint8Array(32 + 768);
    full.set([0x49, 0x43, 0x4f, 0x4c, 0, 1, 1, 0]); // 'ICOL', version 1, 256 colours
    full.set(imageJLutBytes(table), 32);
    expect(parseImageJLut(full)).toEqual(table);

    // Two colours, black and white: ImageJ's interpolate() gives entry i = trunc(255 * i/128) below 128.
    const two = new Uint8Array(32 + 6 + 800);
    two.set([0x49, 0x43, 0x4f, 0x4c, 0, 1, 0, 2]);
    two.set([0, 255, 0, 255, 0, 255], 32);
    const t = parseImageJLut(two);
    expect(rgbAt(t, 0)).toEqual([0, 0, 0]);
    expect(rgbAt(t, 1)).toEqual([1, 1, 1]); // 255/128 = 1.99 -> 1
    expect(rgbAt(t, 64)).toEqual([127, 127, 127]);
    expect(rgbAt(t, 127)).toEqual([253, 253, 253]);
    expect(rgbAt(t, 128)).toEqual([255, 255, 255]);
    expect(rgbAt(t, 255)).toEqual([255, 255, 255]);
  });

  it('refuses NIH Image LUTs with impossible headers', () => {
    const bad = new Uint8Array(900);
    bad.set([0x49, 0x43, 0x4f, 0x4c, 0, 1, 0x01, 0x01]); // 257 colours
    expect(() => parseImageJLut(bad)).toThrow(/257 colours/);
  });

  it('reads text LUTs of 3 columns, or 4 with an index, with or without a header row', () => {
    const rows3 = Array.from({ length: 256 }, (_, i) => `${table[3 * i]} ${table[3 * i + 1]} ${table[3 * i + 2]}`);
    const enc = (lines: string[]): Uint8Array => new TextEncoder().encode(lines.join('\n') + '\n');
    expect(parseImageJLut(enc(rows3))).toEqual(table);
    const rows4 = rows3.map((r, i) => `${i}\t${r.replaceAll(' ', '\t')}`);
    expect(parseImageJLut(enc(['Index\tRed\tGreen\tBlue', ...rows4]))).toEqual(table);
    expect(parseImageJLut(enc(rows4.map((r) => r.replaceAll('\t', ','))))).toEqual(table);
  });

  it('says what is wrong with a text LUT', () => {
    const enc = (lines: string[]): Uint8Array => new TextEncoder().encode(lines.join('\n'));
    const rows = Array.from({ length: 256 }, (_, i) => `${i} ${i} ${i}`);
    expect(() => parseImageJLut(enc(rows.slice(0, 200)))).toThrow(/not an ImageJ LUT.*200 text rows/);
    expect(() => parseImageJLut(enc(rows.map((r, i) => (i === 9 ? '1 2 300' : r))))).toThrow(/line 10: 300 is outside 0\.\.255/);
    expect(() => parseImageJLut(enc(rows.map((r, i) => (i === 9 ? '1 x 3' : r))))).toThrow(/line 10: "x" is not a number/);
    expect(() => parseImageJLut(enc(rows.map((_, i) => `${i / 255} 0 0`)))).toThrow(/fractions in 0\.\.1/);
    expect(() => parseImageJLut(new Uint8Array(5))).toThrow(/not an ImageJ LUT: 5 bytes/);
  });
});
