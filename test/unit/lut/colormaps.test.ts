import { describe, expect, it } from 'vitest';
import { getColormap, invertTable, listColormaps, lutFromImageJ, solidColorTable } from '../../../app/lut/colormaps.js';

const rgbAt = (t: Uint8Array, i: number): number[] => Array.from(t.subarray(3 * i, 3 * i + 3));

const MATPLOTLIB = {
  perceptual: ['viridis', 'plasma', 'inferno', 'magma', 'cividis'],
  sequential: ['Greys', 'Purples', 'Blues', 'Greens', 'Oranges', 'Reds', 'YlOrBr', 'YlOrRd', 'OrRd', 'PuRd', 'RdPu', 'BuPu', 'GnBu', 'PuBu',
    'YlGnBu', 'PuBuGn', 'BuGn', 'YlGn', 'hot', 'afmhot', 'bone', 'copper', 'pink', 'gist_heat', 'turbo'],
  diverging: ['PiYG', 'PRGn', 'BrBG', 'PuOr', 'RdGy', 'RdBu', 'RdYlBu', 'RdYlGn', 'Spectral', 'coolwarm', 'bwr', 'seismic'],
  cyclic: ['twilight', 'twilight_shifted', 'hsv'],
  qualitative: ['tab10', 'tab20', 'Set1', 'Set2', 'Set3', 'Pastel1', 'Pastel2', 'Dark2', 'Paired', 'Accent'],
};

describe('the colormap list', () => {
  it('starts with gray, then every matplotlib family, then Fiji', () => {
    const list = listColormaps();
    expect(list[0].name).toBe('gray');
    expect(list[0].family).toBe('gray');
    const expected = ['gray', ...Object.values(MATPLOTLIB).flat()];
    expect(list.slice(0, expected.length).map((c) => c.name)).toEqual(expected);
    for (const [family, names] of Object.entries(MATPLOTLIB)) for (const n of names) expect(getColormap(n)!.family).toBe(family);
    expect(list.filter((c) => c.family === 'fiji').map((c) => c.name)).toContain('HiLo');
    expect(list.slice(expected.length).every((c) => c.family === 'fiji')).toBe(true);
  });

  it('holds 768-byte tables, gray being the identity ramp', () => {
    for (const cm of listColormaps()) expect(cm.table.length, cm.name).toBe(768);
    const gray = getColormap('gray')!.table;
    for (let i = 0; i < 256; i++) expect(rgbAt(gray, i)).toEqual([i, i, i]);
  });

  it("has matplotlib's end colours", () => {
    expect(rgbAt(getColormap('viridis')!.table, 0)).toEqual([68, 1, 84]);
    expect(rgbAt(getColormap('viridis')!.table, 255)).toEqual([253, 231, 36]);
    expect(rgbAt(getColormap('Greys')!.table, 0)).toEqual([255, 255, 255]);
    expect(rgbAt(getColormap('tab10')!.table, 0)).toEqual([31, 119, 180]);
  });
});

describe('getColormap', () => {
  it('ignores case, spaces and underscores, and knows Fiji names', () => {
    expect(getColormap('VIRIDIS')!.name).toBe('viridis');
    expect(getColormap('ylorrd')!.name).toBe('YlOrRd');
    expect(getColormap('twilight shifted')!.name).toBe('twilight_shifted');
    expect(getColormap('16_colors')!.name).toBe('16 colors');
    expect(getColormap(' hilo ')!.name).toBe('HiLo');
    expect(getColormap('red/green')!.name).toBe('Red/Green');
    expect(getColormap('3-3-2 rgb')!.name).toBe('3-3-2 RGB');
    expect(getColormap('mpl-inferno')!.name).toBe('inferno');
    expect(getColormap('no such map')).toBeUndefined();
    expect(getColormap('Green Fire Blue')).toBeUndefined(); // not shipped: see fiji-luts.ts
  });

  it('tells apart names that differ only by a letter', () => {
    expect(getColormap('Reds')!.family).toBe('sequential');
    expect(getColormap('Red')!.family).toBe('fiji');
    expect(getColormap('Spectral')!.family).toBe('diverging');
    expect(getColormap('Spectrum')!.family).toBe('fiji');
    expect(getColormap('Grays')!.family).toBe('fiji');
    expect(getColormap('Greys')!.family).toBe('sequential');
  });

  it("gives reversed tables for matplotlib's _r names", () => {
    const r = getColormap('magma_r')!;
    expect(r.name).toBe('magma_r');
    expect(r.table).toEqual(invertTable(getColormap('magma')!.table));
    expect(getColormap('Fire_r')!.family).toBe('fiji');
    expect(getColormap('Magma_R')).toBe(r);
    expect(getColormap('nothing_r')).toBeUndefined();
  });
});

describe('table helpers', () => {
  it('invertTable reverses the entries', () => {
    const t = getColormap('viridis')!.table;
    const r = invertTable(t);
    for (let i = 0; i < 256; i++) expect(rgbAt(r, i)).toEqual(rgbAt(t, 255 - i));
    expect(invertTable(r)).toEqual(t);
    expect(() => invertTable(new Uint8Array(3))).toThrow(/768/);
  });

  it("solidColorTable ramps from black like ImageJ's createLutFromColor (truncating)", () => {
    const t = solidColorTable(0xff8001);
    expect(rgbAt(t, 0)).toEqual([0, 0, 0]);
    expect(rgbAt(t, 1)).toEqual([1, 0, 0]); // 128/255 = 0.50 -> 0
    expect(rgbAt(t, 2)).toEqual([2, 1, 0]);
    expect(rgbAt(t, 128)).toEqual([128, 64, 0]); // 128*128/255 = 64.25
    expect(rgbAt(t, 255)).toEqual([255, 128, 1]);
    for (let c = 0; c < 256; c++) expect(solidColorTable(c)[765 + 2]).toBe(c); // every colour is reached exactly
  });

  it('lutFromImageJ takes ChannelInfo.lut triples as they are', () => {
    const lut = Array.from({ length: 768 }, (_, j) => (j * 7) % 256);
    expect(Array.from(lutFromImageJ(lut))).toEqual(lut);
    expect(() => lutFromImageJ([1, 2, 3])).toThrow(/768 values/);
  });
});
