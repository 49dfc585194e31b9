import { describe, expect, it } from 'vitest';
import { insetRect, linearScale, plotScales, toPixel, toValue, valuePerPixel } from '../../../renderer/widgets/logic/scale.js';

describe('linear scales', () => {
  it('maps values to pixels and back', () => {
    const s = linearScale(400, 1000, 50, 650);
    expect(toPixel(s, 400)).toBe(50);
    expect(toPixel(s, 700)).toBe(350);
    expect(toValue(s, 650)).toBe(1000);
    expect(toValue(s, toPixel(s, 523.25))).toBeCloseTo(523.25, 9);
    expect(valuePerPixel(s)).toBe(1);
  });

  it('points a y axis up by swapping its pixel ends', () => {
    const { x, y } = plotScales(insetRect(200, 100, { left: 40, right: 10, top: 5, bottom: 20 }), [0, 1], [0, 10]);
    expect(toPixel(x, 0)).toBe(40);
    expect(toPixel(x, 1)).toBe(190);
    expect(toPixel(y, 0)).toBe(80);
    expect(toPixel(y, 10)).toBe(5);
    expect(valuePerPixel(y)).toBeLessThan(0);
  });

  it('survives empty domains and ranges', () => {
    expect(toPixel(linearScale(3, 3, 0, 100), 3)).toBe(50);
    expect(toValue(linearScale(0, 1, 10, 10), 10)).toBe(0);
    expect(insetRect(10, 10, { left: 40, right: 10, top: 5, bottom: 20 })).toEqual({ x: 40, y: 5, width: 0, height: 0 });
  });
});
