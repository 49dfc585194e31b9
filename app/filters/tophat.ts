import * as z from 'zod';
import type { Mode, Window } from './boundary.js';
import { PlaneCache, type Planes } from './kernels/plane-cache.js';
import { constantBuffer, copyPlane, extendedCache, extendedPlanes, inputPlanes, planeBytes, RowTable, type Lines, type Plane } from './kernels/passes.js';
import { ELEM_BYTES, SUFFIX, Workspace, cvalAs } from './kernels/workspace.js';
import { activeSizes, boxChain, sameType } from './box.js';
import { ballRuns, MAX_BALL_SIZE } from './footprint.js';
import { checkRun, haloOf, writePlane } from './op-support.js';
import { opSchema, sizeSchema, type XYZ } from './params.js';
import type { FilterOp, VolumeView } from './types.js';

/**
 * White top-hat = input - opening, black top-hat = closing - input (scipy.ndimage.white_tophat /
 * black_tophat): opening = grey_dilation(grey_erosion(input)), closing the other way round, each step
 * with the boundary mode applied to its own input, the difference in the input's type (integers wrap
 * as numpy's subtract does). footprint 'cube': the size box (scipy mirrors the dilation's window, which
 * matters for even sizes); 'ball': skimage.morphology.ball(size // 2) (disk without z), per-axis sizes
 * giving an ellipsoid.
 */
export const tophatSchema = opSchema({ size: sizeSchema, footprint: z.enum(['cube', 'ball']).default('cube') }).superRefine((p, ctx) => {
  if (p.footprint !== 'ball') return;
  p.size.forEach((s, i) => {
    if (s > MAX_BALL_SIZE) ctx.addIssue({ code: 'custom', path: ['size', i], message: `must be at most ${MAX_BALL_SIZE} for a ball footprint` });
  });
});
export type TophatParams = z.infer<typeof tophatSchema>;

type Kind = 'white' | 'black';

function tophatOp(kind: Kind): FilterOp<TophatParams> {
  const name = `${kind}_tophat`;
  return {
    schema: tophatSchema,
    outputDtype: sameType(name),
    // Two windows in a row, each reaching size // 2 at most. Their sum, not the size - 1 the two composed
    // windows span: at a mirror/reflect edge an even size's dilation reaches size // 2 past the edge, that
    // folds back inside, and the erosion there reaches size // 2 further in (region-equivalence.test.ts).
    halo: (p) => haloOf(p, p.size.map((s) => 2 * Math.floor(s / 2)) as XYZ),
    run(input, p, output, zRange) {
      const g = checkRun(name, input, output, zRange, sameType(name)(input.dtype));
      const ws = new Workspace();
      const plane: Plane = { X: g.X, Y: g.Y, e: sameType(name)(input.dtype) };
      const sizes = activeSizes(p, input);
      const steps = p.footprint === 'ball' ? ballSteps(ws, plane, input, sizes, kind, p.mode, p.cval) : cubeSteps(ws, plane, input, sizes, kind, p);
      const out = ws.alloc(planeBytes(plane));
      ws.commit();
      const E = ELEM_BYTES[plane.e];
      for (let z = g.z0; z < g.z1; z++) {
        const second = steps.second(z);
        const src = steps.input(z);
        const [a, aStep, b, bStep] = kind === 'white' ? [src.at, src.rowBytes, second, g.X * E] : [second, g.X * E, src.at, src.rowBytes];
        ws.k[`diff_${SUFFIX[plane.e]}`](out, g.X * E, a, aStep, b, bStep, g.Y, g.X);
        writePlane(ws, plane.e, out, output, g, z);
      }
    },
  };
}

/** The opening (white) or closing (black) of plane z, and where input plane z lies (rows rowBytes apart). */
interface Steps {
  second(z: number): number;
  input(z: number): { at: number; rowBytes: number };
}

/** Separable box passes: min then max (white) or max then min (black), the first into a cache of planes. */
function cubeSteps(ws: Workspace, plane: Plane, input: VolumeView, sizes: XYZ, kind: Kind, p: TophatParams): Steps {
  const s = SUFFIX[plane.e];
  const pass = (op: 'min' | 'max') => (size: number) => (dst: number, l: Lines) => ws.k[`${op}_${s}`](dst, ...l, size);
  const [firstOp, secondOp] = kind === 'white' ? (['min', 'max'] as const) : (['max', 'min'] as const);
  const first = boxChain(ws, plane, input.dims.z, sizes, p, pass(firstOp), firstOp === 'max');
  const second = boxChain(ws, plane, input.dims.z, sizes, p, pass(secondOp), secondOp === 'max');
  const planes = inputPlanes(ws, input, plane.e, first.zWindow, p.mode, p.cval);
  const n = plane.X * plane.Y;
  const firstPlanes = new PlaneCache(ws, input.dims.z, second.zWindow, planeBytes(plane), p.mode,
    (z, at) => copyPlane(ws, plane, first.run(planes, z), at),
    (at) => ws.fill(plane.e, at, n, cvalAs(plane.e, p.cval)));
  return {
    second: (z) => second.run(firstPlanes, z),
    input: (z) => at0(planes, z, plane.X * ELEM_BYTES[plane.e]),
  };
}

/** Footprint passes over x-extended planes; the first step's planes are extended again for the second. */
function ballSteps(ws: Workspace, plane: Plane, input: VolumeView, sizes: XYZ, kind: Kind, mode: Mode, cval: number): Steps {
  const { X, Y, e } = plane;
  const E = ELEM_BYTES[e];
  const s = SUFFIX[e];
  const [rx, ry, rz] = sizes.map((n) => Math.floor(n / 2));
  const wx: Window = { lo: -rx, hi: rx };
  const wz: Window = { lo: -rz, hi: rz };
  const runs = ballRuns([rx, ry, rz]);
  const runTable = ws.table(3 * runs.length);
  ws.onCommit(() => ws.setTable(runTable, runs.flatMap((r) => [r.dz + rz, r.dy + ry, r.w])));
  const { cache: planes, ext } = extendedPlanes(ws, plane, input, wx, wz, mode, cval);
  const cvalRow = constantBuffer(ws, e, ext.stride, mode, cval);
  const ytab = new RowTable(ws, plane, { lo: -ry, hi: ry }, mode, cvalRow).indexTable();
  const foot = (dst: number, from: Planes, z: number, isMax: boolean) =>
    ws.k[`foot_${s}`](dst, from.window(z, wz), ytab, cvalRow, X, Y, ext.stride, rx, runTable, runs.length, isMax ? 1 : 0);
  const { cache: firstPlanes } = extendedCache(ws, plane, input.dims.z, wx, wz, mode, cval, (z, at) => foot(at, planes, z, kind === 'black'));
  const second = ws.alloc(planeBytes(plane));
  return {
    second: (z) => {
      foot(second, firstPlanes, z, kind === 'white');
      return second;
    },
    input: (z) => {
      const { at } = at0(planes, z, ext.stride * E);
      return { at: at + rx * E, rowBytes: ext.stride * E };
    },
  };
}

/** Plane z itself from a cache. */
function at0(planes: Planes, z: number, rowBytes: number): { at: number; rowBytes: number } {
  planes.window(z, { lo: 0, hi: 0 });
  return { at: planes.addresses[0], rowBytes };
}

export const whiteTophat = tophatOp('white');
export const blackTophat = tophatOp('black');
