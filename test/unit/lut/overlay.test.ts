import { describe, expect, it } from 'vitest';
import { labelColor, overlayLabels, overlayMask } from '../../../app/lut/overlay.js';

describe('overlays', () => {
  it('a mask blends its colour where it is set, at its opacity', () => {
    const rgba = new Uint8Array([100, 100, 100, 255, 100, 100, 100, 255]);
    overlayMask(rgba, [0, 1], 2, [255, 0, 0], 0.5);
    expect([...rgba]).toEqual([100, 100, 100, 255, 178, 50, 50, 255]);
  });

  it('labels get distinct colours; background and NaN stay', () => {
    const colours = new Set(Array.from({ length: 50 }, (_, i) => labelColor(i + 1).join()));
    expect(colours.size).toBe(50);
    const rgba = new Uint8Array(12).fill(0);
    overlayLabels(rgba, [0, 7, NaN], 3, 1);
    expect([...rgba.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
    expect([...rgba.subarray(4, 7)]).toEqual(labelColor(7));
    expect([...rgba.subarray(8, 12)]).toEqual([0, 0, 0, 0]);
  });
});
