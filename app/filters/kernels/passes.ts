import { mapIndex, windowSize, type Mode, type Window } from '../boundary.js';
import { MAX_SIZE } from '../params.js';
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
 * A plane's rows extended along x by a window's reach, their ends filled by the boundary mode, so a
 * window along x is a set of shifted reads: rows of X elements become rows of `stride` elements.
 */
export class RowExtension {
  readonly at: number;
  readonly stride: number;
  /** Addresses of the window's first column for row 0 (one per offset lo..hi). */
  readonly ptrs: number;
  private readonly xtab: number;
  private readonly cval: number;

  constructor(private readonly ws: Workspace, private readonly p: Plane, private readonly w: Window, mode: Mode, cval: number) {
    const E = ELEM_BYTES[p.e];
    this.stride = p.X + windowSize(w) - 1;
    this.at = ws.alloc(this.stride * p.Y * E);
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

  /** Extends the plane at `src` into this buffer (or into `dst`, laid out the same). */
  extend(src: number, dst = this.at): void {
    const E = ELEM_BYTES[this.p.e];
    this.ws.k[`xext_${E}`](dst, src, this.p.X, this.p.Y, this.stride, -this.w.lo, this.w.hi, this.xtab, this.cval);
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

/** One 1-D pass of a separable chain. */
export interface Pass { axis: 'x' | 'y' | 'z'; window: Window; step: Step }

/** Copies a plane's X * Y elements. */
export function copyPlane(ws: Workspace, p: Plane, from: number, to: number): void {
  const n = p.X * p.Y;
  (ws.view(p.e, to, n) as { set(a: ArrayLike<number | bigint>): void }).set(ws.view(p.e, from, n) as ArrayLike<number | bigint>);
}

type InPlane = (cur: number, dst: number) => void;

/**
 * A separable chain of 1-D passes over one output plane, in the order given (scipy's: each pass reads
 * the previous one's output, rounded to the element type and padded by the mode with cval in constant
 * mode). Passes within a plane take turns between two buffers; passes before the z pass run on each
 * plane the z window needs, through a cache of their results. run() returns the result's address.
 */
export class Separable {
  private readonly a: number;
  private readonly b: number;
  private readonly zPass: Pass | null;
  private readonly before: InPlane[];
  private readonly after: InPlane[];
  private readonly pre: PlaneCache | null = null;
  private source: Planes | null = null;

  constructor(ws: Workspace, private readonly p: Plane, passes: Pass[], mode: Mode, cval: number, Z: number) {
    // The kernels hold one line's sources in fixed arrays (filters.c MAX_TAPS); the schemas keep within it.
    if (passes.some((q) => windowSize(q.window) > MAX_SIZE)) throw new Error(`filters: a window longer than ${MAX_SIZE} voxels (parse the parameters with the op's schema)`);
    this.a = ws.alloc(planeBytes(p));
    this.b = ws.alloc(planeBytes(p));
    const inPlane = (q: Pass): InPlane => {
      if (q.axis === 'y') {
        const rows = new RowTable(ws, p, q.window, mode, constantBuffer(ws, p.e, p.X, mode, cval));
        return (cur, dst) => q.step(dst, rows.lines(cur));
      }
      const ext = new RowExtension(ws, p, q.window, mode, cval);
      return (cur, dst) => {
        ext.extend(cur);
        q.step(dst, ext.lines());
      };
    };
    const zi = passes.findIndex((q) => q.axis === 'z');
    this.zPass = zi >= 0 ? passes[zi] : null;
    this.before = passes.slice(0, Math.max(zi, 0)).map(inPlane);
    this.after = passes.slice(zi + 1).map(inPlane);
    if (this.zPass && this.before.length) {
      this.pre = new PlaneCache(ws, Z, this.zPass.window, planeBytes(p), mode,
        (z, at) => copyPlane(ws, p, this.inPlane(this.before, this.plane(z)), at),
        (at) => ws.fill(p.e, at, p.X * p.Y, cvalAs(p.e, cval)));
    }
  }

  run(planes: Planes, z: number): number {
    this.source = planes;
    if (!this.zPass) return this.inPlane(this.after, this.plane(z));
    const from = this.pre ?? planes;
    this.zPass.step(this.a, [0, from.window(z, this.zPass.window), 0, 0, 1, this.p.X * this.p.Y]);
    return this.inPlane(this.after, this.a);
  }

  private plane(z: number): number {
    this.source!.window(z, { lo: 0, hi: 0 });
    return this.source!.addresses[0];
  }

  private inPlane(passes: InPlane[], cur: number): number {
    for (const pass of passes) {
      const dst = cur === this.a ? this.b : this.a;
      pass(cur, dst);
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
