import { bytesPerVoxel, typedView, type DType } from '../model/dtype.js';
import type { Dims3, FilterOp, VolumeView } from '../filters/types.js';

/**
 * Running a pipeline's steps on a region of a volume with exactly the result the whole volume would
 * give there: the input is cropped to the region grown by the steps' halos (clipped to the volume, so
 * the boundary modes apply only at the volume's own edges), each step runs on the crop, and the region
 * is cut out of the last result. The preview of a slice and the slabs of Apply go through this same
 * code, so what the user tuned on a slice is what Apply computes.
 */

/** A box of voxels, half-open: x0 <= x < x1 ... */
export interface Box { x0: number; x1: number; y0: number; y1: number; z0: number; z1: number }

/** A step ready to run: its op and its validated parameters. */
export interface RunStep {
  name: string;
  op: FilterOp<never>;
  params: unknown;
}

export interface RunContext {
  throwIfCancelled(): void;
  /** One more unit of work done (a step on a chunk). */
  step?(): void;
}

/** Planes a step computes between two checks of the cancel flag. */
const CHUNK_PLANES = 8;

export function wholeBox(d: Dims3): Box {
  return { x0: 0, x1: d.x, y0: 0, y1: d.y, z0: 0, z1: d.z };
}

export function boxDims(b: Box): Dims3 {
  return { x: b.x1 - b.x0, y: b.y1 - b.y0, z: b.z1 - b.z0 };
}

export function allocView(dims: Dims3, dtype: DType, sab = false): VolumeView {
  const bytes = dims.x * dims.y * dims.z * bytesPerVoxel(dtype);
  return { dims, dtype, data: typedView(dtype, sab ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes)) };
}

/** The output type after every step. */
export function outputDtypeOf(steps: readonly RunStep[], input: DType): DType {
  return steps.reduce((t, s) => s.op.outputDtype(t, s.params as never), input);
}

/** The last step that needs the whole volume (a threshold from the histogram, labeling), or -1. */
export function lastGlobalStep(steps: readonly RunStep[]): number {
  for (let i = steps.length - 1; i >= 0; i--) if (steps[i].op.global) return i;
  return -1;
}

/**
 * The input box the region needs: grown by every step's halo, clipped to the volume. Along an axis where
 * a step wraps around (mode 'wrap') and the grown box reaches an edge, the voxels beyond that edge are
 * those of the far side: the crop then takes the whole axis.
 */
export function inputBox(steps: readonly RunStep[], region: Box, d: Dims3): Box {
  const h = { x: 0, y: 0, z: 0 };
  for (const s of steps) {
    const sh = s.op.halo(s.params as never);
    h.x += sh.x;
    h.y += sh.y;
    h.z += sh.z;
  }
  const wraps = steps.some((s) => (s.params as { mode?: unknown }).mode === 'wrap');
  const grow = (lo: number, hi: number, by: number, n: number): [number, number] => {
    const a = lo - by;
    const b = hi + by;
    if (wraps && (a < 0 || b > n)) return [0, n];
    return [Math.max(0, a), Math.min(n, b)];
  };
  const [x0, x1] = grow(region.x0, region.x1, h.x, d.x);
  const [y0, y1] = grow(region.y0, region.y1, h.y, d.y);
  const [z0, z1] = grow(region.z0, region.z1, h.z, d.z);
  return { x0, x1, y0, y1, z0, z1 };
}

/** Copies box `b` of `v` into a new view (or `into`, of b's size). */
export function cropView(v: VolumeView, b: Box, into?: VolumeView): VolumeView {
  const dims = boxDims(b);
  const out = into ?? allocView(dims, v.dtype);
  const src = v.data as unknown as { subarray(a: number, b: number): ArrayLike<number> };
  const dst = out.data as unknown as { set(a: ArrayLike<number>, at: number): void };
  const { x: X, y: Y } = v.dims;
  for (let z = 0; z < dims.z; z++) {
    for (let y = 0; y < dims.y; y++) {
      const from = b.x0 + X * (b.y0 + y + Y * (b.z0 + z));
      dst.set(src.subarray(from, from + dims.x), dims.x * (y + dims.y * z));
    }
  }
  return out;
}

/** Writes `part` (a view of box b's size) into box b of `v`. */
export function pasteView(v: VolumeView, b: Box, part: VolumeView): void {
  const dims = boxDims(b);
  const src = part.data as unknown as { subarray(a: number, b: number): ArrayLike<number> };
  const dst = v.data as unknown as { set(a: ArrayLike<number>, at: number): void };
  const { x: X, y: Y } = v.dims;
  for (let z = 0; z < dims.z; z++) {
    for (let y = 0; y < dims.y; y++) {
      const from = dims.x * (y + dims.y * z);
      dst.set(src.subarray(from, from + dims.x), b.x0 + X * (b.y0 + y + Y * (b.z0 + z)));
    }
  }
}

/** Runs every step over the whole of `v` (planes in chunks, checking for a cancel between them). */
export function runWhole(v: VolumeView, steps: readonly RunStep[], ctx: RunContext): VolumeView {
  let cur = v;
  for (const s of steps) {
    const out = allocView(cur.dims, s.op.outputDtype(cur.dtype, s.params as never));
    const chunk = s.op.global ? cur.dims.z : CHUNK_PLANES;
    for (let z = 0; z < cur.dims.z; z += chunk) {
      ctx.throwIfCancelled();
      s.op.run(cur, s.params as never, out, [z, Math.min(cur.dims.z, z + chunk)]);
      ctx.step?.();
    }
    cur = out;
  }
  return cur;
}

/**
 * The steps' result over `region` of `v`, exactly as running them over all of `v` gives it there.
 * Steps that need the whole volume must come first and are run whole (see lastGlobalStep); the caller
 * usually keeps that part's result to reuse.
 */
export function runRegion(v: VolumeView, steps: readonly RunStep[], region: Box, ctx: RunContext): VolumeView {
  const g = lastGlobalStep(steps);
  if (g >= 0) return runRegion(runWhole(v, steps.slice(0, g + 1), ctx), steps.slice(g + 1), region, ctx);
  const crop = inputBox(steps, region, v.dims);
  const result = runWhole(cropView(v, crop), steps, ctx);
  const at: Box = {
    x0: region.x0 - crop.x0, x1: region.x1 - crop.x0, y0: region.y0 - crop.y0, y1: region.y1 - crop.y0,
    z0: region.z0 - crop.z0, z1: region.z1 - crop.z0,
  };
  return cropView(result, at);
}
