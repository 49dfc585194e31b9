import { slabOf } from '../slab-view.js';
import type { SplitPlan } from '../types.js';
import { labelComponents, type Connectivity } from './connected-components.js';
import { MinUnionFind } from './union-find.js';

/*
 * scipy.ndimage.label in parallel, with exactly its labels. Round 0 labels each z-slab as a volume of
 * its own (labels 1..n_k in the raster order of the slab). Round 1 lists, for each slab after the
 * first, the pairs of its own labels and the slab before's that touch across their boundary (on the
 * workers: a boundary of a large plane is millions of voxels, too many for the UI thread of the
 * renderer, which runs `between`). Between the rounds the slabs' labels become provisional labels of
 * the whole volume (slab k's offset by the labels of the slabs before it: so provisional labels run
 * in the raster order of each piece's first voxel) and the touching pieces are joined in a union-find
 * whose roots are the smallest: numbering the roots in order numbers the components by their first
 * voxel, as scipy does. Round 2 rewrites each slab's labels with their final ones.
 */

/** In-plane offsets (dy, dx) of the voxels of the plane before that touch a voxel, per connectivity. */
const ACROSS: Record<Connectivity, Int32Array> = {
  6: Int32Array.of(0, 0),
  18: Int32Array.of(0, 0, -1, 0, 1, 0, 0, -1, 0, 1),
  26: Int32Array.of(0, 0, -1, 0, 1, 0, 0, -1, 0, 1, -1, -1, -1, 1, 1, -1, 1, 1),
};

export function labelPlan(connectivity: Connectivity): SplitPlan {
  // Each slab's label count from round 0 (kept by `between`, which runs on the calling thread, on this one plan).
  let counts: number[] = [];
  return {
    rounds: 3,
    slab(round, input, output, [z0, z1], arg) {
      const mine = slabOf(output, z0, z1).data as Int32Array;
      if (round === 0) return labelComponents(slabOf(input, z0, z1), connectivity, mine);
      // The plane below this slab is the slab before's: read, not written.
      if (round === 1) return touchingPairs(output.data as Int32Array, output.dims.x, output.dims.y, z0, connectivity);
      relabel(mine, arg as Int32Array);
      return null;
    },
    between(round, summaries, slabs) {
      if (round === 0) {
        counts = summaries as number[];
        return slabs.map((_s, k) => (k === 0 ? null : true)); // the first slab has no boundary below it
      }
      return finalLabels(counts, summaries as (Int32Array | null)[]);
    },
  };
}

/**
 * The pairs (this slab's label, the slab below's label) of voxels of plane z and plane z - 1 that
 * touch, flat; a pair repeated right after itself (a run along x) is listed once.
 */
function touchingPairs(labels: Int32Array, X: number, Y: number, z: number, connectivity: Connectivity): Int32Array {
  const across = ACROSS[connectivity];
  const below = (z - 1) * X * Y;
  const here = z * X * Y;
  let pairs = new Int32Array(1024);
  let n = 0;
  for (let y = 0; y < Y; y++) {
    for (let x = 0; x < X; x++) {
      const l = labels[here + y * X + x];
      if (l === 0) continue;
      for (let j = 0; j < across.length; j += 2) {
        const ny = y + across[j];
        const nx = x + across[j + 1];
        if (ny < 0 || ny >= Y || nx < 0 || nx >= X) continue;
        const m = labels[below + ny * X + nx];
        if (m === 0 || (n > 0 && pairs[n - 2] === l && pairs[n - 1] === m)) continue;
        if (n === pairs.length) {
          const grown = new Int32Array(2 * pairs.length);
          grown.set(pairs);
          pairs = grown;
        }
        pairs[n++] = l;
        pairs[n++] = m;
      }
    }
  }
  return pairs.slice(0, n);
}

/**
 * Each slab's map from its own labels to the final ones (index 0 maps to 0), or null where they are
 * the same, from the slabs' label counts and the pairs that touch across each boundary (none below
 * the first slab).
 */
function finalLabels(counts: readonly number[], pairs: readonly (Int32Array | null)[]): (Int32Array | null)[] {
  const offsets = [0];
  for (const n of counts) offsets.push(offsets[offsets.length - 1] + n);
  const total = offsets[counts.length];
  const uf = new MinUnionFind(total, total);
  for (let l = 0; l < total; l++) uf.add();
  pairs.forEach((p, k) => {
    if (!p) return;
    for (let i = 0; i < p.length; i += 2) uf.union(offsets[k] + p[i], offsets[k - 1] + p[i + 1]);
  });
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
