import { describe as suite, expect, it } from 'vitest';
import { describe, type InfoJson } from '../../../main/cli/info.js';
import type { VolumeMeta } from '../../../app/model/volume.js';

/** `voxelscope info`'s text: the channel line names unnamed channels as the viewer does (c1, c2, ...). */
suite('voxelscope info text', () => {
  const meta = (names: string[]): { json: InfoJson; meta: VolumeMeta } => {
    const m: VolumeMeta = {
      format: 'imagej-tiff', dims: { x: 5, y: 4, z: 3, c: names.length, t: 2 }, dtype: 'uint8', spacing: { x: 0.2, y: 0.2, z: 0.7, t: 1.5 },
      unit: 'um', timeUnit: 'min', channels: names.map((name, i) => ({ name, wavelength: i === 0 && name ? 461 : null })),
      scaling: null, affine: null, extra: {}, warnings: [],
    };
    const json: InfoJson = {
      format: m.format, dims: m.dims, dtype: m.dtype, spacing: m.spacing, unit: m.unit, channels: m.channels.map((c) => ({ name: c.name, wavelength: c.wavelength })),
      scaling: null, stats: { min: 0, max: 1, mean: 0.5 }, sha256: '0'.repeat(64),
    };
    return { json, meta: m };
  };
  const line = (text: string, key: string): string | undefined => text.split('\n').find((l) => l.trimStart().startsWith(key));

  it('unnamed channels as c1, c2', () => {
    const { json, meta: m } = meta(['', '']);
    expect(line(describe('a.tif', json, m), 'channels')).toBe('  channels  c1, c2');
  });

  it('names and wavelengths, an unnamed one beside them', () => {
    const { json, meta: m } = meta(['DAPI', '']);
    expect(line(describe('a.tif', json, m), 'channels')).toBe('  channels  DAPI (461), c2');
    expect(line(describe('a.tif', json, m), 'spacing')).toBe('  spacing   0.2 x 0.2 x 0.7 µm, t=1.5 min');
  });
});
