import type { XYZ } from './params.js';

/**
 * skimage.morphology.ball(r) (disk(r) when z is not filtered): the offsets with dx^2 + dy^2 + dz^2 <= r^2.
 * Per-axis radii give the ellipsoid sum (d/r)^2 <= 1 over the axes with r > 0 (the others stay at 0),
 * which is the ball when the radii are equal. Exact integer arithmetic (radii are at most 50).
 *
 * As x-runs: for each (dz, dy) the half-width w of the offsets -w..w along x.
 */
export interface Run { dz: number; dy: number; w: number }

export function ballRuns([rx, ry, rz]: XYZ): Run[] {
  const r2 = [rx, ry, rz].map((r) => (r > 0 ? r * r : 1));
  const L = r2[0] * r2[1] * r2[2];
  const inside = (dx: number, dy: number, dz: number): boolean => dx * dx * (L / r2[0]) + dy * dy * (L / r2[1]) + dz * dz * (L / r2[2]) <= L;
  const runs: Run[] = [];
  for (let dz = -rz; dz <= rz; dz++) {
    for (let dy = -ry; dy <= ry; dy++) {
      if (!inside(0, dy, dz)) continue;
      let w = 0;
      while (w < rx && inside(w + 1, dy, dz)) w++;
      runs.push({ dz, dy, w });
    }
  }
  return runs;
}

/** The largest size a ball footprint takes along an axis (radius 50). */
export const MAX_BALL_SIZE = 101;
