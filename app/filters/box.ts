import * as z from 'zod';
import { boxWindow, mirrored } from './boundary.js';
import type { Planes } from './kernels/plane-cache.js';
import { inputPlanes, Separable, type Pass, type Plane, type Step } from './kernels/passes.js';
import { SUFFIX, Workspace, type Elem } from './kernels/workspace.js';
import type { DType } from '../model/dtype.js';
import { activeAxes, checkRun, floatOutput, haloOf, refuseComplex, writePlane } from './op-support.js';
import { AXES, opSchema, sizeSchema, type Axis, type CommonParams, type XYZ } from './params.js';
import type { FilterOp, VolumeView } from './types.js';

/**
 * Separable box filters over scipy's windows ([i - size//2, i + size - size//2 - 1] per axis), one 1-D
 * pass per axis (z, y, x): the mean (scipy.ndimage.uniform_filter), the minimum and the maximum
 * (minimum_filter / maximum_filter, in the input's own type).
 */
export const sizeOnlySchema = opSchema({ size: sizeSchema });
export const uniformSchema = opSchema({ size: sizeSchema.default([3, 3, 3]) });
export type SizeParams = z.infer<typeof sizeOnlySchema>;

/** The size along each axis, x, y, z: 1 where the axis is not filtered. */
export function activeSizes(p: CommonParams & { size: XYZ }, input: VolumeView): XYZ {
  const on = activeAxes(p, input.dims);
  return AXES.map((a: Axis, i) => (on[a] ? p.size[i] : 1)) as XYZ;
}

/** size//2: the furthest a window of that size reaches (back; an even size reaches one less forward). */
export const sizeHalo = (p: CommonParams & { size: XYZ }) => haloOf(p, p.size.map((s) => Math.floor(s / 2)) as XYZ);

/**
 * One box pass per axis with size > 1, each by `kernel`(dst, lines..., size); `mirror` mirrors each
 * window (scipy's grey_dilation does, which shifts an even size's window one voxel forward).
 */
export function boxChain(ws: Workspace, plane: Plane, Z: number, size: XYZ, p: CommonParams, kernel: (size: number) => Step, mirror = false) {
  const win = (s: number) => (mirror ? mirrored(boxWindow(s)) : boxWindow(s));
  // scipy's order: z, y, x (its axes 0, 1, 2).
  const passes: Pass[] = ([2, 1, 0] as const).filter((i) => size[i] > 1).map((i) => ({ axis: AXES[i], window: win(size[i]), step: kernel(size[i]) }));
  const sep = new Separable(ws, plane, passes, p.mode, p.cval, Z);
  return { zWindow: size[2] > 1 ? win(size[2]) : { lo: 0, hi: 0 }, run: (planes: Planes, z: number) => sep.run(planes, z) };
}

/** The input's own type, for order statistics (refusing complex input). */
export function sameType(op: string): (d: DType) => Elem {
  return (d) => {
    refuseComplex(op, d);
    return d;
  };
}

function boxOp<P extends CommonParams & { size: XYZ }>(name: string, schema: z.ZodType<P>, out: (d: DType) => Elem, kernel: (ws: Workspace, e: Elem) => (size: number) => Step): FilterOp<P> {
  return {
    schema,
    outputDtype: out,
    halo: sizeHalo,
    run(input, p, output, zRange) {
      const g = checkRun(name, input, output, zRange, out(input.dtype));
      const ws = new Workspace();
      const plane: Plane = { X: g.X, Y: g.Y, e: out(input.dtype) };
      const chain = boxChain(ws, plane, g.Z, activeSizes(p, input), p, kernel(ws, plane.e));
      const planes = inputPlanes(ws, input, plane.e, chain.zWindow, p.mode, p.cval);
      ws.commit();
      for (let z = g.z0; z < g.z1; z++) writePlane(ws, plane.e, chain.run(planes, z), output, g, z);
    },
  };
}

export const uniform = boxOp('uniform', uniformSchema as z.ZodType<SizeParams>, (d) => floatOutput('uniform', d), (ws, e) => (size) => (dst, l) => ws.k[`box_${SUFFIX[e] as 'f32' | 'f64'}`](dst, ...l, size));
export const minimum = boxOp('minimum', sizeOnlySchema, sameType('minimum'), (ws, e) => (size) => (dst, l) => ws.k[`min_${SUFFIX[e]}`](dst, ...l, size));
export const maximum = boxOp('maximum', sizeOnlySchema, sameType('maximum'), (ws, e) => (size) => (dst, l) => ws.k[`max_${SUFFIX[e]}`](dst, ...l, size));
