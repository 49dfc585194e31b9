import { describe, expect, it } from 'vitest';
import { regionAt, type RegionTable } from '../../../app/filters/label/regions.js';
import { regionsJob, type RegionsPayload } from '../../../app/jobs/handlers/regions.js';
import type { JobContext } from '../../../app/jobs/worker-core.js';

const ctx: JobContext = { cancelled: () => false, throwIfCancelled: () => {}, progress: () => {}, nextInput: () => new Promise(() => {}) };

/** A 4x1x1 volume of `c` channels in shared memory, channel k's voxels `values(k)`. */
function volume(dtype: 'int32' | 'float32', c: number, values: (k: number) => number[]) {
  const sab = new SharedArrayBuffer(4 * 4 * c);
  const data = dtype === 'int32' ? new Int32Array(sab) : new Float32Array(sab);
  for (let k = 0; k < c; k++) data.set(values(k), 4 * k);
  return { sab, dims: { x: 4, y: 1, z: 1, c, t: 1 }, dtype };
}

describe('regions job', () => {
  // Two objects: label 1 at x 0-1, label 2 at x 3.
  const labelsOne = volume('int32', 1, () => [1, 1, 0, 2]);
  const image = volume('float32', 2, (k) => (k === 0 ? [10, 20, 30, 40] : [100, 300, 500, 700]));
  const run = (p: Omit<RegionsPayload, 'spacing'>): RegionTable => regionsJob({ ...p, spacing: { x: 1, y: 1, z: 1 } }, ctx) as RegionTable;

  it('takes the intensity from the labels\' own channel when the label image has every channel', () => {
    const labels = volume('int32', 2, () => [1, 1, 0, 2]);
    const t = run({ labels, intensity: image, c: 1, t: 0 });
    expect(regionAt(t, 1).meanIntensity).toBe(200);
    expect(regionAt(t, 2).meanIntensity).toBe(700);
  });

  it('takes it from intensityAt when the labels are one channel of their own (a preview\'s)', () => {
    const t = run({ labels: labelsOne, intensity: image, c: 0, t: 0, intensityAt: { c: 1, t: 0 } });
    expect(t.count).toBe(2);
    expect(regionAt(t, 1).meanIntensity).toBe(200);
    expect(regionAt(t, 2).meanIntensity).toBe(700);
    const first = run({ labels: labelsOne, intensity: image, c: 0, t: 0, intensityAt: { c: 0, t: 0 } });
    expect(regionAt(first, 1).meanIntensity).toBe(15);
  });
});
