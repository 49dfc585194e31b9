import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAVE_SHARED, SHARED } from '../paths.js';
import { decodeFile, sha256, toAxes } from './helpers.js';

interface Expected {
  series_axes: string; shape: number[]; dtype: string; sha256_series0: string;
  spacing?: { x?: number; y?: number; z?: number; t?: number; unit?: string | null };
  is_imagej?: boolean; is_ome?: boolean;
}

const DATA = join(SHARED, 'data');
const expected: Record<string, Expected> = HAVE_SHARED
  ? (JSON.parse(readFileSync(join(DATA, 'expected.json'), 'utf8')) as Record<string, Expected>)
  : {};
const tiffs = Object.keys(expected).filter((k) => /\.tiff?$/.test(k));

describe.skipIf(!HAVE_SHARED)('real TIFF files (tifffile reference)', () => {
  for (const path of tiffs) {
    it(path, async () => {
      const e = expected[path];
      const d = await decodeFile(join(DATA, path));
      expect(d.meta.dtype).toBe(e.dtype);
      expect(d.meta.format).toBe(e.is_ome ? 'ome-tiff' : e.is_imagej ? 'imagej-tiff' : 'tiff');
      expect(sha256(toAxes(d, e.series_axes, e.shape))).toBe(e.sha256_series0);
      const s = e.spacing ?? {};
      if (typeof s.x === 'number') expect(d.meta.spacing.x).toBeCloseTo(s.x, 6);
      if (typeof s.y === 'number') expect(d.meta.spacing.y).toBeCloseTo(s.y, 6);
      if (typeof s.z === 'number' && s.z > 0) expect(d.meta.spacing.z).toBeCloseTo(s.z, 6);
      if (typeof s.unit === 'string' && !s.unit.includes('default')) expect(d.meta.unit).toBe(s.unit);
    });
  }
});
