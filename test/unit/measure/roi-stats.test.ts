import { describe, expect, it } from 'vitest';
import { roiContains, roiMask, roiStats, type PlaneRoi } from '../../../app/measure/roi-stats.js';

const W = 5, H = 4;
const ramp = new Float32Array(W * H).map((_, i) => (i % W) + 10 * Math.floor(i / W)); // x + 10y

/** The mask as rows of '#' (inside) and '.' for readable expectations. */
function picture(roi: PlaneRoi, width = W, height = H): string[] {
  const m = roiMask({ width, height, roi });
  return Array.from({ length: height }, (_, j) => Array.from(m.subarray(j * width, (j + 1) * width), (v) => (v ? '#' : '.')).join(''));
}

describe('ROI masks: a pixel is inside when its centre is', () => {
  it('rectangles with integer corners take exactly the pixels they cover, corners in any order', () => {
    expect(picture({ kind: 'rect', x0: 3, y0: 3, x1: 1, y1: 1 })).toEqual(['.....', '.##..', '.##..', '.....']);
  });

  it('rectangles are half-open: neighbours sharing an edge share no pixel', () => {
    const a = roiMask({ width: W, height: H, roi: { kind: 'rect', x0: 0, y0: 0, x1: 2.5, y1: 4 } });
    const b = roiMask({ width: W, height: H, roi: { kind: 'rect', x0: 2.5, y0: 0, x1: 5, y1: 4 } });
    expect(a.every((v, i) => v + b[i] === 1)).toBe(true); // pixel 2's centre is on the shared edge: it goes to b
    expect(picture({ kind: 'rect', x0: 0.6, y0: 0.4, x1: 2.6, y1: 1.5 })).toEqual(['.##..', '.....', '.....', '.....']);
  });

  it('ellipses are inscribed in the box, outline included (ImageJ OvalRoi.getMask test)', () => {
    // Centre (2.5, 2), semi-axes 2.5 and 2.
    expect(picture({ kind: 'ellipse', x0: 0, y0: 0, x1: 5, y1: 4 })).toEqual(['.###.', '#####', '#####', '.###.']);
    // A circle of diameter 3 at (1, 0): corner centres are √2 < 1.5 from the centre, so the whole 3x3 box.
    expect(picture({ kind: 'ellipse', x0: 1, y0: 0, x1: 4, y1: 3 })).toEqual(['.###.', '.###.', '.###.', '.....']);
    // Diameter 2.8 at (1.1, 0.1): corner centres (√2 from the centre) are now outside radius 1.4.
    expect(picture({ kind: 'ellipse', x0: 1.1, y0: 0.1, x1: 3.9, y1: 2.9 })).toEqual(['..#..', '.###.', '..#..', '.....']);
    // Centre (1, 1), radius 1: pixel centres (0.5, 0.5) etc. are √0.5 away: all four inside.
    expect(picture({ kind: 'ellipse', x0: 0, y0: 0, x1: 2, y1: 2 })).toEqual(['##...', '##...', '.....', '.....']);
    expect(roiContains({ kind: 'ellipse', x0: 0, y0: 0, x1: 4, y1: 2 }, 4, 1)).toBe(true); // on the outline
    expect(picture({ kind: 'ellipse', x0: 1, y0: 1, x1: 1, y1: 3 }).join('')).not.toContain('#'); // degenerate
  });

  it('shapes past the plane edges are clipped', () => {
    expect(picture({ kind: 'rect', x0: -10, y0: 2, x1: 1, y1: 99 })).toEqual(['.....', '.....', '#....', '#....']);
  });
});

describe('roiStats (Fiji Measure)', () => {
  it('count, physical area, mean, sample std, min, max of a rectangle', () => {
    // Pixels x 1..2, y 1..2: 11, 12, 21, 22. Deviations ±5.5, ±4.5 → Σ² = 101, std = √(101/3).
    const s = roiStats({ plane: ramp, width: W, height: H, roi: { kind: 'rect', x0: 1, y0: 1, x1: 3, y1: 3 }, pixel: { x: 2, y: 3 } });
    expect(s.count).toBe(4);
    expect(s.area).toBe(24);
    expect(s.mean).toBe(16.5);
    expect(s.std).toBeCloseTo(Math.sqrt(101 / 3), 12);
    expect([s.min, s.max]).toEqual([11, 22]);
  });

  it('ellipse over the whole plane', () => {
    const s = roiStats({ plane: ramp, width: W, height: H, roi: { kind: 'ellipse', x0: 0, y0: 0, x1: 5, y1: 4 }, pixel: { x: 1, y: 1 } });
    // 16 pixels: rows 0 and 3 take x 1..3, rows 1 and 2 take x 0..4; symmetric about x = 2, y = 1.5.
    expect(s.count).toBe(16);
    expect(s.mean).toBe(17);
    expect([s.min, s.max]).toEqual([1, 33]);
  });

  it('NaN pixels are left out of count and area; one pixel has std 0; nothing valid gives NaN', () => {
    const p = Float32Array.from(ramp);
    p[6] = NaN; // (1, 1)
    const s = roiStats({ plane: p, width: W, height: H, roi: { kind: 'rect', x0: 1, y0: 1, x1: 3, y1: 3 }, pixel: { x: 0.5, y: 0.5 } });
    expect(s.count).toBe(3);
    expect(s.area).toBe(0.75);
    expect(s.mean).toBeCloseTo((12 + 21 + 22) / 3, 12);
    const one = roiStats({ plane: p, width: W, height: H, roi: { kind: 'rect', x0: 2, y0: 1, x1: 3, y1: 2 }, pixel: { x: 1, y: 1 } });
    expect(one).toEqual({ count: 1, area: 1, mean: 12, std: 0, min: 12, max: 12 });
    const none = roiStats({ plane: p, width: W, height: H, roi: { kind: 'rect', x0: 1, y0: 1, x1: 2, y1: 2 }, pixel: { x: 1, y: 1 } });
    expect(none.count).toBe(0);
    expect(none.area).toBe(0);
    expect([none.mean, none.std, none.min, none.max].every(Number.isNaN)).toBe(true);
  });
});
