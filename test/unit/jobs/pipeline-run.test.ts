import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { FilterOp, VolumeView } from '../../../app/filters/types.js';
import { allocView, boxDims, cropView, inputBox, runRegion, runWhole, wholeBox, type Box, type RunStep } from '../../../app/jobs/pipeline-run.js';

/**
 * A region computed through the pipeline runner equals the same region of the whole-volume result,
 * for every box, with local steps (halos add up), boundary modes (wrap reaches the far side) and a
 * global step first. The ops here are small stand-ins with the real ops' shape.
 */
type Mode = 'reflect' | 'wrap';
/** Mean of the 3 neighbours along one axis, scipy-style boundary. */
function mean3(axis: 'x' | 'y' | 'z'): FilterOp<{ mode: Mode }> {
  return {
    schema: z.object({ mode: z.enum(['reflect', 'wrap']) }),
    outputDtype: () => 'float32',
    halo: () => ({ x: axis === 'x' ? 1 : 0, y: axis === 'y' ? 1 : 0, z: axis === 'z' ? 1 : 0 }),
    run(input, params, output, [z0, z1]) {
      const { x: X, y: Y, z: Z } = input.dims;
      const n = { x: X, y: Y, z: Z }[axis];
      const at = (i: number): number => {
        if (i >= 0 && i < n) return i;
        if (params.mode === 'wrap') return (i + n) % n;
        return i < 0 ? -i - 1 : 2 * n - i - 1;
      };
      // As the real ops: a slab-sized output holds planes z0.. from its start.
      const first = output.dims.z === Z ? 0 : z0;
      for (let z = z0; z < z1; z++) for (let y = 0; y < Y; y++) for (let x = 0; x < X; x++) {
        let s = 0;
        for (const d of [-1, 0, 1]) {
          const p = { x, y, z };
          p[axis] = at(p[axis] + d);
          s += input.data[p.x + X * (p.y + Y * p.z)] as number;
        }
        output.data[x + X * (y + Y * (z - first))] = s / 3;
      }
    },
  };
}
/** Subtracts the whole volume's mean: needs all of it. */
const centre: FilterOp<Record<string, never>> = {
  schema: z.object({}), outputDtype: () => 'float32', halo: () => ({ x: 0, y: 0, z: 0 }), global: true,
  run(input, _p, output, [z0, z1]) {
    let m = 0;
    for (let i = 0; i < input.data.length; i++) m += input.data[i] as number;
    m /= input.data.length;
    const plane = input.dims.x * input.dims.y;
    const first = output.dims.z === input.dims.z ? 0 : z0;
    for (let i = z0 * plane; i < z1 * plane; i++) output.data[i - first * plane] = (input.data[i] as number) - m;
  },
};

function volume(): VolumeView {
  const v = allocView({ x: 9, y: 7, z: 6 }, 'uint16');
  for (let i = 0; i < v.data.length; i++) v.data[i] = (i * 7919) % 251;
  return v;
}
const step = (op: FilterOp<never>, params: unknown, name = 'op'): RunStep => ({ name, op, params });
const ctx = { throwIfCancelled: () => undefined };

function expectRegionMatches(steps: RunStep[], region: Box): void {
  const v = volume();
  const whole = runWhole(v, steps, ctx);
  const part = runRegion(v, steps, region, ctx);
  expect(part.dims).toEqual(boxDims(region));
  expect([...part.data]).toEqual([...cropView(whole, region).data]);
}

describe('runRegion', () => {
  const regions: Box[] = [
    { x0: 0, x1: 9, y0: 0, y1: 7, z0: 2, z1: 3 }, // an xy slice
    { x0: 0, x1: 9, y0: 0, y1: 7, z0: 0, z1: 1 }, // at the edge
    { x0: 0, x1: 9, y0: 3, y1: 4, z0: 0, z1: 6 }, // an xz slice
    { x0: 8, x1: 9, y0: 0, y1: 7, z0: 0, z1: 6 }, // a yz slice at the far edge
    { x0: 2, x1: 5, y0: 1, y1: 6, z0: 1, z1: 4 }, // a box inside
  ];
  for (const mode of ['reflect', 'wrap'] as Mode[]) {
    for (const r of regions) {
      it(`three local steps (${mode}) over ${JSON.stringify(r)} equal the whole volume's result there`, () => {
        expectRegionMatches([step(mean3('x') as never, { mode }), step(mean3('z') as never, { mode }), step(mean3('y') as never, { mode }), step(mean3('z') as never, { mode })], r);
      });
    }
  }

  it('a global step first is run whole, the local ones after it on the region', () => {
    for (const r of regions) expectRegionMatches([step(centre as never, {}), step(mean3('z') as never, { mode: 'reflect' })], r);
  });

  it('a pipeline ending in a global step gives the region of its result, not the whole volume', () => {
    for (const r of regions) expectRegionMatches([step(mean3('z') as never, { mode: 'reflect' }), step(centre as never, {})], r);
  });

  it('crops only as much as the halos need, and the whole axis where wrap reaches an edge', () => {
    const d = { x: 9, y: 7, z: 6 };
    const two = [step(mean3('z') as never, { mode: 'reflect' }), step(mean3('z') as never, { mode: 'reflect' })];
    expect(inputBox(two, { x0: 0, x1: 9, y0: 0, y1: 7, z0: 3, z1: 4 }, d)).toEqual({ x0: 0, x1: 9, y0: 0, y1: 7, z0: 1, z1: 6 });
    expect(inputBox([step(mean3('z') as never, { mode: 'wrap' })], { x0: 0, x1: 9, y0: 0, y1: 7, z0: 0, z1: 1 }, d)).toEqual(wholeBox(d));
  });

  it('stops at a cancel between chunks of planes', () => {
    let checks = 0;
    const cancelling = { throwIfCancelled: () => { if (++checks > 1) throw new Error('cancelled'); } };
    expect(() => runWhole(allocView({ x: 4, y: 4, z: 40 }, 'uint8'), [step(mean3('x') as never, { mode: 'reflect' })], cancelling)).toThrow('cancelled');
  });
});
