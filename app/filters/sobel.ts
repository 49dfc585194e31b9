import * as z from 'zod';
import type { Window } from './boundary.js';
import { inputPlanes, planeBytes, Separable, type Pass, type Plane, type Step } from './kernels/passes.js';
import { SUFFIX, Workspace } from './kernels/workspace.js';
import { activeAxes, checkRun, floatOutput, haloOf, weights, writePlane } from './op-support.js';
import { commonShape, type Axis } from './params.js';
import type { FilterOp } from './types.js';

/**
 * scipy.ndimage.sobel along x, y or z: the [-1, 0, 1] derivative along that axis and the [1, 2, 1]
 * smoothing along every other filtered axis, unnormalised, in float32 (float64 for float64 input), the
 * passes in scipy's order (the derivative first: in constant mode each pass pads its own input with cval).
 * magnitude: sqrt(sobel_z^2 + sobel_y^2 + sobel_x^2), summed in that order over the filtered axes, as
 * `np.sqrt(sum(ndi.sobel(v, a)**2 for a in axes))` gives it (not skimage.filters.sobel, which rescales),
 * the squares summed in float64 and rounded once (float32 squares of large values would overflow).
 */
export const sobelSchema = z
  .strictObject({ axis: z.enum(['x', 'y', 'z', 'magnitude']).default('x'), ...commonShape })
  .refine((p) => p.axis === 'magnitude' || !p.axes || p.axes.includes(p.axis), { path: ['axis'], message: 'is not among the filtered axes' });
export type SobelParams = z.infer<typeof sobelSchema>;

const AROUND: Window = { lo: -1, hi: 1 };
const ZYX: Axis[] = ['z', 'y', 'x'];

export const sobel: FilterOp<SobelParams> = {
  schema: sobelSchema,
  outputDtype: (d) => floatOutput('sobel', d),
  halo: (p) => haloOf(p, [1, 1, 1]),
  run(input, p, output, zRange) {
    const g = checkRun('sobel', input, output, zRange, floatOutput('sobel', input.dtype));
    const on = activeAxes(p, input.dims);
    const axes = ZYX.filter((a) => on[a]);
    if (p.axis !== 'magnitude' && !on[p.axis]) {
      throw new Error(`sobel: axis ${p.axis} is not filtered (axes ${axes.join(', ')}${input.dims.z === 1 ? '; a single-plane image has no z derivative' : ''})`);
    }
    const ws = new Workspace();
    const plane: Plane = { X: g.X, Y: g.Y, e: floatOutput('sobel', input.dtype) };
    const s = SUFFIX[plane.e] as 'f32' | 'f64';
    const planes = inputPlanes(ws, input, plane.e, on.z ? AROUND : { lo: 0, hi: 0 }, p.mode, p.cval);
    const smooth = weights(ws, plane.e, [2, 1]);
    const smoothStep: Step = (dst, l) => ws.k[`sym_${s}`](dst, ...l, smooth, 1);
    const derivStep: Step = (dst, l) => ws.k[`deriv_${s}`](dst, ...l);
    // scipy's order: the derivative's axis first, then the others as axes 0, 1, 2 (z, y, x).
    const chain = (d: Axis) => {
      const passes: Pass[] = [d, ...ZYX.filter((a) => a !== d)].filter((a) => on[a]).map((a) => ({ axis: a, window: AROUND, step: a === d ? derivStep : smoothStep }));
      const sep = new Separable(ws, plane, passes, p.mode, p.cval, g.Z);
      return (z: number) => sep.run(planes, z);
    };
    if (p.axis !== 'magnitude') {
      const one = chain(p.axis);
      ws.commit();
      for (let z = g.z0; z < g.z1; z++) writePlane(ws, plane.e, one(z), output, g, z);
      return;
    }
    const chains = axes.map(chain);
    const out = ws.alloc(planeBytes(plane));
    const zero = axes.length === 1 ? ws.alloc(planeBytes(plane)) : 0;
    ws.onCommit(() => zero && ws.fill(plane.e, zero, g.X * g.Y, 0));
    ws.commit();
    for (let z = g.z0; z < g.z1; z++) {
      const parts = chains.map((c) => c(z));
      ws.k[`mag_${s}`](out, parts[0], parts[1] ?? zero, parts[2] ?? 0, g.X * g.Y);
      writePlane(ws, plane.e, out, output, g, z);
    }
  },
};
