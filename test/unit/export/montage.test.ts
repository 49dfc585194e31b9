import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { montageIndex, montageLayout, renderMontage, tileLabel, type MontageSettings, type MontageVolume } from '../../../app/export/montage.js';
import { DEFAULT_MAPPING, valueToIndex } from '../../../app/lut/value-to-unit.js';
import { crc32, encodePng, readPngTexts } from '../../../app/export/png-encode.js';
import { textWidth, TEXT_HEIGHT } from '../../../app/export/bitmap-text.js';

const settings = (s: Partial<MontageSettings> = {}): MontageSettings => ({
  axis: 'z', start: 0, stop: 5, step: 1, cols: 3, cmap: 'gray', range: [0, 100], border: 0, label: 'none', scalebar: null, channel: 0, time: 0, ...s,
});
const volume = (value: (x: number, y: number, z: number) => number): MontageVolume => {
  const dims = { x: 40, y: 30, z: 5, c: 1, t: 1 };
  const data = new Float32Array(40 * 30 * 5);
  for (let z = 0; z < 5; z++) for (let y = 0; y < 30; y++) for (let x = 0; x < 40; x++) data[(z * 30 + y) * 40 + x] = value(x, y, z);
  return { data, dims, spacing: { x: 0.5, y: 0.5, z: 2, t: 1 }, unit: 'um' };
};
const px = (rgb: Uint8Array, width: number, x: number, y: number): number[] => [...rgb.subarray((y * width + x) * 3, (y * width + x) * 3 + 3)];

describe('montage layout and pixels', () => {
  it('tiles row by row from the top left; the border between and around them; unused tiles black', () => {
    const v = volume((_x, _y, z) => 20 * z + 10);
    const { image, layout } = renderMontage(v, settings({ border: 2 }));
    expect([image.width, image.height]).toEqual([3 * 40 + 4 * 2, 2 * 30 + 3 * 2]);
    expect(layout.tiles.map((t) => [t.slice, t.x, t.y])).toEqual([[0, 2, 2], [1, 44, 2], [2, 86, 2], [3, 2, 34], [4, 44, 34]]);
    expect(px(image.rgb, image.width, 0, 0)).toEqual([255, 255, 255]);
    expect(px(image.rgb, image.width, 44 + 5, 2 + 5)).toEqual([76, 76, 76]); // slice 1: 30 of 100 is entry 76.5, half to even: 76
    expect(px(image.rgb, image.width, 86 + 39 - 1, 34 + 10)).toEqual([0, 0, 0]); // the sixth cell has no slice
  });

  it('labels and the scale bar stay inside their tiles; the bar is its length in pixels', () => {
    const v = volume(() => 0);
    const s = settings({ label: 'position', scalebar: 5 });
    const { image, layout } = renderMontage(v, s);
    expect(tileLabel(v, s, 3)).toBe('z=6 µm');
    expect(tileLabel(v, { ...s, label: 'slice' }, 3)).toBe('z=3');
    // The bar: 5 um at 0.5 um a voxel is 10 white pixels on the first tile's bottom row band.
    const rowOf = (y: number): number[] => Array.from({ length: layout.tileWidth }, (_, x) => px(image.rgb, image.width, x, y)[0]);
    const barRows = Array.from({ length: 30 }, (_, y) => rowOf(y).filter((c) => c === 255).length).filter((n) => n === 10);
    expect(barRows.length).toBeGreaterThanOrEqual(2);
    // Text pixels of the label in the top left corner only, within its cell.
    let lit = 0;
    for (let y = 0; y < 30; y++) for (let x = 0; x < 40; x++) if (px(image.rgb, image.width, x, y)[0] === 255 && y < TEXT_HEIGHT + 1) lit++;
    expect(lit).toBeGreaterThan(10);
    expect(textWidth('z=6 µm')).toBe(6 * 7);
  });
});

describe('montage value mapping', () => {
  it("is the viewer's valueToIndex for lo < hi, on random values and exact halves; reversed for hi < lo", () => {
    let s = 3;
    const rnd = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (let i = 0; i < 20000; i++) {
      const lo = Math.round((rnd() - 0.5) * 2000);
      const hi = lo + 1 + Math.round(rnd() * 3000);
      const v = i % 2 ? Math.round(lo - 100 + rnd() * (hi - lo + 200)) : lo + (Math.round(rnd() * 255) + 0.5) * (hi - lo) / 255;
      expect(montageIndex(v, lo, hi)).toBe(valueToIndex(v, { ...DEFAULT_MAPPING, min: lo, max: hi }));
    }
    expect([montageIndex(0, 100, 0), montageIndex(100, 100, 0), montageIndex(50, 100, 0)]).toEqual([255, 0, 128]);
    expect(montageIndex(NaN, 0, 1)).toBeNaN();
  });
});

describe('PNG', () => {
  it('CRC-32 as zlib computes it', () => {
    const b = new TextEncoder().encode('IEND');
    expect(crc32(b)).toBe(0xae426082);
  });

  it('encodes RGB rows with filter 0 and reads its text chunks back', () => {
    const rgb = Uint8Array.from({ length: 2 * 3 * 3 }, (_, i) => i * 10);
    const png = encodePng({ width: 2, height: 3, rgb }, [{ keyword: 'voxelscope', text: '{"µ": 1}' }], (raw) => deflateSync(raw));
    expect(readPngTexts(png).get('voxelscope')).toBe('{"µ": 1}');
    const v = new DataView(png.buffer, png.byteOffset);
    let at = 8;
    let data: Uint8Array = new Uint8Array(0);
    while (at < png.length) {
      const n = v.getUint32(at);
      const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
      if (type === 'IDAT') data = png.subarray(at + 8, at + 8 + n);
      at += 12 + n;
    }
    const raw = inflateSync(data);
    expect([...raw]).toEqual([0, ...rgb.subarray(0, 6), 0, ...rgb.subarray(6, 12), 0, ...rgb.subarray(12, 18)]);
    expect(() => readPngTexts(new Uint8Array(10))).toThrow('not a PNG');
  });

  it('montageLayout fits fewer slices than columns in one row', () => {
    const l = montageLayout({ x: 4, y: 3, z: 2, c: 1, t: 1 }, settings({ stop: 2, cols: 5 }));
    expect([l.width, l.height]).toEqual([8, 3]);
  });
});
