import { describe, expect, it } from 'vitest';
import { labelComponents } from '../../../app/filters/label/connected-components.js';
import { regionsCsv } from '../../../app/filters/label/regions-csv.js';
import { presentLabels, regionAt, regionTable } from '../../../app/filters/label/regions.js';
import { EXPECTED, makeImage, makeMask, sha256 } from './fixtures.js';

describe('object table against skimage.measure.regionprops (test/fixtures/segmentation)', () => {
  for (const c of EXPECTED.regions) {
    it(`${c.name}: ${c.count} objects, connectivity ${c.connectivity}`, () => {
      const mask = makeMask(c.mask);
      const labels = new Int32Array(mask.data.length);
      expect(labelComponents(mask, c.connectivity, labels)).toBe(c.count);
      expect(sha256(labels)).toBe(c.labels_sha256);
      const intensity = makeImage(c.intensity);
      expect(sha256(intensity.data)).toBe(c.intensity_sha256);
      const spacing = { x: 0.5, y: 0.25, z: 2 };
      const t = regionTable(labels, mask.dims, spacing, intensity);
      expect([...presentLabels(t)]).toEqual(c.objects.map((o) => o.label));
      for (const o of c.objects) {
        const r = regionAt(t, o.label);
        expect(r.voxels).toBe(o.area);
        expect(r.volume).toBe(o.area * 0.25);
        // regionprops: centroid (z, y, x); bbox (min z, min y, min x, max z + 1, max y + 1, max x + 1).
        expect([r.centroid.z, r.centroid.y, r.centroid.x]).toEqual(o.centroid);
        expect(r.centroidPhysical).toEqual({ x: o.centroid[2] * 0.5, y: o.centroid[1] * 0.25, z: o.centroid[0] * 2 });
        const [z0, y0, x0, z1, y1, x1] = o.bbox;
        expect({ min: r.min, max: r.max }).toEqual({ min: { x: x0, y: y0, z: z0 }, max: { x: x1 - 1, y: y1 - 1, z: z1 - 1 } });
        // Ours is a float64 mean; regionprops' is in the intensity's type (float32 here: ~1e-7).
        expect(r.meanIntensity).toBeCloseTo(o.intensity_mean_f64, 10);
        expect(Math.abs(r.meanIntensity! - o.intensity_mean)).toBeLessThanOrEqual(Math.abs(o.intensity_mean) * 1e-6);
      }
    });
  }
});

describe('object table', () => {
  // Two objects in a 4x3x2 volume: label 1 an L over both planes, label 2 one voxel; label 3 absent.
  const dims = { x: 4, y: 3, z: 2 };
  const labels = new Int32Array([
    1, 1, 0, 0,
    0, 0, 0, 2,
    0, 0, 0, 0,

    0, 0, 0, 0,
    1, 0, 0, 0,
    0, 0, 0, 0,
  ]);
  const intensity = { data: new Uint16Array(24).map((_, i) => i * 10), dims, dtype: 'uint16' as const };

  it('gives each object its voxels, volume, centroid, inclusive bbox and mean intensity', () => {
    const t = regionTable(labels, dims, { x: 2, y: 3, z: 5 }, intensity, 3);
    expect([...presentLabels(t)]).toEqual([1, 2]);
    expect(regionAt(t, 1)).toEqual({
      label: 1, voxels: 3, volume: 90,
      centroid: { x: 1 / 3, y: 1 / 3, z: 1 / 3 }, centroidPhysical: { x: (1 / 3) * 2, y: 1, z: (1 / 3) * 5 },
      min: { x: 0, y: 0, z: 0 }, max: { x: 1, y: 1, z: 1 }, meanIntensity: (0 + 10 + 160) / 3,
    });
    expect(regionAt(t, 2)).toMatchObject({ voxels: 1, centroid: { x: 3, y: 1, z: 0 }, min: { x: 3, y: 1, z: 0 }, max: { x: 3, y: 1, z: 0 }, meanIntensity: 70 });
  });

  it('finds the bbox minimum in y even when the first voxel is not on the lowest row', () => {
    const l = new Int32Array([0, 0, 0, 1, 1, 0, 0, 0]); // z=0: row 1; z=1: row 0
    const r = regionAt(regionTable(l, { x: 2, y: 2, z: 2 }, { x: 1, y: 1, z: 1 }), 1);
    expect({ min: r.min, max: r.max }).toEqual({ min: { x: 0, y: 0, z: 0 }, max: { x: 1, y: 1, z: 1 } });
  });

  it('writes CSV with units in the column names, one row per object that has voxels', () => {
    const csv = regionsCsv(regionTable(labels, dims, { x: 2, y: 3, z: 5 }, intensity, 3), 'µm');
    expect(csv).toBe([
      'label,voxels,volume [µm³],centroid x [voxel],centroid y [voxel],centroid z [voxel],centroid x [µm],centroid y [µm],centroid z [µm],'
        + 'bbox min x [voxel],bbox min y [voxel],bbox min z [voxel],bbox max x [voxel],bbox max y [voxel],bbox max z [voxel],mean intensity',
      `1,3,90,${1 / 3},${1 / 3},${1 / 3},${(1 / 3) * 2},1,${(1 / 3) * 5},0,0,0,1,1,1,${170 / 3}`,
      '2,1,30,3,1,0,6,3,0,3,1,0,3,1,0,70',
      '',
    ].join('\n'));
    const noIntensity = regionsCsv(regionTable(labels, dims, { x: 1, y: 1, z: 1 }), '');
    expect(noIntensity.split('\n')[0]).toMatch(/^label,voxels,volume \[units³\],.*bbox max z \[voxel\]$/);
    expect(noIntensity.split('\n')[2]).toBe('2,1,1,3,1,0,3,1,0,3,1,0,3,1,0');
    expect(regionsCsv(regionTable(labels, dims, { x: 1, y: 1, z: 1 }), 'a,b').split('\n')[0]).toContain('"volume [a,b³]"');
  });

  it('refuses mismatched volumes and labels above the count', () => {
    const other = { ...intensity, dims: { x: 4, y: 3, z: 1 } };
    expect(() => regionTable(labels, dims, { x: 1, y: 1, z: 1 }, other)).toThrow(/^regions: the intensity volume is 4x3x1, the labels 4x3x2/);
    expect(() => regionTable(labels, dims, { x: 1, y: 1, z: 1 }, null, 1)).toThrow(/^regions: label 2 at voxel \(3, 1, 0\) is above the count 1/);
  });
});
