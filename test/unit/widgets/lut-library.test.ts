import { describe, expect, it } from 'vitest';
import { imageJLutBytes, lutFromControlPoints, serializeCustomLut } from '../../../app/lut/custom-lut.js';
import {
  baseName, deleteSavedLut, editablePoints, fileNameFor, importLutFile, loadSavedLuts, SAVED_LUTS_KEY, saveLut, tableToControlPoints, type KeyValueStore,
} from '../../../renderer/widgets/logic/lut-library.js';

function memoryStore(initial?: string): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>(initial === undefined ? [] : [[SAVED_LUTS_KEY, initial]]);
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}
const decode = (b: Uint8Array): string => new TextDecoder().decode(b);
const fire = { name: 'fire', points: [{ pos: 0, color: 0x000000 }, { pos: 0.5, color: 0xff0000 }, { pos: 1, color: 0xffff00 }] };

describe('saved custom LUTs', () => {
  it('saves a list of serialized LUTs under voxelscope.customLuts, replacing by name', () => {
    const store = memoryStore();
    saveLut(store, fire);
    saveLut(store, { name: 'blue', points: [{ pos: 0, color: 0 }, { pos: 1, color: 0xff }] });
    const list = saveLut(store, { ...fire, points: fire.points.slice(1) });
    expect(list.map((l) => l.name)).toEqual(['blue', 'fire']);
    const stored = JSON.parse(store.data.get(SAVED_LUTS_KEY)!) as string[];
    expect(stored).toHaveLength(2);
    expect(stored[1]).toBe(serializeCustomLut({ ...fire, points: fire.points.slice(1) }));
    expect(loadSavedLuts(store)[1].points).toHaveLength(2);
    expect(deleteSavedLut(store, 'blue').map((l) => l.name)).toEqual(['fire']);
  });

  it('skips broken entries and survives a broken list', () => {
    expect(loadSavedLuts(memoryStore(JSON.stringify(['nope', 42, serializeCustomLut(fire)])))).toEqual([fire]);
    expect(loadSavedLuts(memoryStore('{not json'))).toEqual([]);
    expect(loadSavedLuts(memoryStore('{"a":1}'))).toEqual([]);
    expect(loadSavedLuts(memoryStore())).toEqual([]);
  });
});

describe('tables to control points', () => {
  it('reproduces a smooth table with few points', () => {
    const table = lutFromControlPoints(fire.points);
    const points = tableToControlPoints(table);
    expect(points.length).toBeLessThanOrEqual(8);
    expect(lutFromControlPoints(points)).toEqual(table);
  });

  it('reproduces any table exactly, even noise', () => {
    let seed = 7;
    const table = new Uint8Array(768).map(() => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 255);
    const points = tableToControlPoints(table);
    expect(points.length).toBeLessThanOrEqual(256);
    expect(lutFromControlPoints(points)).toEqual(table);
  });

  it('refuses tables of the wrong size', () => {
    expect(() => tableToControlPoints(new Uint8Array(10))).toThrow(/768/);
  });
});

describe('importing LUT files', () => {
  it('reads our JSON format, by extension or by content', () => {
    const bytes = new TextEncoder().encode(serializeCustomLut(fire));
    expect(importLutFile('x/fire.json', bytes, decode)).toEqual(fire);
    expect(importLutFile('download', bytes, decode)).toEqual(fire);
  });

  it('reads a raw ImageJ .lut exactly, named after the file', () => {
    const table = lutFromControlPoints([{ pos: 0, color: 0x7b0000 }, { pos: 0.3, color: 0x00ff00 }, { pos: 1, color: 0x0000ff }]);
    const lut = importLutFile('C:\\luts\\Green Fire.lut', imageJLutBytes(table), decode);
    expect(lut.name).toBe('Green Fire');
    expect(lutFromControlPoints(lut.points)).toEqual(table);
  });

  it('gives a one-point LUT a second point so it can be edited', () => {
    expect(editablePoints([{ pos: 0.3, color: 5 }])).toEqual([{ pos: 0, color: 5 }, { pos: 1, color: 5 }]);
    const bytes = new TextEncoder().encode(serializeCustomLut({ name: '', points: [{ pos: 0.3, color: 5 }] }));
    expect(importLutFile('flat.json', bytes, decode)).toEqual({ name: 'flat', points: [{ pos: 0, color: 5 }, { pos: 1, color: 5 }] });
  });

  it('passes on what is wrong with a bad file', () => {
    expect(() => importLutFile('a.json', new TextEncoder().encode('{"format":"other"}'), decode)).toThrow(/custom LUT/);
    expect(() => importLutFile('a.lut', new Uint8Array(5), decode)).toThrow(/ImageJ LUT/);
  });
});

describe('file names', () => {
  it('strips folders and extensions, and makes download names safe', () => {
    expect(baseName('/a/b/c.d.lut')).toBe('c.d');
    expect(baseName('.lut')).toBe('Imported');
    expect(fileNameFor('a/b: "c"\u0007', 'json')).toBe('a_b_ _c_.json');
    expect(fileNameFor('  ', 'csv')).toBe('untitled.csv');
  });
});
