import * as z from 'zod';
import type { Window } from './boundary.js';
import { constantBuffer, inputPlanes, planeBytes, RowExtension, RowTable, type Plane } from './kernels/passes.js';
import { SUFFIX, Workspace } from './kernels/workspace.js';
import { activeAxes, checkRun, floatOutput, haloOf, weights, writePlane } from './op-support.js';
import { commonShape } from './params.js';
import type { FilterOp } from './types.js';

/**
 * scipy.ndimage.laplace: the second derivative [1, -2, 1] of the input along each filtered axis, summed
 * in the order z, y, x (each term and each partial sum rounded to float32; float64 for float64 input).
 */
export const laplaceSchema = z.strictObject({ ...commonShape });
export type LaplaceParams = z.infer<typeof laplaceSchema>;

const AROUND: Window = { lo: -1, hi: 1 };

export const laplace: FilterOp<LaplaceParams> = {
  schema: laplaceSchema,
  outputDtype: (d) => floatOutput('laplace', d),
  halo: (p) => haloOf(p, [1, 1, 1]),
  run(input, p, output, zRange) {
    const g = checkRun('laplace', input, output, zRange, floatOutput('laplace', input.dtype));
    const on = activeAxes(p, input.dims);
    const ws = new Workspace();
    const plane: Plane = { X: g.X, Y: g.Y, e: floatOutput('laplace', input.dtype) };
    const s = SUFFIX[plane.e] as 'f32' | 'f64';
    const n = g.X * g.Y;
    const planes = inputPlanes(ws, input, plane.e, on.z ? AROUND : { lo: 0, hi: 0 }, p.mode, p.cval);
    const w = weights(ws, plane.e, [-2, 1]);
    const rows = on.y ? new RowTable(ws, plane, AROUND, p.mode, constantBuffer(ws, plane.e, g.X, p.mode, p.cval)) : null;
    const ext = on.x ? new RowExtension(ws, plane, AROUND, p.mode, p.cval) : null;
    const terms = [ws.alloc(planeBytes(plane)), ws.alloc(planeBytes(plane)), ws.alloc(planeBytes(plane))];
    ws.commit();
    for (let z = g.z0; z < g.z1; z++) {
      let t = 0; // terms written so far, z first
      const table = planes.window(z, on.z ? AROUND : { lo: 0, hi: 0 });
      const centre = planes.addresses[on.z ? 1 : 0];
      if (on.z) ws.k[`sym_${s}`](terms[t++], 0, table, 0, 0, 1, n, w, 1);
      if (rows) ws.k[`sym_${s}`](terms[t++], ...rows.lines(centre), w, 1);
      if (ext) {
        ext.extend(centre);
        ws.k[`sym_${s}`](terms[t++], ...ext.lines(), w, 1);
      }
      for (let i = 1; i < t; i++) ws.k[`add_${s}`](terms[0], terms[0], terms[i], n);
      writePlane(ws, plane.e, terms[0], output, g, z);
    }
  },
};
