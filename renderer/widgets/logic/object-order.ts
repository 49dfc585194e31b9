import { regionAt, type RegionTable } from '../../../app/filters/label/regions.js';

/**
 * The object table's columns and their sort order. A table can hold 100,000 objects: sorting works on
 * the table's typed columns (a key per object, then an index sort), never on row objects.
 */
export const OBJECT_COLUMNS = ['label', 'voxels', 'volume', 'centroid', 'bbox', 'mean'] as const;
export type ObjectColumn = (typeof OBJECT_COLUMNS)[number];
export interface ObjectSort { column: ObjectColumn; descending: boolean }

/** The sort key of label l's row in a column (centroid and bbox sort by z, then y, then x). */
function keyOf(t: RegionTable, column: ObjectColumn, l: number): number {
  const i = l - 1;
  const n = t.voxels[i];
  // z, y, x packed into one number: positions are below 2^20 voxels per axis, so the order is exact.
  const zyx = (z: number, y: number, x: number): number => (z * 2 ** 21 + y) * 2 ** 21 + x;
  switch (column) {
    case 'label': return l;
    case 'voxels': case 'volume': return n;
    case 'centroid': {
      const c = regionAt(t, l).centroid;
      return zyx(c.z, c.y, c.x);
    }
    case 'bbox': return zyx(t.minZ[i], t.minY[i], t.minX[i]);
    case 'mean': return t.sumIntensity ? t.sumIntensity[i] / n : l;
  }
}

/** The labels that have voxels, in the order of `sort` (ties by label, ascending). */
export function objectOrder(t: RegionTable, sort: ObjectSort): Uint32Array {
  let present = 0;
  for (let i = 0; i < t.count; i++) if (t.voxels[i] > 0) present++;
  const labels = new Uint32Array(present);
  for (let i = 0, k = 0; i < t.count; i++) if (t.voxels[i] > 0) labels[k++] = i + 1;
  if (sort.column === 'label' && !sort.descending) return labels;
  const keys = new Float64Array(t.count + 1);
  for (const l of labels) keys[l] = keyOf(t, sort.column, l);
  const dir = sort.descending ? -1 : 1;
  return labels.sort((a, b) => (keys[a] - keys[b]) * dir || a - b);
}
