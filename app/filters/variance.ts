import { OffsetPlanes, PlaneCache } from './kernels/plane-cache.js';
import { planeBytes, type Lines, type Plane } from './kernels/passes.js';
import { Workspace, loadInto } from './kernels/workspace.js';
import { activeSizes, boxChain, sizeHalo, sizeOnlySchema, type SizeParams } from './box.js';
import { checkRun, floatOutput, writePlane } from './op-support.js';
import type { FilterOp } from './types.js';

/**
 * Windowed variance (ddof 0) and standard deviation over scipy's box windows, as the box means of x and
 * x*x: max(mean(x*x) - mean(x)^2, 0), all in float64 whatever the input (in float32 the difference
 * cancels badly), then stored as float32 (float64 input: float64).
 */
function varianceOp(name: 'variance' | 'std'): FilterOp<SizeParams> {
  return {
    schema: sizeOnlySchema,
    outputDtype: (d) => floatOutput(name, d),
    halo: sizeHalo,
    run(input, p, output, zRange) {
      const g = checkRun(name, input, output, zRange, floatOutput(name, input.dtype));
      const ws = new Workspace();
      const plane: Plane = { X: g.X, Y: g.Y, e: 'float64' };
      const n = g.X * g.Y;
      const pb = planeBytes(plane);
      const box = (size: number) => (dst: number, l: Lines) => ws.k.box_f64(dst, ...l, size);
      const sizes = activeSizes(p, input);
      const m1 = boxChain(ws, plane, g.Z, sizes, p, box);
      // Constant mode pads x with cval, so x * x with cval * cval.
      const m2 = boxChain(ws, plane, g.Z, sizes, { ...p, cval: p.cval * p.cval }, box);
      // Each slot holds a plane of x and, right after it, the same plane of x * x.
      const x = new PlaneCache(ws, g.Z, m1.zWindow, 2 * pb, p.mode,
        (z, at) => {
          loadInto(ws, 'float64', at, input.data, z * n, n);
          ws.k.sq_f64(at + pb, at, n);
        },
        (at) => {
          ws.fill('float64', at, n, p.cval);
          ws.fill('float64', at + pb, n, p.cval * p.cval);
        },
      );
      const xx = new OffsetPlanes(ws, x, pb, m1.zWindow);
      const out = ws.alloc(pb);
      ws.commit();
      for (let z = g.z0; z < g.z1; z++) {
        const a = m1.run(x, z);
        ws.k.var_f64(out, a, m2.run(xx, z), n, name === 'std' ? 1 : 0);
        writePlane(ws, 'float64', out, output, g, z);
      }
    },
  };
}

export const variance = varianceOp('variance');
export const std = varianceOp('std');
