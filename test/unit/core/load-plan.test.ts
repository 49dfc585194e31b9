import { describe, expect, it } from 'vitest';
import { binPlane } from '../../../app/model/bin-plane.js';
import { plannedDims, sourcePlane, suggestPlan } from '../../../app/model/load-plan.js';
import { planeCoords, planeIndex } from '../../../app/model/volume.js';
import { basicStats } from '../../../app/measure/stats.js';

describe('reduced loads', () => {
  const d = { x: 100, y: 80, z: 50, c: 2, t: 3 };

  it('every n-th plane, binning and a time range shrink the dims', () => {
    expect(plannedDims(d, { zStep: 3, xyBin: 2, tRange: [1, 2] })).toEqual({ x: 50, y: 40, z: 17, c: 2, t: 2 });
  });

  it('maps output planes back to the file planes they come from', () => {
    const plan = { zStep: 3, xyBin: 1, tRange: [1, 2] as [number, number] };
    const out = plannedDims(d, plan);
    const p = planeIndex(out, 4, 1, 1);
    expect(planeCoords(d, sourcePlane(d, out, plan, p))).toEqual({ z: 12, c: 1, t: 2 });
  });

  it('suggests a plan that fits the budget', () => {
    const budget = 4e6;
    const plan = suggestPlan(d, 2, budget);
    const o = plannedDims(d, plan);
    expect(o.x * o.y * o.z * o.c * o.t * 2).toBeLessThanOrEqual(budget);
    expect(plan.zStep).toBeGreaterThan(1);
  });

  it('bins by averaging, rounding integers', () => {
    const src = new Uint16Array([1, 2, 10, 20, 3, 5, 30, 41]); // 4x2
    const out = new Uint16Array(2);
    binPlane('uint16', new Uint8Array(src.buffer), 4, 2, 2, new Uint8Array(out.buffer));
    expect([...out]).toEqual([3, 25]); // (1+2+3+5)/4 = 2.75 -> 3; (10+20+30+41)/4 = 25.25 -> 25
  });
});

describe('stats', () => {
  it('skip NaN and infinities like numpy nan-functions', () => {
    const a = new Float32Array([1, NaN, 3, Infinity, -2]);
    expect(basicStats('float32', new Uint8Array(a.buffer))).toEqual({ min: -2, max: 3, mean: 2 / 3, nonFinite: 2 });
  });
  it('use the magnitude of complex voxels', () => {
    const a = new Float32Array([3, 4, 0, 1]);
    const s = basicStats('complex64', new Uint8Array(a.buffer));
    expect([s.min, s.max, s.mean]).toEqual([1, 5, 3]);
  });
});
