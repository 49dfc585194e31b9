import { describe, expect, it } from 'vitest';
import { CONNECTIVITIES, labelComponents, type Connectivity } from '../../../app/filters/label/connected-components.js';
import { labelPlan } from '../../../app/filters/label/label-slabs.js';
import type { VolumeView, ZRange } from '../../../app/filters/types.js';
import { EXPECTED, makeMask, sha256 } from './fixtures.js';
import { evenSlabs, runInSlabs } from './split-kit.js';

/** Labeling in slabs (label-slabs.ts) gives scipy.ndimage.label's labels exactly, whatever the slabs. */
const labelInSlabs = (mask: VolumeView, connectivity: Connectivity, slabs: ZRange[]): Int32Array =>
  runInSlabs(labelPlan(connectivity), mask, 'int32', slabs).data as Int32Array;

/** Slabs given by their first planes after 0. */
const at = (z: number, ...starts: number[]): ZRange[] => [0, ...starts].map((s, k, all) => [s, k + 1 < all.length ? all[k + 1] : z]);
const even = evenSlabs;

describe('labels in slabs against scipy.ndimage.label (test/fixtures/segmentation)', () => {
  for (const spec of EXPECTED.labels) {
    const mask = makeMask(spec);
    const z = mask.dims.z;
    for (const c of CONNECTIVITIES) {
      it(`${spec.name}, connectivity ${c}, slabs of every size`, () => {
        for (const n of new Set([1, 2, 3, 7, z].filter((k) => k <= z))) expect(sha256(labelInSlabs(mask, c, even(z, n))), `${n} slabs`).toBe(spec.results[c].sha256);
      });
    }
  }
});

/** A random mask of the given density (a 32-bit hash of the index), x fastest. */
function randomMask(x: number, y: number, z: number, density: number, seed: number): VolumeView {
  const data = new Uint8Array(x * y * z);
  for (let i = 0; i < data.length; i++) data[i] = +((Math.imul(i + seed, 0x9e3779b1) >>> 8) / 16777216 < density);
  return { dims: { x, y, z }, dtype: 'uint8', data };
}

describe('labels in slabs equal labelComponents over the whole volume', () => {
  it.each([0.2, 0.35, 0.5, 0.7])('random masks of density %s, every connectivity, uneven slabs and slabs of one plane', (density) => {
    const mask = randomMask(13, 11, 17, density, Math.round(density * 100));
    for (const c of CONNECTIVITIES) {
      const want = new Int32Array(mask.data.length);
      labelComponents(mask, c, want);
      for (const slabs of [even(17, 2), even(17, 5), even(17, 17), at(17, 1, 2, 9, 16)]) {
        expect(sha256(labelInSlabs(mask, c, slabs)), `connectivity ${c}, slabs ${JSON.stringify(slabs)}`).toBe(sha256(want));
      }
    }
  });

  it('joins pieces of one slab that meet only in a later slab, and numbers them by their first voxel', () => {
    // A U in (x, z): two columns from z = 0 joined by a bar at z = 3, and a dot at z = 0 between them
    // that the bar never touches. In the first slab (z < 2) the columns are labels 1 and 3, the dot 2:
    // the whole volume numbers the U 1 and the dot 2.
    const dims = { x: 5, y: 1, z: 4 };
    const data = new Uint8Array(20);
    const set = (x: number, z: number): void => void (data[z * 5 + x] = 1);
    for (let z = 0; z < 4; z++) {
      set(0, z);
      set(4, z);
    }
    for (let x = 0; x < 5; x++) set(x, 3);
    set(2, 0);
    const mask: VolumeView = { dims, dtype: 'uint8', data };
    const got = labelInSlabs(mask, 6, at(4, 2));
    expect(Array.from(got.subarray(0, 5))).toEqual([1, 0, 2, 0, 1]);
    expect(Array.from(got.subarray(15, 20))).toEqual([1, 1, 1, 1, 1]);
  });

  it('gives the first slab no boundary to list, and slabs whose labels stay as they are no work in the last round', () => {
    const mask = randomMask(8, 8, 8, 0.3, 1);
    const plan = labelPlan(26);
    const out: VolumeView = { dims: mask.dims, dtype: 'int32', data: new Int32Array(512) };
    const slabs = even(8, 2);
    const counts = slabs.map((s) => plan.slab(0, mask, out, s, undefined));
    const joins = plan.between(0, counts, slabs, mask, out);
    expect(joins[0]).toBeNull();
    const pairs = slabs.map((s, k) => (joins[k] === null ? null : plan.slab(1, mask, out, s, joins[k])));
    expect((pairs[1] as Int32Array).length).toBeGreaterThan(0); // pieces touch across the boundary
    const maps = plan.between(1, pairs, slabs, mask, out);
    expect(maps[0]).toBeNull(); // the first slab's pieces are all components that begin there, in order
    expect(maps[1]).toBeInstanceOf(Int32Array);
  });
});
