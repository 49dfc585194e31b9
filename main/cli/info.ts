import { createHash } from 'node:crypto';
import { basicStats } from '../../app/measure/stats.js';
import { unitLabel } from '../../app/model/units.js';
import type { VolumeMeta } from '../../app/model/volume.js';
import { loadWhole } from '../services/load-whole.js';
import type { VolumeStore } from '../services/volume-store.js';

/** The `info --json` object of DESIGN.md's command-line contract (keep its shape stable). */
export interface InfoJson {
  format: string;
  dims: VolumeMeta['dims'];
  dtype: string;
  spacing: VolumeMeta['spacing'];
  unit: string;
  channels: { name: string; wavelength: number | null }[];
  scaling: { slope: number; inter: number } | null;
  stats: { min: number; max: number; mean: number };
  sha256: string;
}

/** Opens a file through the same path as the app (sniff, header checks, worker decode) and summarises it. */
export async function infoFor(path: string, store: VolumeStore, budget: number): Promise<{ json: InfoJson; meta: VolumeMeta }> {
  return loadWhole(path, store, budget, (opened, v) => {
    const s = basicStats(opened.meta.dtype, v.bytes);
    const m = opened.meta;
    const json: InfoJson = {
      format: m.format, dims: m.dims, dtype: m.dtype, spacing: m.spacing, unit: m.unit,
      channels: m.channels.map((c) => ({ name: c.name, wavelength: c.wavelength })),
      scaling: m.scaling, stats: { min: s.min, max: s.max, mean: s.mean },
      sha256: createHash('sha256').update(v.bytes).digest('hex'),
    };
    return { json, meta: m };
  });
}

export function describe(path: string, j: InfoJson, meta: VolumeMeta): string {
  const d = j.dims;
  const lines = [
    `${path}`,
    `  format    ${j.format}`,
    `  dims      x=${d.x} y=${d.y} z=${d.z} c=${d.c} t=${d.t}   ${j.dtype}${meta.bigEndian ? ' (big-endian on disk)' : ''}`,
    `  spacing   ${j.spacing.x} x ${j.spacing.y} x ${j.spacing.z} ${unitLabel(j.unit) || '(no unit)'}${d.t > 1 ? `, t=${j.spacing.t} ${meta.timeUnit}` : ''}`,
  ];
  if (j.scaling) lines.push(`  scaling   value = stored * ${j.scaling.slope} + ${j.scaling.inter}`);
  if (j.channels.length > 1 || j.channels[0]?.name) {
    // An unnamed channel as the viewer calls it (c1, c2, ...), not as an empty string between commas.
    const names = j.channels.slice(0, 8).map((c, i) => (c.name || `c${i + 1}`) + (c.wavelength !== null ? ` (${c.wavelength})` : '')).join(', ');
    lines.push(`  channels  ${names}${j.channels.length > 8 ? `, ... (${j.channels.length})` : ''}`);
  }
  if (meta.affine) lines.push(`  affine    ${meta.affine.slice(0, 3).map((r) => r.map((v) => +v.toFixed(4)).join(' ')).join(' | ')}`);
  lines.push(`  stats     min=${j.stats.min} max=${j.stats.max} mean=${j.stats.mean}`);
  lines.push(`  sha256    ${j.sha256}`);
  for (const w of meta.warnings) lines.push(`  warning   ${w}`);
  return lines.join('\n');
}
