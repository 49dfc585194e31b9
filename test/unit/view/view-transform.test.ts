import { describe, expect, it } from 'vitest';
import {
  fitTransform, formatZoom, pan, pixelAt, planeOnScreen, planeToScreen, planeToScreenMatrix, screenPixel, screenSize,
  screenToPlane, zoomAt, zoomLevel, type PlaneOnScreen, type ViewTransform,
} from '../../../app/view/view-transform.js';
import type { PlaneDisplay } from '../../../app/view/view-frame.js';
import { finestSpacing } from '../../../app/view/planes.js';

const plane = { width: 200, height: 100 };
/** A plane in storage order. */
const flat = (pixel: { x: number; y: number }, size = plane): PlaneOnScreen => planeOnScreen(size, pixel);

describe('view transform', () => {
  it('fits the plane centred with its physical aspect', () => {
    // 200 x 100 pixels of 1 x 3 units = 200 x 300 units; a 400 x 400 view is limited by height.
    const p = flat({ x: 1, y: 3 });
    const t = fitTransform(400, 400, p, 1);
    expect(t.scale).toBeCloseTo(400 / 300, 12);
    expect(t.offsetY).toBeCloseTo(0, 12);
    expect(t.offsetX).toBeCloseTo((400 - 200 * t.scale) / 2, 12);
    // Corners land on the view symmetrically.
    const tl = planeToScreen(t, p, 0, 0);
    const br = planeToScreen(t, p, 200, 100);
    expect(tl.sx + br.sx).toBeCloseTo(400, 9);
    expect(br.sy).toBeCloseTo(400, 9);
  });

  it('uses the default 0.95 margin and survives empty views', () => {
    const t = fitTransform(1000, 100, flat({ x: 1, y: 1 }, { width: 10, height: 10 }));
    expect(t).toEqual({ scale: 9.5, offsetX: 452.5, offsetY: 2.5 });
    expect(fitTransform(0, 0, flat({ x: 1, y: 1 })).scale).toBe(1);
    expect(fitTransform(100, 100, flat({ x: 1, y: 1 }, { width: 0, height: 0 })).scale).toBe(1);
  });

  it('screen ↔ plane round-trip; pixel (0,0) covers [0,1)', () => {
    const t = { scale: 2, offsetX: 10, offsetY: 20 };
    const p = flat({ x: 0.5, y: 2 });
    expect(screenToPlane(t, p, 10, 20)).toEqual({ col: 0, row: 0 });
    expect(screenToPlane(t, p, 11, 24)).toEqual({ col: 1, row: 1 });
    expect(planeToScreen(t, p, 3.5, 1.25)).toEqual({ sx: 13.5, sy: 25 });
    const q = screenToPlane(t, p, 123.4, 56.7);
    const s = planeToScreen(t, p, q.col, q.row);
    expect(s.sx).toBeCloseTo(123.4, 12);
    expect(s.sy).toBeCloseTo(56.7, 12);
    expect(pixelAt(t, p, 10.99, 23.99)).toEqual({ col: 0, row: 0 });
    expect(pixelAt(t, p, 9.99, 20)).toBeNull();
  });

  it('zoomAt keeps the plane point under the cursor fixed, for any factor and cursor', () => {
    const p = flat({ x: 0.7, y: 1.3 });
    let t = fitTransform(640, 480, p);
    for (const [sx, sy, f] of [[100, 100, 2], [0, 479, 0.5], [320.5, 17.25, 1.1], [-50, 600, 8], [640, 0, 1 / 3]]) {
      const before = screenToPlane(t, p, sx, sy);
      t = zoomAt(t, sx, sy, f);
      const after = screenToPlane(t, p, sx, sy);
      expect(after.col).toBeCloseTo(before.col, 9);
      expect(after.row).toBeCloseTo(before.row, 9);
    }
  });

  it('zoomAt scales distances by the factor; pan moves by screen pixels', () => {
    const t0 = { scale: 1, offsetX: 0, offsetY: 0 };
    const t1 = zoomAt(t0, 50, 50, 2);
    expect(t1).toEqual({ scale: 2, offsetX: -50, offsetY: -50 });
    expect(pan(t1, 5, -7)).toEqual({ scale: 2, offsetX: -45, offsetY: -57 });
    const p = flat({ x: 1, y: 1 });
    const before = screenToPlane(t1, p, 100, 100);
    const after = screenToPlane(pan(t1, 10, 0), p, 110, 100);
    expect(after).toEqual(before);
  });
});

/** An XZ plane (4 columns of x, 3 rows of z, 0.5 x 2 units) turned onto the screen. */
function turned(right: PlaneDisplay['right'], down: PlaneDisplay['down']): PlaneOnScreen {
  return planeOnScreen({ width: 4, height: 3 }, { x: 0.5, y: 2 }, { axis: 'xz', plane: 'coronal', right, down });
}

describe('turned planes (flips and transposes of world data)', () => {
  const t: ViewTransform = { scale: 10, offsetX: 7, offsetY: 3 };

  it('a flip mirrors columns: plane column 0 is drawn at the right edge', () => {
    const p = turned({ voxel: 'x', increasing: false }, { voxel: 'z', increasing: true });
    expect(p).toMatchObject({ transpose: false, flipX: true, flipY: false });
    // 4 pixels of 0.5 units at 10 px per unit: 20 px wide. Pixel 0 covers screen x 27..22 (the right end).
    expect(planeToScreen(t, p, 0, 0)).toEqual({ sx: 27, sy: 3 });
    expect(pixelAt(t, p, 26.9, 3.1)).toEqual({ col: 0, row: 0 });
    expect(pixelAt(t, p, 7.1, 3.1)).toEqual({ col: 3, row: 0 });
  });

  it('a transpose swaps the screen axes, with the pixel sizes', () => {
    const p = turned({ voxel: 'z', increasing: true }, { voxel: 'x', increasing: false });
    expect(p).toMatchObject({ transpose: true, flipX: false, flipY: true });
    expect(screenSize(p)).toEqual({ width: 3, height: 4 });
    expect(screenPixel(p)).toEqual({ x: 2, y: 0.5 });
    // Plane row 1 (z = 1) is screen column 1: x 27..47; plane col 0 (x = 0) the bottom row: y 18..23.
    expect(pixelAt(t, p, 30, 22)).toEqual({ col: 0, row: 1 });
    expect(pixelAt(t, p, 30, 4)).toEqual({ col: 3, row: 1 });
    const fit = fitTransform(100, 100, p, 1);
    // 3 x 2 = 6 units wide, 4 x 0.5 = 2 units high: width-limited.
    expect(fit.scale).toBeCloseTo(100 / 6, 12);
  });

  it('every turn round-trips and its matrix is planeToScreen', () => {
    for (const tr of [false, true]) for (const fx of [false, true]) for (const fy of [false, true]) {
      const right = { voxel: tr ? 'z' : 'x', increasing: !fx } as const;
      const down = { voxel: tr ? 'x' : 'z', increasing: !fy } as const;
      const p = turned(right, down);
      const [a, b, c, d, e, f] = planeToScreenMatrix(t, p);
      for (const [col, row] of [[0, 0], [4, 3], [1.25, 2.5], [3.9, 0.1]]) {
        const s = planeToScreen(t, p, col, row);
        expect(a * col + c * row + e).toBeCloseTo(s.sx, 9);
        expect(b * col + d * row + f).toBeCloseTo(s.sy, 9);
        const back = screenToPlane(t, p, s.sx, s.sy);
        expect(back.col).toBeCloseTo(col, 9);
        expect(back.row).toBeCloseTo(row, 9);
      }
      // Whatever the turn, the plane fills the same screen rectangle.
      const corners = [[0, 0], [4, 0], [0, 3], [4, 3]].map(([col, row]) => planeToScreen(t, p, col, row));
      const xs = corners.map((q) => q.sx);
      const ys = corners.map((q) => q.sy);
      const w = tr ? 3 * 2 * 10 : 4 * 0.5 * 10;
      const h = tr ? 4 * 0.5 * 10 : 3 * 2 * 10;
      expect([Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]).toEqual([7, 7 + w, 3, 3 + h]);
    }
  });
});

describe('zoom indicator', () => {
  it('counts screen pixels per image pixel of the finest voxel size, the same in every view', () => {
    const at = (scale: number): ViewTransform => ({ scale, offsetX: 0, offsetY: 0 });
    expect(zoomLevel(at(1), 1)).toBe(1);
    // 0.5 x 0.5 x 2 µm voxels at 4 px per µm: 2 px per xy pixel, in XY as in XZ and YZ.
    const finest = finestSpacing({ x: 64, y: 48, z: 10, c: 1, t: 1 }, { x: 0.5, y: 0.5, z: 2, t: 1 });
    expect(finest).toBe(0.5);
    expect(zoomLevel(at(4), finest)).toBe(2);
    // A single plane's z spacing (often a default 1) does not count; nor do unusable spacings.
    expect(finestSpacing({ x: 8, y: 8, z: 1, c: 1, t: 1 }, { x: 5, y: 5, z: 1, t: 1 })).toBe(5);
    expect(finestSpacing({ x: 8, y: 8, z: 3, c: 1, t: 1 }, { x: 0, y: 2, z: 3, t: 1 })).toBe(1);
  });

  it('prints whole percents from 100% and two digits below', () => {
    expect(formatZoom(1)).toBe('100%');
    expect(formatZoom(2.5)).toBe('250%');
    expect(formatZoom(12)).toBe('1200%');
    expect(formatZoom(1.0004)).toBe('100%');
    expect(formatZoom(0.3333)).toBe('33%');
    expect(formatZoom(0.0631)).toBe('6.3%');
    expect(formatZoom(0.999)).toBe('100%');
    expect(formatZoom(0)).toBe('');
    expect(formatZoom(NaN)).toBe('');
  });
});
