import type { SplitPlan, VolumeView, ZRange } from '../types.js';
import { labelComponents, type Connectivity } from './connected-components.js';
import { MinUnionFind } from './union-find.js';

/*
 * scipy.ndimage.label in parallel, with exactly its labels. Round 0 labels each z-slab as a volume of
 * its own (labels 1..n_k in the raster order of the slab). Between the rounds, on the calling thread,
 * the slabs' labels become provisional labels of the whole volume (slab k's offset by the labels of
 * the slabs before it: so provisional labels run in the raster order of each piece's first voxel) and
 * the pieces that touch across each slab boundary are joined in a union-find whose roots are the
 * smallest: numbering the roots in order numbers the components by their first voxel, as scipy does.
 * Round 1 rewrites each slab's labels with their final ones.
 */

/** In-plane offsets (dy, dx) of the voxels of the plane before that touch a voxel, per connectivity. */
const ACROSS: Record<Connectivity, Int32Array> = {
  6: Int32Array.of(0, 0),
  18: Int32Array.of(0, 0, -1, 0, 1, 0, 0, -1, 0, 1),
  26: Int32Array.of(0, 0, -1, 0, 1, 0, 0, -1, 0, 1, -1, -1, -1, 1, 1, -1, 1, 1),
};

export function labelPlan(connectivity: Connectivity): SplitPlan {
  return {
    rounds: 2,
    slab(round, input, output, [z0, z1], arg) {
      const labels = slabOf(output, z0, z1).data as Int32Array;
      if (round === 0) return labelComponents(slabOf(input, z0, z1), connectivity, labels);
      relabel(labels, arg as Int32Array);
      return null;
    },
    between(_round, counts, slabs, _input, output) {
      return finalLabels(output.data as Int32Array, output.dims.x, output.dims.y, slabs, counts as number[], connectivity);
    },
  };
}

/** Planes [z0, z1) of a volume as a volume of their own (a view). */
function slabOf(v: VolumeView, z0: number, z1: number): VolumeView {
  const plane = v.dims.x * v.dims.y;
  return { dims: { ...v.dims, z: z1 - z0 }, dtype: v.dtype, data: v.data.subarray(z0 * plane, z1 * plane) as VolumeView['data'] };
}

/**
 * Each slab's map from its own labels to the final ones (index 0 maps to 0), or null where they are
 * the same; `labels` holds every slab's own labels.
 */
export function finalLabels(labels: Int32Array, X: number, Y: number, slabs: readonly ZRange[], counts: readonly number[], connectivity: Connectivity): (Int32Array | null)[] {
  const offsets = [0];
  for (const n of counts) offsets.push(offsets[offsets.length - 1] + n);
  const uf = new MinUnionFind(offsets[counts.length], offsets[counts.length]);
  for (let l = 0; l < offsets[counts.length]; l++) uf.add();
  const across = ACROSS[connectivity];
  const plane = X * Y;
  for (let k = 1; k < slabs.length; k++) {
    const below = (slabs[k][0] - 1) * plane;
    const here = slabs[k][0] * plane;
    const offBelow = offsets[k - 1];
    const offHere = offsets[k];
    for (let y = 0; y < Y; y++) {
      for (let x = 0; x < X; x++) {
        const l = labels[here + y * X + x];
        if (l === 0) continue;
        for (let j = 0; j < across.length; j += 2) {
          const ny = y + across[j];
          const nx = x + across[j + 1];
          if (ny < 0 || ny >= Y || nx < 0 || nx >= X) continue;
          const m = labels[below + ny * X + nx];
          if (m !== 0) uf.union(offHere + l, offBelow + m);
        }
      }
    }
  }
  uf.resolve();
  const final = uf.parent;
  return counts.map((n, k) => {
    const map = new Int32Array(n + 1);
    let same = true;
    for (let l = 1; l <= n; l++) {
      map[l] = final[offsets[k] + l];
      same &&= map[l] === l;
    }
    return same ? null : map;
  });
}

/** Rewrites labels through `map` (whose 0 is 0: background stays, with no branch). */
function relabel(labels: Int32Array, map: Int32Array): void {
  for (let i = 0; i < labels.length; i++) labels[i] = map[labels[i]];
}
