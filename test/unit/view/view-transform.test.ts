import { describe, expect, it } from 'vitest';
import { fitTransform, pan, pixelAt, planeToScreen, screenToPlane, zoomAt } from '../../../app/view/view-transform.js';

describe('view transform', () => {
  const plane = { width: 200, height: 100 };

  it('fits the plane centred with its physical aspect', () => {
    // 200 x 100 pixels of 1 x 3 units = 200 x 300 units; a 400 x 400 view is limited by height.
    const t = fitTransform(400, 400, plane, { x: 1, y: 3 }, 1);
    expect(t.scale).toBeCloseTo(400 / 300, 12);
    expect(t.offsetY).toBeCloseTo(0, 12);
    expect(t.offsetX).toBeCloseTo((400 - 200 * t.scale) / 2, 12);
    // Corners land on the view symmetrically.
    const tl = planeToScreen(t, { x: 1, y: 3 }, 0, 0);
    const br = planeToScreen(t, { x: 1, y: 3 }, 200, 100);
    expect(tl.sx + br.sx).toBeCloseTo(400, 9);
    expect(br.sy).toBeCloseTo(400, 9);
  });

  it('uses the default 0.95 margin and survives empty views', () => {
    const t = fitTransform(1000, 100, { width: 10, height: 10 }, { x: 1, y: 1 });
    expect(t).toEqual({ scale: 9.5, offsetX: 452.5, offsetY: 2.5 });
    expect(fitTransform(0, 0, plane, { x: 1, y: 1 }).scale).toBe(1);
    expect(fitTransform(100, 100, { width: 0, height: 0 }, { x: 1, y: 1 }).scale).toBe(1);
  });

  it('screen ↔ plane round-trip; pixel (0,0) covers [0,1)', () => {
    const t = { scale: 2, offsetX: 10, offsetY: 20 };
    const px = { x: 0.5, y: 2 };
    expect(screenToPlane(t, px, 10, 20)).toEqual({ col: 0, row: 0 });
    expect(screenToPlane(t, px, 11, 24)).toEqual({ col: 1, row: 1 });
    expect(planeToScreen(t, px, 3.5, 1.25)).toEqual({ sx: 13.5, sy: 25 });
    const p = screenToPlane(t, px, 123.4, 56.7);
    const s = planeToScreen(t, px, p.col, p.row);
    expect(s.sx).toBeCloseTo(123.4, 12);
    expect(s.sy).toBeCloseTo(56.7, 12);
    expect(pixelAt(t, px, plane, 10.99, 23.99)).toEqual({ col: 0, row: 0 });
    expect(pixelAt(t, px, plane, 9.99, 20)).toBeNull();
  });

  it('zoomAt keeps the plane point under the cursor fixed, for any factor and cursor', () => {
    const px = { x: 0.7, y: 1.3 };
    let t = fitTransform(640, 480, plane, px);
    for (const [sx, sy, f] of [[100, 100, 2], [0, 479, 0.5], [320.5, 17.25, 1.1], [-50, 600, 8], [640, 0, 1 / 3]]) {
      const before = screenToPlane(t, px, sx, sy);
      t = zoomAt(t, sx, sy, f);
      const after = screenToPlane(t, px, sx, sy);
      expect(after.col).toBeCloseTo(before.col, 9);
      expect(after.row).toBeCloseTo(before.row, 9);
    }
  });

  it('zoomAt scales distances by the factor; pan moves by screen pixels', () => {
    const t0 = { scale: 1, offsetX: 0, offsetY: 0 };
    const t1 = zoomAt(t0, 50, 50, 2);
    expect(t1).toEqual({ scale: 2, offsetX: -50, offsetY: -50 });
    expect(pan(t1, 5, -7)).toEqual({ scale: 2, offsetX: -45, offsetY: -57 });
    const px = { x: 1, y: 1 };
    const before = screenToPlane(t1, px, 100, 100);
    const after = screenToPlane(pan(t1, 10, 0), px, 110, 100);
    expect(after).toEqual(before);
  });
});
