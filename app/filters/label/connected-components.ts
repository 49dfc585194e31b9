import { realValues } from '../real-values.js';
import type { Dims3, VolumeView } from '../types.js';
import { runScan, type RunScan } from './run-scan.js';
import { MinUnionFind } from './union-find.js';

/*
 * scipy.ndimage.label: every nonzero voxel is foreground (NaN too); voxels are connected through faces
 * (6), faces and edges (18) or faces, edges and corners (26); labels run 1..n in the raster order
 * (z, y, x) of each component's first voxel, 0 is background. On a volume with one plane, 6 is 2D
 * 4-connectivity and 18 and 26 are both 8-connectivity (scipy gives the same on a (1, y, x) array).
 *
 * Two passes over runs of foreground along x. The first gives each run a provisional label, joined in a
 * union-find with the runs it touches in the row before it and in three rows of the plane before (only
 * the previous plane is kept, as run lists); it writes provisional labels into the output. The second
 * rewrites the runs whose final label differs. Memory: the int32 output, two planes of runs (12 bytes
 * per run, at most x/2 runs per row), the union-find (4 bytes per provisional label, at most one per
 * run: from none for a full volume to half the voxels for a checkerboard in x) and a log of where the
 * runs are (8 bytes per run, while there are at most one per 32 voxels).
 */

export const CONNECTIVITIES = [6, 18, 26] as const;
export type Connectivity = (typeof CONNECTIVITIES)[number];

/**
 * The neighbour rows of a run, as flat triples: dy, dz and whether runs touching only diagonally (in x)
 * count.
 */
const NEIGHBOURS: Record<Connectivity, Int32Array> = {
  6: Int32Array.of(-1, 0, 0, 0, -1, 0),
  18: Int32Array.of(-1, 0, 1, -1, -1, 0, 0, -1, 1, 1, -1, 0),
  26: Int32Array.of(-1, 0, 1, -1, -1, 1, 0, -1, 1, 1, -1, 1),
};

/** The runs of one plane: run k spans [start[k], end[k]) of its row; row y holds runs rowStart[y]..rowStart[y+1]. */
class PlaneRuns {
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly label: Int32Array;
  readonly rowStart: Int32Array;

  constructor(x: number, y: number) {
    const most = Math.ceil(x / 2) * y;
    this.start = new Int32Array(most);
    this.end = new Int32Array(most);
    this.label = new Int32Array(most);
    this.rowStart = new Int32Array(y + 1);
  }
}

/**
 * Labels `input` into `out` (int32, one per voxel) and returns the number of components.
 */
export function labelComponents(input: VolumeView, connectivity: Connectivity, out: Int32Array): number {
  const neighbours = NEIGHBOURS[connectivity];
  if (!neighbours) throw new Error(`label: connectivity must be 6, 18 or 26, not ${String(connectivity)}`);
  const a = realValues(input, 'label');
  const { x: X, y: Y, z: Z } = input.dims;
  if (out.length < X * Y * Z) throw new Error(`label: the output holds ${out.length} labels for ${X * Y * Z} voxels`);
  out.fill(0, 0, X * Y * Z);
  // Plane by plane, so V8 optimizes the per-plane code once and keeps it (see threshold/histogram.ts).
  const log = new RunLog(Math.max(1024, (X * Y * Z) >> 5));
  const pass = new FirstPass(input.dims, neighbours, runScan(a), out, log);
  for (let z = 0; z < Z; z++) pass.plane(z);
  const count = pass.uf.resolve();
  const final = pass.uf.parent;
  if (log.complete) for (let k = 0; k < log.size; k += 1 << 16) relabelRuns(log, out, final, k, Math.min(log.size, k + (1 << 16)));
  else for (let z = 0; z < Z; z++) relabelPlane(runScan(a), out, final, X, Y, z);
  return count;
}

/**
 * Where the runs are (offsets of their first and one past their last voxel), kept for the second pass
 * while there are at most `limit` of them (8 bytes each; a label image of objects has far fewer runs
 * than voxels); past that the second pass finds them again.
 */
class RunLog {
  start: Int32Array<ArrayBuffer> = new Int32Array(1024);
  end: Int32Array<ArrayBuffer> = new Int32Array(1024);
  size = 0;
  complete = true;

  constructor(private readonly limit: number) {}

  add(start: number, end: number): void {
    if (!this.complete) return;
    if (this.size === this.start.length) {
      if (this.size >= this.limit) {
        this.complete = false;
        this.start = this.end = new Int32Array(0);
        return;
      }
      const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
        const b = new Int32Array(Math.min(this.limit, 2 * a.length));
        b.set(a);
        return b;
      };
      this.start = grow(this.start);
      this.end = grow(this.end);
    }
    this.start[this.size] = start;
    this.end[this.size++] = end;
  }
}

/** The second pass from the log: each run holds one provisional label; rewrite those whose final label differs. */
function relabelRuns(log: RunLog, out: Int32Array, final: Int32Array, from: number, to: number): void {
  for (let k = from; k < to; k++) {
    const s = log.start[k];
    const l = final[out[s]];
    if (l !== out[s]) out.fill(l, s, log.end[k]);
  }
}

/** Provisional labels, plane by plane, keeping the previous plane's runs. */
class FirstPass {
  readonly uf: MinUnionFind;
  private prev: PlaneRuns;
  private cur: PlaneRuns;
  // Per neighbour row of the row being scanned: its runs, the first run that may still touch a run of
  // this row (runs only move right, so it only moves forward), the end of its runs, diagonal or not.
  private readonly nbRuns: PlaneRuns[];
  private readonly nbNext: Int32Array;
  private readonly nbEnd: Int32Array;
  private readonly nbDiagonal: Int32Array;

  constructor(
    private readonly dims: Dims3,
    private readonly neighbours: Int32Array,
    private readonly scan: RunScan,
    private readonly out: Int32Array,
    private readonly log: RunLog,
  ) {
    this.uf = new MinUnionFind(Math.ceil(dims.x / 2) * dims.y * dims.z);
    this.prev = new PlaneRuns(dims.x, dims.y);
    this.cur = new PlaneRuns(dims.x, dims.y);
    const m = neighbours.length / 3;
    this.nbRuns = new Array<PlaneRuns>(m).fill(this.cur);
    this.nbNext = new Int32Array(m);
    this.nbEnd = new Int32Array(m);
    this.nbDiagonal = new Int32Array(m);
  }

  plane(z: number): void {
    const { x: X, y: Y } = this.dims;
    const { cur, prev, uf, scan, out, log, nbRuns, nbNext, nbEnd, nbDiagonal } = this;
    let n = 0;
    for (let y = 0; y < Y; y++) {
      cur.rowStart[y] = n;
      let used = 0;
      const nb = this.neighbours;
      for (let j = 0; j < nb.length; j += 3) {
        const ny = y + nb[j];
        if (ny < 0 || ny >= Y || z + nb[j + 1] < 0) continue;
        const runs = nb[j + 1] ? prev : cur;
        nbRuns[used] = runs;
        nbNext[used] = runs.rowStart[ny];
        nbEnd[used] = runs.rowStart[ny + 1];
        nbDiagonal[used++] = nb[j + 2];
      }
      const row = (z * Y + y) * X;
      for (let x = 0; ; ) {
        x = scan.nextForeground(row + x, row + X) - row;
        if (x === X) break;
        const s = x;
        x = scan.nextBackground(row + x, row + X) - row;
        // The run [s, x) touches a neighbour run [start, end) when start < x + d and end + d > s.
        let label = 0;
        for (let j = 0; j < used; j++) {
          const runs = nbRuns[j];
          const d = nbDiagonal[j];
          let k = nbNext[j];
          const kEnd = nbEnd[j];
          while (k < kEnd && runs.end[k] + d <= s) k++;
          nbNext[j] = k;
          for (; k < kEnd && runs.start[k] < x + d; k++) {
            label = label === 0 ? uf.find(runs.label[k]) : uf.union(label, runs.label[k]);
          }
        }
        if (label === 0) label = uf.add();
        cur.start[n] = s;
        cur.end[n] = x;
        cur.label[n++] = label;
        out.fill(label, row + s, row + x);
        log.add(row + s, row + x);
      }
    }
    cur.rowStart[Y] = n;
    this.prev = cur;
    this.cur = prev;
  }
}

/** The second pass on one plane, finding the runs again: each run holds one provisional label; rewrite those whose final label differs. */
function relabelPlane(scan: RunScan, out: Int32Array, final: Int32Array, X: number, Y: number, z: number): void {
  for (let row = z * Y * X, end = row + Y * X; row < end; row += X) {
    for (let i = row; ; ) {
      i = scan.nextForeground(i, row + X);
      if (i === row + X) break;
      const s = i;
      i = scan.nextBackground(i, row + X);
      const l = final[out[s]];
      if (l !== out[s]) out.fill(l, s, i);
    }
  }
}
