import { mapIndex, windowSize, type Mode, type Window } from '../boundary.js';
import type { VolumeView } from '../types.js';
import { PlaneCache, type Planes } from './plane-cache.js';
import { ELEM_BYTES, cvalAs, loadInto, type Elem, type Workspace } from './workspace.js';

/** One plane's shape and the element type it is computed in. */
export interface Plane { X: number; Y: number; e: Elem }

export const planeBytes = (p: Plane): number => p.X * p.Y * ELEM_BYTES[p.e];

/** A buffer of n elements of cval (constant mode), or 0 where the mode never reads one. */
export function constantBuffer(ws: Workspace, e: Elem, n: number, mode: Mode, cval: number): number {
  if (mode !== 'constant') return 0;
  const at = ws.alloc(n * ELEM_BYTES[e]);
  ws.onCommit(() => ws.fill(e, at, n, cvalAs(e, cval)));
  return at;
}

/**
 * The arguments of a lines kernel after dst: dstStep, tab, tabStep, srcStep, rows, n (see filters.c).
 * Along z a window of whole planes, along y a window of rows, along x a window of columns.
 */
export type Lines = [dstStep: number, tab: number, tabStep: number, srcStep: number, rows: number, n: number];

/** Row addresses for a window along y over some plane: row y's window starts at entry y. */
export class RowTable {
  readonly at: number;
  /** Row j of the window table is row indices[j] of the plane (-1: the constant row). */
  readonly indices: number[] = [];
  private last = -1;

  constructor(private readonly ws: Workspace, private readonly p: Plane, w: Window, mode: Mode, private readonly cvalRow: number) {
    for (let j = 0; j < p.Y + windowSize(w) - 1; j++) this.indices.push(mapIndex(j + w.lo, p.Y, mode));
    this.at = ws.table(this.indices.length);
  }

  /** Points the table at the plane at `plane`; returns the lines arguments over it. */
  lines(plane: number): Lines {
    const rowBytes = this.p.X * ELEM_BYTES[this.p.e];
    if (plane !== this.last) this.ws.setTable(this.at, this.indices.map((i) => (i < 0 ? this.cvalRow : plane + i * rowBytes)));
    this.last = plane;
    return [rowBytes, this.at, 1, 0, this.p.Y, this.p.X];
  }

  /** The plain row indices (-1: the constant row), for kernels that take them (median, footprints). */
  indexTable(): number {
    const at = this.ws.table(this.indices.length);
    this.ws.onCommit(() => this.ws.setTable(at, this.indices));
    return at;
  }
}

/**
 * Rows extended along x by a window's reach, their ends filled by the boundary mode, so a window along
 * x is a set of shifted reads: `rows` rows of X elements become rows of `stride` elements.
 */
export class RowExtension {
  readonly at: number;
  readonly stride: number;
  /** Addresses of the window's first column for row 0 (one per offset lo..hi). */
  readonly ptrs: number;
  private readonly xtab: number;
  private readonly cval: number;

  constructor(private readonly ws: Workspace, private readonly p: Plane, private readonly w: Window, mode: Mode, cval: number, private readonly rows = p.Y) {
    const E = ELEM_BYTES[p.e];
    this.stride = p.X + windowSize(w) - 1;
    this.at = ws.alloc(this.stride * rows * E);
    this.ptrs = ws.table(windowSize(w));
    this.xtab = ws.table(windowSize(w) - 1);
    this.cval = constantBuffer(ws, p.e, 1, mode, cval);
    const ends: number[] = [];
    for (let j = w.lo; j < 0; j++) ends.push(mapIndex(j, p.X, mode));
    for (let j = 0; j < w.hi; j++) ends.push(mapIndex(p.X + j, p.X, mode));
    ws.onCommit(() => {
      ws.setTable(this.ptrs, Array.from({ length: windowSize(w) }, (_, k) => this.at + k * E));
      ws.setTable(this.xtab, ends);
    });
  }

  /** Extends the rows at `src` into this buffer (or into `dst`, laid out the same). */
  extend(src: number, dst = this.at): void {
    const E = ELEM_BYTES[this.p.e];
    this.ws.k[`xext_${E}`](dst, src, this.p.X, this.rows, this.stride, -this.w.lo, this.w.hi, this.xtab, this.cval);
  }

  /** The lines arguments over the extended rows. */
  lines(): Lines {
    return [this.p.X * ELEM_BYTES[this.p.e], this.ptrs, 0, this.stride * ELEM_BYTES[this.p.e], this.p.Y, this.p.X];
  }
}

/** The input's planes converted to the element type, through a cache sized for the widest z window. */
export function inputPlanes(ws: Workspace, input: VolumeView, e: Elem, widest: Window, mode: Mode, cval: number): PlaneCache {
  const { x: X, y: Y, z: Z } = input.dims;
  const n = X * Y;
  return new PlaneCache(ws, Z, widest, n * ELEM_BYTES[e], mode, (p, at) => loadInto(ws, e, at, input.data, p * n, n), (at) => ws.fill(e, at, n, cvalAs(e, cval)));
}

/** What one pass along an axis computes, given its destination and lines. */
export type Step = (dst: number, lines: Lines) => void;

/**
 * A separable chain over one output plane: an optional pass along z (a window of planes from a cache),
 * then along y, then along x, each rounded to the element type before the next, as scipy stores each
 * 1-D pass in the output array. Two plane buffers take turns; the result's address is returned.
 */
export class Separable {
  private readonly a: number;
  private readonly b: number;
  private readonly rows: RowTable | null;
  private readonly ext: RowExtension | null;

  constructor(ws: Workspace, private readonly p: Plane, private readonly w: { z: Window | null; y: Window | null; x: Window | null }, mode: Mode, cval: number) {
    this.a = ws.alloc(planeBytes(p));
    this.b = ws.alloc(planeBytes(p));
    this.rows = w.y ? new RowTable(ws, p, w.y, mode, constantBuffer(ws, p.e, p.X, mode, cval)) : null;
    this.ext = w.x ? new RowExtension(ws, p, w.x, mode, cval) : null;
  }

  run(planes: Planes, z: number, steps: { z?: Step; y?: Step; x?: Step }): number {
    const { X, Y } = this.p;
    let cur: number;
    if (this.w.z && steps.z) {
      steps.z(this.a, [0, planes.window(z, this.w.z), 0, 0, 1, X * Y]);
      cur = this.a;
    } else {
      planes.window(z, { lo: 0, hi: 0 });
      cur = planes.addresses[0];
    }
    const other = (): number => (cur === this.a ? this.b : this.a);
    if (this.rows && steps.y) {
      const dst = other();
      steps.y(dst, this.rows.lines(cur));
      cur = dst;
    }
    if (this.ext && steps.x) {
      this.ext.extend(cur);
      const dst = other();
      steps.x(dst, this.ext.lines());
      cur = dst;
    }
    return cur;
  }
}

/**
 * A cache of planes extended along x by `wx` (rows of ext.stride elements), for windows `wz` along z:
 * make(p, at) writes plane p's X * Y elements at `at`, the cache extends them into its slot.
 */
export function extendedCache(ws: Workspace, plane: Plane, Z: number, wx: Window, wz: Window, mode: Mode, cval: number, make: (p: number, at: number) => void) {
  const ext = new RowExtension(ws, plane, wx, mode, cval);
  const staging = ws.alloc(planeBytes(plane));
  const slotBytes = ext.stride * plane.Y * ELEM_BYTES[plane.e];
  const cache = new PlaneCache(ws, Z, wz, slotBytes, mode,
    (p, at) => {
      make(p, staging);
      ext.extend(staging, at);
    },
    (at) => ws.fill(plane.e, at, ext.stride * plane.Y, cvalAs(plane.e, cval)));
  return { cache, ext };
}

/** The input's planes, converted and extended along x, through a cache for windows `wz`. */
export function extendedPlanes(ws: Workspace, plane: Plane, input: VolumeView, wx: Window, wz: Window, mode: Mode, cval: number) {
  const n = plane.X * plane.Y;
  return extendedCache(ws, plane, input.dims.z, wx, wz, mode, cval, (p, at) => loadInto(ws, plane.e, at, input.data, p * n, n));
}
