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
  op: FilterOp<unknown>;
  params: unknown;
}

export interface RunContext {
  throwIfCancelled(): void;
  /** One more unit of work done (a step on a chunk). */
  step?(): void;
  /**
   * Where a step's result goes that is not the caller's `into` (default: a new buffer); a job's results
   * on the way are its own until it ends (ScratchBuffers).
   */
  alloc?(dims: Dims3, dtype: DType): VolumeView;
}

const alloc = (ctx: RunContext, dims: Dims3, dtype: DType): VolumeView => (ctx.alloc ? ctx.alloc(dims, dtype) : allocView(dims, dtype));

/**
 * Planes a step computes between two checks of the cancel flag: at least 8, and at least 8 times the
 * step's reach along z. Each chunk is a call of its own that recomputes the planes its halo reaches
 * into (a gaussian of sigma 2 reads 8 planes each side), so chunks of 8 planes did three times the
 * in-plane work of the filter itself; at 8 halos the overhead is a quarter at most.
 */
const CHUNK_PLANES = 8;

function chunkPlanes(s: RunStep, planes: number): number {
  return s.op.global ? planes : Math.max(CHUNK_PLANES, 8 * s.op.halo(s.params as never).z);
}

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
 * The box each step must produce for the region to come out exact: the last step the region, each step
 * before it that grown by the next step's halo, clipped to the volume (need[0] is the input box). Along
 * an axis where a step wraps around (mode 'wrap') and the grown box reaches an edge, the voxels beyond
 * that edge are those of the far side: the box then takes the whole axis.
 */
export function needBoxes(steps: readonly RunStep[], region: Box, d: Dims3): Box[] {
  const wraps = steps.some((s) => (s.params as { mode?: unknown }).mode === 'wrap');
  const grow = (lo: number, hi: number, by: number, n: number): [number, number] => {
    const a = lo - by;
    const b = hi + by;
    if (wraps && by > 0 && (a < 0 || b > n)) return [0, n];
    return [Math.max(0, a), Math.min(n, b)];
  };
  const need: Box[] = [region];
  for (let k = steps.length - 1; k >= 0; k--) {
    const h = steps[k].op.halo(steps[k].params as never);
    const b = need[0];
    const [x0, x1] = grow(b.x0, b.x1, h.x, d.x);
    const [y0, y1] = grow(b.y0, b.y1, h.y, d.y);
    const [z0, z1] = grow(b.z0, b.z1, h.z, d.z);
    need.unshift({ x0, x1, y0, y1, z0, z1 });
  }
  return need;
}

/** The input box a region needs: grown by every step's halo (need[0] of needBoxes). */
export function inputBox(steps: readonly RunStep[], region: Box, d: Dims3): Box {
  return needBoxes(steps, region, d)[0];
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

/**
 * Runs every step over the whole of `v` (planes in chunks, checking for a cancel between them); the
 * last step writes into `into` when it fits (v's dims, the result's type).
 */
export function runWhole(v: VolumeView, steps: readonly RunStep[], ctx: RunContext, into?: VolumeView): VolumeView {
  let cur = v;
  for (const [k, s] of steps.entries()) {
    const dtype = s.op.outputDtype(cur.dtype, s.params as never);
    const out = k === steps.length - 1 && into && fits(into, cur.dims, dtype) ? into : alloc(ctx, cur.dims, dtype);
    const chunk = chunkPlanes(s, cur.dims.z);
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
 * usually keeps that part's result to reuse. Each step computes only the box the steps after it need;
 * a box of whole planes (an xy preview, a slab of Apply) is computed straight from the volume before
 * it, with no copy; other boxes are cut out of a cropped copy.
 *
 * `into` (a view of the region's dims and the result's type), when given, is where a last step computed
 * plane by plane writes: straight into the caller's result volume, with no slab buffer to allocate and
 * copy (a 256^3 Apply spent more time in those than in the filter). The result is then `into` itself;
 * otherwise it is a new view the caller copies from.
 */
export function runRegion(v: VolumeView, steps: readonly RunStep[], region: Box, ctx: RunContext, into?: VolumeView): VolumeView {
  const g = lastGlobalStep(steps);
  if (g >= 0) {
    // A pipeline ending in a whole-volume step, asked for the whole volume (Apply): straight into `into`.
    const last = g === steps.length - 1 && sameBox(region, wholeBox(v.dims));
    return runRegion(runWhole(v, steps.slice(0, g + 1), ctx, last ? into : undefined), steps.slice(g + 1), region, ctx, into);
  }
  const d = v.dims;
  // No steps left (the pipeline ended with a whole-volume step): the region is cut out of its result.
  if (steps.length === 0) return sameBox(region, wholeBox(d)) ? v : cropView(v, region, into && fits(into, boxDims(region), v.dtype) ? into : alloc(ctx, boxDims(region), v.dtype));
  const need = needBoxes(steps, region, d);
  const planes = (b: Box): boolean => b.x0 === 0 && b.x1 === d.x && b.y0 === 0 && b.y1 === d.y;
  let cur = v;
  let at = wholeBox(d);
  steps.forEach((s, k) => {
    const want = need[k + 1];
    if (planes(want) && planes(at)) {
      cur = runPlanes(cur, s, want.z0 - at.z0, want.z1 - at.z0, ctx, k === steps.length - 1 ? into : undefined);
    } else {
      const from = relative(need[k], at);
      const input = sameBox(from, wholeBox(cur.dims)) ? cur : cropView(cur, from, alloc(ctx, boxDims(from), cur.dtype));
      // Only the planes of the crop the region needs (a half plane of a preview is one plane of a crop
      // that reaches a halo above and below it), then the region cut out of them.
      const rel = relative(want, need[k]);
      const out = runPlanes(input, s, rel.z0, rel.z1, ctx);
      const part = { ...rel, z0: 0, z1: rel.z1 - rel.z0 };
      const dest = k === steps.length - 1 && into && fits(into, boxDims(part), out.dtype) ? into : null;
      cur = sameBox(part, wholeBox(out.dims)) ? out : cropView(out, part, dest ?? alloc(ctx, boxDims(part), out.dtype));
    }
    at = want;
  });
  return cur;
}

/**
 * One step's output planes [z0, z1) of `v`, as a volume of those planes (in chunks, checking for a
 * cancel): in `into` when given (of those planes' dims and the step's output type).
 */
function runPlanes(v: VolumeView, s: RunStep, z0: number, z1: number, ctx: RunContext, into?: VolumeView): VolumeView {
  const dims = { ...v.dims, z: z1 - z0 };
  const dtype = s.op.outputDtype(v.dtype, s.params as never);
  const out = into && fits(into, dims, dtype) ? into : alloc(ctx, dims, dtype);
  const chunk = chunkPlanes(s, z1 - z0);
  const plane = v.dims.x * v.dims.y;
  for (let z = z0; z < z1; z += chunk) {
    ctx.throwIfCancelled();
    const e = Math.min(z1, z + chunk);
    // A view of planes [z, e) of the output, so each chunk writes an output of its own size.
    const part: VolumeView = {
      dims: { ...v.dims, z: e - z }, dtype: out.dtype,
      data: typedView(out.dtype, out.data.buffer, out.data.byteOffset + (z - z0) * plane * out.data.BYTES_PER_ELEMENT, (e - z) * plane),
    };
    s.op.run(v, s.params as never, part, [z, e]);
    ctx.step?.();
  }
  return out;
}

/** `v` can take a result of these dims and type. */
function fits(v: VolumeView, dims: Dims3, dtype: DType): boolean {
  return v.dtype === dtype && v.dims.x === dims.x && v.dims.y === dims.y && v.dims.z === dims.z;
}

/** Box b in the coordinates of box `in_` (which contains it). */
function relative(b: Box, in_: Box): Box {
  return { x0: b.x0 - in_.x0, x1: b.x1 - in_.x0, y0: b.y0 - in_.y0, y1: b.y1 - in_.y0, z0: b.z0 - in_.z0, z1: b.z1 - in_.z0 };
}

function sameBox(a: Box, b: Box): boolean {
  return a.x0 === b.x0 && a.x1 === b.x1 && a.y0 === b.y0 && a.y1 === b.y1 && a.z0 === b.z0 && a.z1 === b.z1;
}
