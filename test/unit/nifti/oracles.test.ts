import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../app/formats/errors.js';
import { HAVE_SHARED, SHARED } from '../paths.js';
import { fileSourceSet } from '../sources.js';
import { load, nodeCodecs, probe, sha256, toDiskOrder } from './helpers.js';

interface Case { id: string; format: string; files: string[]; expect: string; json: string }
const ORACLES = join(SHARED, 'oracles');
const cases: Case[] = HAVE_SHARED
  ? (JSON.parse(readFileSync(join(ORACLES, 'index.json'), 'utf8')).cases as Case[]).filter((c) => c.format === 'nifti')
  : [];

function num(v: unknown): number {
  return typeof v === 'string' ? Number(v) : (v as number);
}

describe.skipIf(!HAVE_SHARED)('NIfTI oracles (shared/oracles)', () => {
  it('has nifti cases', () => expect(cases.length).toBeGreaterThan(20));

  for (const c of cases) {
    it(c.id, async () => {
      const o = JSON.parse(readFileSync(join(ORACLES, c.json), 'utf8'));
      const files = fileSourceSet(join(ORACLES, c.files[0]));
      if (c.expect !== 'ok') {
        for (const codecs of [undefined, nodeCodecs]) {
          const err = await load(files, codecs).then(() => null, (e: unknown) => e);
          expect(err).toBeInstanceOf(FormatError);
          expect((err as FormatError).message).toContain(files.primary.name);
        }
        return;
      }
      const { header, voxels } = await load(files);
      const { meta } = header;
      const [x, y, z = 1, t = 1, u = 1] = o.shape as number[];
      expect(meta.dims).toEqual({ x, y, z, t, c: u });
      expect(meta.format).toBe(o.sizeof_hdr === 540 ? 'nifti2' : 'nifti1');
      expect(meta.bigEndian).toBe(o.endian === 'big');
      expect(meta.extra.datatype).toBe(o.datatype.name);
      const sp = o.spacing as number[];
      expect([meta.spacing.x, meta.spacing.y, meta.spacing.z].slice(0, sp.length)).toEqual(sp.slice(0, 3));
      if (sp.length > 3) expect(meta.spacing.t).toBe(sp[3]);
      expect(meta.unit).toBe('mm');
      expect(meta.timeUnit).toBe({ sec: 's', msec: 'ms' }[o.xyzt_units.names[1] as string]);
      expect(meta.extra.qform_code).toBe(o.qform_code);
      expect(meta.extra.sform_code).toBe(o.sform_code);
      expect(meta.extra.orientation).toBe(o.orientation_nibabel);
      const best = o.affine_nibabel_best as number[][];
      meta.affine!.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(best[i][j], 4)));
      if (o.scaling_applies) {
        expect(meta.scaling).toEqual({ slope: num(o.scl_slope_disk), inter: Number.isNaN(num(o.scl_inter_disk)) ? 0 : num(o.scl_inter_disk) });
      } else expect(meta.scaling).toBeNull();

      expect(sha256(toDiskOrder(header, voxels))).toBe(o.sha256_raw);
      for (const p of o.probes as { index: number[]; raw: unknown; scaled?: number }[]) {
        const v = probe(header, voxels, p.index);
        if (typeof v === 'bigint') expect(Number(v)).toBe(p.raw); // JSON holds int64 probes as doubles
        else expect(v).toEqual(p.raw);
        if (p.scaled !== undefined && typeof v === 'number') {
          expect(v * meta.scaling!.slope + meta.scaling!.inter).toBeCloseTo(p.scaled, 6);
        }
      }
      // The same file through Node's zlib (what the host injects) gives the same voxels.
      if (header.layout.gzip) {
        const again = await load(files, nodeCodecs);
        expect(sha256(again.voxels)).toBe(sha256(voxels));
      }
    });
  }
});
