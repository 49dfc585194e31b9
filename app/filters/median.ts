import { boxWindow, type Mode, type Window } from './boundary.js';
import { constantBuffer, extendedPlanes, inputPlanes, planeBytes, RowExtension, RowTable, type Plane } from './kernels/passes.js';
import { ELEM_BYTES, SUFFIX, Workspace } from './kernels/workspace.js';
import { activeSizes, sameType, sizeHalo, sizeOnlySchema, type SizeParams } from './box.js';
import { checkRun, writePlane } from './op-support.js';
import type { FilterOp, VolumeView } from './types.js';

/**
 * scipy.ndimage.median_filter over a box: element n//2 of the window's n values (so the upper of the two
 * middle values of an even count), in the input's type. 3x3x3 and 3x3 windows take min/max networks
 * (app/filters/kernels/networks.ts); other sizes a selection per voxel. Floats: a NaN in the window
 * gives NaN; -0 counts below +0.
 */
export const median: FilterOp<SizeParams> = {
  schema: sizeOnlySchema,
  outputDtype: sameType('median'),
  halo: sizeHalo,
  run(input, p, output, zRange) {
    const g = checkRun('median', input, output, zRange, sameType('median')(input.dtype));
    const ws = new Workspace();
    const plane: Plane = { X: g.X, Y: g.Y, e: sameType('median')(input.dtype) };
    const [sx, sy, sz] = activeSizes(p, input);
    const compute =
      sx === 3 && sy === 3 && sz === 3 ? median3x3x3(ws, plane, input, p.mode, p.cval)
        : sx === 3 && sy === 3 && sz === 1 ? median3x3(ws, plane, input, p.mode, p.cval)
          : medianAnySize(ws, plane, input, [sx, sy, sz], p.mode, p.cval);
    ws.commit();
    for (let z = g.z0; z < g.z1; z++) writePlane(ws, plane.e, compute(z), output, g, z);
  },
};

const AROUND: Window = { lo: -1, hi: 1 };

/**
 * Per plane: each (x, y)'s three z values sorted (sort3) into planes L, M, H; each (x, y)'s 3x3 yz
 * patch merged from the rows y-1, y, y+1 of L, M, H into nine sorted planes (merge9); the median of the
 * three sorted nines at x-1, x, x+1 (select27).
 */
function median3x3x3(ws: Workspace, plane: Plane, input: VolumeView, mode: Mode, cval: number): (z: number) => number {
  const { X, Y, e } = plane;
  const E = ELEM_BYTES[e];
  const s = SUFFIX[e];
  const pb = planeBytes(plane);
  const planes = inputPlanes(ws, input, e, AROUND, mode, cval);
  // Separate buffers (with their slack): a kernel's last vector may run past a plane's end.
  const lmh = [0, 1, 2].map(() => ws.alloc(pb));
  const nine = Array.from({ length: 9 }, () => ws.alloc(pb));
  const ext = nine.map(() => new RowExtension(ws, plane, AROUND, mode, cval));
  const out = ws.alloc(pb);
  const cvalRow = constantBuffer(ws, e, X, mode, cval);
  const sortOuts = ws.table(3);
  const mergeOuts = ws.table(9);
  const mergeIns = ws.table(9 * Y);
  const selectIns = ws.table(27);
  const outs = ws.table(1);
  const rows = new RowTable(ws, plane, AROUND, mode, cvalRow);
  ws.onCommit(() => {
    ws.setTable(sortOuts, lmh);
    ws.setTable(mergeOuts, nine);
    // Row y's nine inputs: the sorted triples (L, M, H) of rows y-1, y, y+1 (the constant row for all three outside).
    const ins: number[] = [];
    for (let y = 0; y < Y; y++) {
      for (let d = 0; d < 3; d++) {
        const r = rows.indices[y + d];
        for (let k = 0; k < 3; k++) ins.push(r < 0 ? cvalRow : lmh[k] + r * X * E);
      }
    }
    ws.setTable(mergeIns, ins);
    // Column x's 27 inputs: the nine sorted planes at x-1, x, x+1 (extended rows).
    ws.setTable(selectIns, Array.from({ length: 27 }, (_, i) => ext[i % 9].at + Math.floor(i / 9) * E));
    ws.setTable(outs, [out]);
  });
  return (z) => {
    ws.k[`sort3_${s}`](sortOuts, 0, planes.window(z, AROUND), 0, 0, 1, X * Y);
    ws.k[`merge9_${s}`](mergeOuts, X * E, mergeIns, 9, 0, Y, X);
    nine.forEach((at, j) => ext[j].extend(at));
    ws.k[`select27_${s}`](outs, X * E, selectIns, 0, ext[0].stride * E, Y, X);
    return out;
  };
}

/** Per plane: each (x, y)'s three y values sorted into L, M, H; the median of the sorted triples at x-1, x, x+1 (select9). */
function median3x3(ws: Workspace, plane: Plane, input: VolumeView, mode: Mode, cval: number): (z: number) => number {
  const { X, Y, e } = plane;
  const E = ELEM_BYTES[e];
  const s = SUFFIX[e];
  const pb = planeBytes(plane);
  const planes = inputPlanes(ws, input, e, { lo: 0, hi: 0 }, mode, cval);
  const rows = new RowTable(ws, plane, AROUND, mode, constantBuffer(ws, e, X, mode, cval));
  const lmh = [0, 1, 2].map(() => ws.alloc(pb));
  const ext = lmh.map(() => new RowExtension(ws, plane, AROUND, mode, cval));
  const out = ws.alloc(pb);
  const sortOuts = ws.table(3);
  const selectIns = ws.table(9);
  const outs = ws.table(1);
  ws.onCommit(() => {
    ws.setTable(sortOuts, lmh);
    ws.setTable(selectIns, Array.from({ length: 9 }, (_, i) => ext[i % 3].at + Math.floor(i / 3) * E));
    ws.setTable(outs, [out]);
  });
  return (z) => {
    planes.window(z, { lo: 0, hi: 0 });
    const [, tab] = rows.lines(planes.addresses[0]);
    ws.k[`sort3_${s}`](sortOuts, X * E, tab, 1, 0, Y, X);
    lmh.forEach((at, j) => ext[j].extend(at));
    ws.k[`select9_${s}`](outs, X * E, selectIns, 0, ext[0].stride * E, Y, X);
    return out;
  };
}

function medianAnySize(ws: Workspace, plane: Plane, input: VolumeView, [sx, sy, sz]: [number, number, number], mode: Mode, cval: number): (z: number) => number {
  const { X, Y, e } = plane;
  const [wx, wy, wz] = [boxWindow(sx), boxWindow(sy), boxWindow(sz)];
  const { cache, ext } = extendedPlanes(ws, plane, input, wx, wz, mode, cval);
  const cvalRow = constantBuffer(ws, e, ext.stride, mode, cval);
  const ytab = new RowTable(ws, plane, wy, mode, cvalRow).indexTable();
  const work = ws.alloc(sx * sy * sz * ELEM_BYTES[e]);
  const out = ws.alloc(planeBytes(plane));
  return (z) => {
    ws.k[`median_${SUFFIX[e]}`](out, cache.window(z, wz), sz, ytab, sy, cvalRow, X, Y, sx, ext.stride, work);
    return out;
  };
}
