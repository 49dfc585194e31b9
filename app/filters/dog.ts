import * as z from 'zod';
import { inputPlanes, planeBytes, type Plane } from './kernels/passes.js';
import { SUFFIX, Workspace } from './kernels/workspace.js';
import { gaussianChain, gaussianRadii } from './gaussian.js';
import { activeAxes, checkRun, floatOutput, haloOf, writePlane } from './op-support.js';
import { gaussianRadius, opSchema, radiusCheck, sigmaSchema, truncateSchema, type XYZ } from './params.js';
import type { FilterOp } from './types.js';

/**
 * Difference of gaussians: gaussian(sigma1) - gaussian(sigma2), both as the gaussian op computes them
 * (same mode), subtracted in the output type. sigma2 defaults to 1.6 * sigma1 and may not be smaller,
 * as in skimage.filters.difference_of_gaussians.
 */
export const dogSchema = opSchema({ sigma1: sigmaSchema, sigma2: sigmaSchema.optional(), truncate: truncateSchema }).superRefine((p, ctx) => {
  radiusCheck('sigma1', p.sigma1, p.truncate, ctx);
  const s2 = sigma2Of(p);
  radiusCheck('sigma2', s2, p.truncate, ctx);
  s2.forEach((s, i) => {
    if (s < p.sigma1[i]) ctx.addIssue({ code: 'custom', path: ['sigma2', i], message: `must be at least sigma1 (${p.sigma1[i]})` });
  });
});
export type DogParams = z.infer<typeof dogSchema>;

const sigma2Of = (p: { sigma1: XYZ; sigma2?: XYZ }): XYZ => p.sigma2 ?? (p.sigma1.map((s) => 1.6 * s) as XYZ);

export const dog: FilterOp<DogParams> = {
  schema: dogSchema,
  outputDtype: (d) => floatOutput('dog', d),
  halo: (p) => haloOf(p, sigma2Of(p).map((s, i) => Math.max(gaussianRadius(s, p.truncate), gaussianRadius(p.sigma1[i], p.truncate))) as XYZ),
  run(input, p, output, zRange) {
    const g = checkRun('dog', input, output, zRange, floatOutput('dog', input.dtype));
    const ws = new Workspace();
    const plane: Plane = { X: g.X, Y: g.Y, e: floatOutput('dog', input.dtype) };
    const on = activeAxes(p, input.dims);
    const r1 = gaussianRadii(on, p.sigma1, p.truncate);
    const r2 = gaussianRadii(on, sigma2Of(p), p.truncate);
    const rz = Math.max(r1[2], r2[2]);
    const planes = inputPlanes(ws, input, plane.e, { lo: -rz, hi: rz }, p.mode, p.cval);
    const g1 = gaussianChain(ws, plane, r1, p.sigma1, p.truncate, p, planes);
    const g2 = gaussianChain(ws, plane, r2, sigma2Of(p), p.truncate, p, planes);
    const out = ws.alloc(planeBytes(plane));
    ws.commit();
    for (let z = g.z0; z < g.z1; z++) {
      const a = g1(z);
      ws.k[`sub_${SUFFIX[plane.e] as 'f32' | 'f64'}`](out, a, g2(z), g.X * g.Y);
      writePlane(ws, plane.e, out, output, g, z);
    }
  },
};
