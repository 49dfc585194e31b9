import { describe, expect, it } from 'vitest';
import { labelColor, overlayLabels, overlayMask } from '../../../app/lut/overlay.js';

describe('overlays', () => {
  it('a mask blends its colour where it is set, at its opacity', () => {
    const rgba = new Uint8Array([100, 100, 100, 255, 100, 100, 100, 255]);
    overlayMask(rgba, [0, 1], 2, [255, 0, 0], 0.5);
    expect([...rgba]).toEqual([100, 100, 100, 255, 178, 50, 50, 255]);
  });

  it('labels get distinct colours; background and NaN stay', () => {
    const colours = new Set(Array.from({ length: 255 }, (_, i) => labelColor(i + 1).join()));
    expect(colours.size).toBe(255);
    expect(labelColor(256)).toEqual(labelColor(1));
    const rgba = new Uint8Array(12).fill(0);
    overlayLabels(rgba, [0, 7, NaN], 3, 1);
    expect([...rgba.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
    expect([...rgba.subarray(4, 7)]).toEqual(labelColor(7));
    expect([...rgba.subarray(8, 12)]).toEqual([0, 0, 0, 0]);
  });

  it('glasbey-like: neighbouring labels look far apart, none is black, white or too dark', () => {
    const dist = (a: number[], b: number[]): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    for (let id = 1; id < 32; id++) {
      expect(dist(labelColor(id), labelColor(id + 1))).toBeGreaterThan(45);
      const c = labelColor(id);
      expect(Math.max(...c)).toBeGreaterThan(60);
      expect(c.join()).not.toBe('255,255,255');
    }
  });

  it('a highlighted label is drawn opaque, the others at half their opacity', () => {
    const rgba = new Uint8Array([0, 0, 0, 255, 0, 0, 0, 255]);
    overlayLabels(rgba, [3, 4], 2, 0.5, 4);
    expect([...rgba.subarray(4, 7)]).toEqual(labelColor(4));
    expect([...rgba.subarray(0, 3)]).toEqual(labelColor(3).map((v) => Math.round(v * 0.25)));
  });
});
