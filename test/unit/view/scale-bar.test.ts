import { describe, expect, it } from 'vitest';
import { hasPhysicalUnit, lengthText, niceLengthBelow, scaleBar } from '../../../app/view/scale-bar.js';

describe('scale bar', () => {
  it('takes the largest 1, 2 or 5 times a power of ten that fits', () => {
    expect(niceLengthBelow(1)).toBe(1);
    expect(niceLengthBelow(1.99)).toBe(1);
    expect(niceLengthBelow(2)).toBe(2);
    expect(niceLengthBelow(4.99)).toBe(2);
    expect(niceLengthBelow(7)).toBe(5);
    expect(niceLengthBelow(1000)).toBe(1000); // log10(1000) is 2.9999999999999996
    expect(niceLengthBelow(999.9)).toBe(500);
    expect(niceLengthBelow(0.003)).toBeCloseTo(0.002, 15);
    expect(niceLengthBelow(0.001)).toBeCloseTo(0.001, 15);
    expect(niceLengthBelow(0)).toBeNaN();
    expect(niceLengthBelow(Infinity)).toBeNaN();
  });

  it('is at most a fifth of the view and at least 8% of it, in screen pixels', () => {
    for (const pxPerUnit of [0.013, 0.5, 1, 3.7, 10, 123.4, 9999]) {
      for (const width of [200, 517, 1200]) {
        const b = scaleBar(pxPerUnit, width, 'µm')!;
        expect(b.px).toBeCloseTo(b.length * pxPerUnit, 9);
        expect(b.px).toBeLessThanOrEqual(width / 5 + 1e-9);
        expect(b.px).toBeGreaterThanOrEqual(width / 5 / 2.5 - 1e-9);
      }
    }
    // 2 px per µm in a 600 px view: at most 60 µm, so 50 µm = 100 px.
    expect(scaleBar(2, 600, 'um')).toEqual({ length: 50, px: 100, text: '50 µm' });
    expect(scaleBar(0, 600, 'um')).toBeNull();
    expect(scaleBar(2, 0, 'um')).toBeNull();
  });

  it("labels in the file's unit, moved to a better prefix", () => {
    expect(lengthText(50, 'micron')).toBe('50 µm');
    expect(lengthText(2000, 'um')).toBe('2 mm');
    expect(lengthText(0.5, 'mm')).toBe('500 µm');
    expect(lengthText(20, 'mm')).toBe('20 mm');
    expect(lengthText(5, 'cm')).toBe('50 mm');
    expect(lengthText(0.02, 'µm')).toBe('20 nm');
    expect(lengthText(5000, 'm')).toBe('5 km');
    expect(lengthText(0.2, 'inch')).toBe('0.2 inch');
    expect(lengthText(10, '')).toBe('10');
    expect(lengthText(10, 'pixel')).toBe('10');
  });

  it('is on by default for physical units only', () => {
    for (const u of ['mm', 'µm', 'micron', 'nm', 'inch']) expect(hasPhysicalUnit(u), u).toBe(true);
    for (const u of ['', 'pixel', 'px', ' ']) expect(hasPhysicalUnit(u), u).toBe(false);
  });
});
