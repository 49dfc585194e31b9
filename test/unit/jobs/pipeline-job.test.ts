import { describe, expect, it } from 'vitest';
import { OPS } from '../../../app/filters/catalog.js';
import { channelVolume, pipelineJob, type PipelinePayload, type VolumeRef } from '../../../app/jobs/handlers/pipeline.js';
import { cropView, runWhole, type Box } from '../../../app/jobs/pipeline-run.js';
import { resolveSteps } from '../../../app/jobs/pipeline-steps.js';
import type { JobContext } from '../../../app/jobs/worker-core.js';

/**
 * The pipeline job writes its region into a box of the output volume: straight into it where the box's
 * voxels are contiguous there (whole planes, or rows of one plane), copied in otherwise. Every shape of
 * box must land in its place and nowhere else.
 */
const ctx: JobContext = { cancelled: () => false, throwIfCancelled: () => undefined, progress: () => undefined, nextInput: () => Promise.reject(new Error('none')) };

function input(): VolumeRef {
  const dims = { x: 9, y: 7, z: 6, c: 1, t: 1 };
  const sab = new SharedArrayBuffer(9 * 7 * 6 * 2);
  const v = new Uint16Array(sab);
  for (let i = 0; i < v.length; i++) v[i] = (i * 2654435761) % 997;
  return { sab, dims, dtype: 'uint16' };
}

describe('pipeline job output placement', () => {
  const steps = [{ op: 'gaussian', sigma: 1 }];
  const boxes: [string, Box, { x: number; y: number; z: number }][] = [
    ['whole planes at a z offset', { x0: 0, x1: 9, y0: 0, y1: 7, z0: 2, z1: 4 }, { x: 0, y: 0, z: 1 }],
    ['rows of one plane at a y offset', { x0: 0, x1: 9, y0: 2, y1: 5, z0: 3, z1: 4 }, { x: 0, y: 2, z: 1 }],
    ['rows of several planes (not contiguous)', { x0: 0, x1: 9, y0: 2, y1: 5, z0: 1, z1: 4 }, { x: 0, y: 2, z: 1 }],
    ['part of rows', { x0: 2, x1: 6, y0: 1, y1: 4, z0: 0, z1: 2 }, { x: 3, y: 1, z: 2 }],
  ];
  for (const [name, region, at] of boxes) {
    it(`${name}: the region's result in its box, the rest of the output untouched`, () => {
      const inp = input();
      const out: VolumeRef = { dims: { x: 9, y: 7, z: 6, c: 1, t: 1 }, dtype: 'float32', sab: new SharedArrayBuffer(9 * 7 * 6 * 4) };
      const o = new Float32Array(out.sab).fill(-1);
      const payload: PipelinePayload = { input: inp, c: 0, t: 0, steps, region, output: { ...out, c: 0, t: 0, at } };
      pipelineJob(payload, ctx);
      const whole = runWhole(channelVolume(inp, 0, 0), resolveSteps(steps, OPS), ctx);
      const want = cropView(whole, region).data as Float32Array;
      const dx = region.x1 - region.x0, dy = region.y1 - region.y0, dz = region.z1 - region.z0;
      for (let z = 0; z < 6; z++) for (let y = 0; y < 7; y++) for (let x = 0; x < 9; x++) {
        const inside = x >= at.x && x < at.x + dx && y >= at.y && y < at.y + dy && z >= at.z && z < at.z + dz;
        const got = o[x + 9 * (y + 7 * z)];
        if (inside) expect(got).toBe(want[x - at.x + dx * (y - at.y + dy * (z - at.z))]);
        else expect(got).toBe(-1);
      }
    });
  }
});
