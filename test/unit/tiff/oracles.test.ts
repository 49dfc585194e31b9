import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../app/formats/errors.js';
import { HAVE_SHARED, SHARED } from '../paths.js';
import { decodeFile, sha256, toAxes, voxelsOf } from './helpers.js';

interface Case { id: string; format: string; files: string[]; expect: string; json: string }
interface Oracle {
  shape: number[]; axes: string; dtype: string; sha256: string;
  spacing?: { x?: number; y?: number; z?: number; t?: number; unit?: string };
}

const ORACLES = join(SHARED, 'oracles');
const cases: Case[] = HAVE_SHARED
  ? (JSON.parse(readFileSync(join(ORACLES, 'index.json'), 'utf8')) as { cases: Case[] }).cases
    .filter((c) => c.format === 'tiff')
  : [];

describe.skipIf(!HAVE_SHARED)('TIFF oracles (tifffile reference)', () => {
  for (const c of cases.filter((k) => k.expect === 'ok')) {
    it(c.id, async () => {
      const o = JSON.parse(readFileSync(join(ORACLES, c.json), 'utf8')) as Oracle;
      const d = await decodeFile(join(ORACLES, c.files[0]));
      expect(d.meta.dtype).toBe(o.dtype);
      expect(voxelsOf(d)).toBe(o.shape.reduce((a, b) => a * b, 1));
      expect(sha256(toAxes(d, o.axes, o.shape))).toBe(o.sha256);
      const s = o.spacing;
      if (s) {
        if (typeof s.x === 'number') expect(d.meta.spacing.x).toBeCloseTo(s.x, 9);
        if (typeof s.y === 'number') expect(d.meta.spacing.y).toBeCloseTo(s.y, 9);
        if (typeof s.z === 'number' && s.z > 0) expect(d.meta.spacing.z).toBeCloseTo(s.z, 9);
        if (typeof s.t === 'number') expect(d.meta.spacing.t).toBeCloseTo(s.t, 9);
        if (s.unit) expect(d.meta.unit).toBe(s.unit.startsWith('µm') ? 'um' : s.unit);
      }
    });
  }
  for (const c of cases.filter((k) => k.expect !== 'ok')) {
    it(`${c.id} (${c.expect})`, async () => {
      let err: unknown = null;
      let warnings: string[] = [];
      try {
        warnings = (await decodeFile(join(ORACLES, c.files[0]))).meta.warnings;
      } catch (e) {
        err = e;
      }
      if (c.expect === 'error') {
        expect(err).toBeInstanceOf(FormatError);
      } else if (err === null) {
        expect(warnings.length).toBeGreaterThan(0);
      } else {
        expect(err).toBeInstanceOf(FormatError);
      }
      if (err) expect((err as FormatError).message).toMatch(/^[^:]+\.tif: ./);
    });
  }
});
