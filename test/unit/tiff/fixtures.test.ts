import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../app/formats/errors.js';
import { FIXTURES } from '../paths.js';
import { decodeFile, sha256 } from './helpers.js';

interface Expect {
  expect: 'ok' | 'error' | 'warn_or_error';
  dims?: Record<string, number>; dtype?: string; format?: string; sha256?: string;
  spacing?: Record<string, number>; unit?: string; timeUnit?: string;
  ranges?: [number, number][]; lut0_at_255?: number[]; channelNames?: string[];
  message?: string; pages_before_loop?: number;
}

const DIR = join(FIXTURES, 'tiff');
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, Expect>;

describe('TIFF fixtures (made by make_fixtures.py)', () => {
  for (const [name, e] of Object.entries(expected).filter(([, v]) => v.expect === 'ok')) {
    it(name, async () => {
      const d = await decodeFile(join(DIR, name));
      expect(d.meta.dims).toEqual(e.dims);
      expect(d.meta.dtype).toBe(e.dtype);
      expect(d.meta.format).toBe(e.format);
      expect(sha256(d.voxels)).toBe(e.sha256);
      for (const k of ['x', 'y', 'z', 't'] as const) expect(d.meta.spacing[k]).toBeCloseTo(e.spacing![k], 9);
      expect(d.meta.unit).toBe(e.unit);
      if (e.timeUnit) expect(d.meta.timeUnit).toBe(e.timeUnit);
      if (e.ranges) expect(d.meta.channels.map((c) => c.range)).toEqual(e.ranges);
      if (e.lut0_at_255) expect(d.meta.channels[0].lut!.slice(765, 768)).toEqual(e.lut0_at_255);
      if (e.channelNames) expect(d.meta.channels.map((c) => c.name)).toEqual(e.channelNames);
      expect(d.meta.warnings).toEqual([]);
    });
  }

  it('stops at an IFD loop with a warning, keeping the pages before it', async () => {
    const d = await decodeFile(join(DIR, 'corrupt_ifd_loop.tif'));
    expect(d.meta.dims.z).toBe(expected['corrupt_ifd_loop.tif'].pages_before_loop);
    expect(d.meta.warnings.join()).toMatch(/circular IFD/);
  });

  for (const name of ['corrupt_offset_past_eof.tif', 'corrupt_unknown_compression.tif']) {
    it(`${name} fails with a clear FormatError`, async () => {
      const err = await decodeFile(join(DIR, name)).then(() => null, (x: unknown) => x);
      expect(err).toBeInstanceOf(FormatError);
      expect((err as FormatError).file).toBe(name);
      expect((err as FormatError).problem).toContain(expected[name].message);
    });
  }
});
