import { describe, expect, it } from 'vitest';
import { fijiLuts, javaHsbToRgb } from '../../../app/lut/fiji-luts.js';
import { IMAGEJ_REFERENCE, JAVA_HSB_REFERENCE } from './imagej-reference.js';

const luts = new Map(fijiLuts().map((l) => [l.name, l.table]));
const rgbAt = (name: string, i: number): number[] => Array.from(luts.get(name)!.subarray(3 * i, 3 * i + 3));
const hex = (t: Uint8Array): string => Array.from(t, (b) => b.toString(16).padStart(2, '0')).join('');

describe("Fiji's LUTs", () => {
  it('has the menu entries, each a 768-byte table', () => {
    expect([...luts.keys()]).toEqual([
      'Fire', 'Grays', 'Ice', 'Spectrum', '3-3-2 RGB', 'Red', 'Green', 'Blue', 'Cyan', 'Magenta', 'Yellow', 'Red/Green', '16 colors', 'HiLo',
    ]);
    for (const t of luts.values()) expect(t.length).toBe(768);
  });

  it("equals the tables ImageJ's own code computes under a JVM", () => {
    for (const [name, ref] of Object.entries(IMAGEJ_REFERENCE)) expect(hex(luts.get(name)!), name).toBe(ref);
  });

  it('reproduces java.awt.Color.HSBtoRGB float maths off the Spectrum path too', () => {
    for (let i = 0; i < 1000; i++) {
      const f = Math.fround;
      const h = f(f(i * f(0.6180339)) % 1);
      const s = f(f(i % 7) / 6);
      const v = f(f(i % 11) / 10);
      const got = javaHsbToRgb(h, s, v).map((c) => c.toString(16).padStart(2, '0')).join('');
      expect(got, `i=${i}`).toBe(JAVA_HSB_REFERENCE.slice(6 * i, 6 * i + 6));
    }
  });

  it("follows LutLoader's algorithm at spot values", () => {
    // Fire: 32 colours stretched; entry 8 is colour 1 exactly, entry 4 halfway between colours 0 and 1, truncated.
    expect(rgbAt('Fire', 0)).toEqual([0, 0, 0]);
    expect(rgbAt('Fire', 4)).toEqual([0, 0, 30]); // 0.5 * 61 = 30.5 -> 30
    expect(rgbAt('Fire', 8)).toEqual([0, 0, 61]);
    expect(rgbAt('Fire', 255)).toEqual([255, 255, 255]); // (int)(255*32/256) = 31, the last colour
    expect(rgbAt('Ice', 0)).toEqual([0, 156, 140]);
    expect(rgbAt('Ice', 255)).toEqual([230, 0, 27]);
    expect(rgbAt('Spectrum', 0)).toEqual([255, 0, 0]);
    expect(rgbAt('Spectrum', 85)).toEqual([0, 255, 0]); // hue 1/3
    expect(rgbAt('Spectrum', 170)).toEqual([0, 0, 255]); // hue 2/3
    expect(rgbAt('Spectrum', 255)).toEqual([255, 0, 0]); // hue 1 wraps to 0
    expect(rgbAt('3-3-2 RGB', 0b10110110)).toEqual([0b10100000, 0b10100000, 0b10000000]);
    expect(rgbAt('Red', 200)).toEqual([200, 0, 0]);
    expect(rgbAt('Cyan', 200)).toEqual([0, 200, 200]);
    expect(rgbAt('Magenta', 200)).toEqual([200, 0, 200]);
    expect(rgbAt('Yellow', 200)).toEqual([200, 200, 0]);
    expect(rgbAt('Grays', 77)).toEqual([77, 77, 77]);
    expect(rgbAt('Red/Green', 127)).toEqual([254, 0, 0]);
    expect(rgbAt('Red/Green', 128)).toEqual([0, 0, 0]); // (byte)256
    expect(rgbAt('Red/Green', 255)).toEqual([0, 254, 0]); // (byte)510
  });

  it("has NIH Image's 16 colours in bands of sixteen, and HiLo's blue floor and red ceiling", () => {
    expect(rgbAt('16 colors', 0)).toEqual([0, 0, 0]);
    expect(rgbAt('16 colors', 16)).toEqual([1, 1, 171]);
    expect(rgbAt('16 colors', 63)).toEqual([0, 110, 255]);
    expect(rgbAt('16 colors', 100)).toEqual([1, 254, 1]);
    expect(rgbAt('16 colors', 192)).toEqual([245, 0, 0]);
    expect(rgbAt('16 colors', 208)).toEqual([245, 0, 135]);
    expect(rgbAt('16 colors', 212)).toEqual([245, 0, 160]);
    expect(rgbAt('16 colors', 223)).toEqual([245, 0, 228]);
    expect(rgbAt('16 colors', 224)).toEqual([222, 180, 222]);
    expect(rgbAt('16 colors', 255)).toEqual([255, 255, 255]);
    expect(rgbAt('HiLo', 0)).toEqual([0, 0, 255]);
    expect(rgbAt('HiLo', 1)).toEqual([1, 1, 1]);
    expect(rgbAt('HiLo', 254)).toEqual([254, 254, 254]);
    expect(rgbAt('HiLo', 255)).toEqual([255, 0, 0]);
  });
});
