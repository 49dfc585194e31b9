import { describe, expect, it } from 'vitest';
import { regionTable } from '../../../app/filters/label/regions.js';
import { objectOrder } from '../../../renderer/widgets/logic/object-order.js';

// A 6x2x1 label image: label 1 has 1 voxel at x = 5, label 2 is absent, label 3 has 3 voxels, label 4 has 2.
const labels = Int32Array.from([3, 3, 3, 4, 4, 1, 0, 0, 0, 0, 0, 0]);
const intensity = { dims: { x: 6, y: 2, z: 1 }, dtype: 'float32' as const, data: Float32Array.from([1, 1, 1, 9, 9, 5, 0, 0, 0, 0, 0, 0]) };
const t = regionTable(labels, { x: 6, y: 2, z: 1 }, { x: 1, y: 1, z: 1 }, intensity, 4);

describe('objectOrder', () => {
  it('lists the labels that have voxels, by label', () => {
    expect([...objectOrder(t, { column: 'label', descending: false })]).toEqual([1, 3, 4]);
    expect([...objectOrder(t, { column: 'label', descending: true })]).toEqual([4, 3, 1]);
  });

  it('sorts by size, mean intensity and position', () => {
    expect([...objectOrder(t, { column: 'voxels', descending: true })]).toEqual([3, 4, 1]);
    expect([...objectOrder(t, { column: 'mean', descending: false })]).toEqual([3, 1, 4]);
    expect([...objectOrder(t, { column: 'centroid', descending: false })]).toEqual([3, 4, 1]);
    expect([...objectOrder(t, { column: 'bbox', descending: true })]).toEqual([1, 4, 3]);
  });

  it('sorts 100,000 objects', () => {
    const n = 100_000;
    const big = new Int32Array(n);
    for (let i = 0; i < n; i++) big[i] = i + 1;
    const order = objectOrder(regionTable(big, { x: n, y: 1, z: 1 }, { x: 1, y: 1, z: 1 }), { column: 'centroid', descending: true });
    expect(order.length).toBe(n);
    expect(order[0]).toBe(n);
    expect(order[n - 1]).toBe(1);
  });
});
