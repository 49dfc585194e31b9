import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAVE_SHARED, SHARED } from '../paths.js';
import { fileSourceSet } from '../sources.js';
import { load, nodeCodecs, sha256, toDiskOrder } from './helpers.js';

/** Real files in shared/data, checked against what nibabel reported (expected.json). */
const DATA = join(SHARED, 'data');
interface Expected {
  shape: number[]; datatype_code: number; sizeof_hdr: number; endian: string; spacing: number[];
  xyzt_units: [string, string]; qform_code: number; sform_code: number; best_affine: number[][];
  orientation: string; scl_slope: number; scl_inter: number; sha256_raw_disk_order: string;
}
const expected: Record<string, Expected> = HAVE_SHARED ? JSON.parse(readFileSync(join(DATA, 'expected.json'), 'utf8')) : {};
const keys = Object.keys(expected).filter((k) => k.startsWith('nifti/'));

describe.skipIf(!HAVE_SHARED)('NIfTI real files (shared/data)', () => {
  for (const key of keys) {
    it(key, async () => {
      const e = expected[key];
      const files = fileSourceSet(join(DATA, key));
      const { header, voxels, planesReported } = await load(files, nodeCodecs);
      const { meta } = header;
      const [x, y, z = 1, t = 1, u = 1] = e.shape as number[];
      const rgb = e.datatype_code === 128 ? 3 : 1;
      expect(meta.dims).toEqual({ x, y, z, t, c: u * rgb });
      expect(meta.format).toBe(e.sizeof_hdr === 540 ? 'nifti2' : 'nifti1');
      expect(meta.bigEndian).toBe(e.endian === 'big');
      const sp = e.spacing as number[];
      expect([meta.spacing.x, meta.spacing.y, meta.spacing.z]).toEqual(sp.slice(0, 3));
      if (sp.length > 3) expect(meta.spacing.t).toBe(sp[3]);
      expect(meta.unit).toBe({ mm: 'mm', unknown: '' }[e.xyzt_units[0] as string]);
      expect(meta.timeUnit).toBe({ sec: 's', unknown: '' }[e.xyzt_units[1] as string]);
      if (e.qform_code > 0 || e.sform_code > 0) {
        meta.affine!.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(e.best_affine[i][j], 4)));
        expect(meta.extra.orientation).toBe(e.orientation);
      } else {
        // Both codes 0: we give diag(pixdim) (method 1), nibabel an Analyze-style centred affine.
        expect(meta.extra.affine_source).toBe('pixdim');
      }
      if (e.scl_slope !== 1 || e.scl_inter !== 0) {
        expect(meta.scaling!.slope).toBeCloseTo(e.scl_slope, 6);
        expect(meta.scaling!.inter).toBeCloseTo(e.scl_inter, 4);
      }
      expect(sha256(toDiskOrder(header, voxels))).toBe(e.sha256_raw_disk_order);
      expect(new Set(planesReported).size).toBe(meta.dims.z * meta.dims.c * meta.dims.t);
    });
  }
});
