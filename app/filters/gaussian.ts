import * as z from 'zod';
import type { PlaneCache } from './kernels/plane-cache.js';
import { inputPlanes, Separable, type Pass, type Plane } from './kernels/passes.js';
import { SUFFIX, Workspace } from './kernels/workspace.js';
import { activeAxes, checkRun, floatOutput, haloOf, weights, writePlane } from './op-support.js';
import { AXES, gaussianRadius, opSchema, radiusCheck, sigmaSchema, truncateSchema, type Axis, type CommonParams, type XYZ } from './params.js';
import type { FilterOp, VolumeView } from './types.js';

/**
 * scipy.ndimage.gaussian_filter: one 1-D pass per axis (z, then y, then x), each rounded to the output
 * type, with scipy's kernel: radius int(truncate * sigma + 0.5), taps exp(-x^2 / (2 sigma^2)) normalised
 * to sum 1; an axis with sigma 0 (or a radius of 0) is left alone. Computed in float32 (float64 for
 * float64 input).
 */
export const gaussianSchema = opSchema({ sigma: sigmaSchema, truncate: truncateSchema }).superRefine((p, ctx) => radiusCheck('sigma', p.sigma, p.truncate, ctx));
export type GaussianParams = z.infer<typeof gaussianSchema>;

/** The taps of one side of scipy's kernel, centre first: w[k] multiplies the samples at -k and +k. */
export function gaussianTaps(sigma: number, truncate: number): number[] {
  const r = gaussianRadius(sigma, truncate);
  const phi: number[] = [];
  for (let x = -r; x <= r; x++) phi.push(Math.exp((-0.5 / (sigma * sigma)) * x * x));
  const sum = phi.reduce((a, b) => a + b, 0);
  return phi.slice(r).map((p) => p / sum);
}

/** The radius of each axis's pass, x, y, z: 0 where the axis is not filtered or sigma is 0. */
export function gaussianRadii(on: Record<Axis, boolean>, sigma: XYZ, truncate: number): XYZ {
  return AXES.map((a, i) => (on[a] && sigma[i] > 1e-15 ? gaussianRadius(sigma[i], truncate) : 0)) as XYZ;
}

/** A gaussian of one plane at a time from `planes` (which cover z +- radii[2]); run(z) gives the result's address. */
export function gaussianChain(ws: Workspace, plane: Plane, radii: XYZ, sigma: XYZ, truncate: number, p: CommonParams, planes: PlaneCache): (z: number) => number {
  const s = SUFFIX[plane.e] as 'f32' | 'f64';
  // scipy's order: z, y, x (its axes 0, 1, 2).
  const passes: Pass[] = ([2, 1, 0] as const).filter((i) => radii[i] > 0).map((i) => {
    const r = radii[i];
    const w = weights(ws, plane.e, gaussianTaps(sigma[i], truncate));
    return { axis: AXES[i], window: { lo: -r, hi: r }, step: (dst, l) => ws.k[`sym_${s}`](dst, ...l, w, r) };
  });
  const sep = new Separable(ws, plane, passes, p.mode, p.cval, planes.count);
  return (z) => sep.run(planes, z);
}

export const gaussian: FilterOp<GaussianParams> = {
  schema: gaussianSchema,
  outputDtype: (d) => floatOutput('gaussian', d),
  halo: (p) => haloOf(p, p.sigma.map((s) => gaussianRadius(s, p.truncate)) as XYZ),
  run(input: VolumeView, p: GaussianParams, output: VolumeView, zRange) {
    const g = checkRun('gaussian', input, output, zRange, floatOutput('gaussian', input.dtype));
    const ws = new Workspace();
    const plane: Plane = { X: g.X, Y: g.Y, e: floatOutput('gaussian', input.dtype) };
    const radii = gaussianRadii(activeAxes(p, input.dims), p.sigma, p.truncate);
    const planes = inputPlanes(ws, input, plane.e, { lo: -radii[2], hi: radii[2] }, p.mode, p.cval);
    const chain = gaussianChain(ws, plane, radii, p.sigma, p.truncate, p, planes);
    ws.commit();
    for (let z = g.z0; z < g.z1; z++) writePlane(ws, plane.e, chain(z), output, g, z);
  },
};
