import { csvField } from '../../measure/results.js';
import { presentLabels, regionAt, type RegionTable } from './regions.js';

/*
 * The object table as CSV: one row per object that has voxels, numbers at full precision (so the file
 * round-trips), each column named with its unit. Lengths are in `unit` (as app/model/units lengthUnit
 * gives it: 'µm', 'px', or '' for spacings without a unit, written 'units').
 */

export function regionsCsv(t: RegionTable, unit: string): string {
  const u = unit || 'units';
  const header = [
    'label', 'voxels', `volume [${u}³]`,
    'centroid x [voxel]', 'centroid y [voxel]', 'centroid z [voxel]',
    `centroid x [${u}]`, `centroid y [${u}]`, `centroid z [${u}]`,
    'bbox min x [voxel]', 'bbox min y [voxel]', 'bbox min z [voxel]',
    'bbox max x [voxel]', 'bbox max y [voxel]', 'bbox max z [voxel]',
    ...(t.sumIntensity ? ['mean intensity'] : []),
  ];
  const lines = [header.map(csvField).join(',')];
  for (const label of presentLabels(t)) {
    const r = regionAt(t, label);
    const cells = [
      r.label, r.voxels, r.volume,
      r.centroid.x, r.centroid.y, r.centroid.z,
      r.centroidPhysical.x, r.centroidPhysical.y, r.centroidPhysical.z,
      r.min.x, r.min.y, r.min.z, r.max.x, r.max.y, r.max.z,
      ...(r.meanIntensity === null ? [] : [r.meanIntensity]),
    ];
    lines.push(cells.map((v) => (Number.isFinite(v) ? String(v) : '')).join(','));
  }
  return lines.join('\n') + '\n';
}
