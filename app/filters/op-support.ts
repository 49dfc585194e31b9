import type { DType } from '../model/dtype.js';
import { ELEM_BYTES, type Elem, type Workspace } from './kernels/workspace.js';
import type { Axis, CommonParams, XYZ } from './params.js';
import type { Dims3, VolumeView } from './types.js';

/**
 * What every neighbourhood filter's run() does first: check the input, the output and the planes asked
 * for, and say where each output plane goes.
 *
 * The output is either the whole volume (output.dims.z === input.dims.z: plane z is written at z) or
 * just the slab (output.dims.z === z1 - z0: plane z is written at z - z0).
 */
export interface RunGeometry {
  X: number;
  Y: number;
  Z: number;
  z0: number;
  z1: number;
  /** Voxel offset of output plane z in output.data. */
  outOffset(z: number): number;
}

export function refuseComplex(op: string, dtype: DType): asserts dtype is Elem {
  if (dtype === 'complex64' || dtype === 'complex128') {
    throw new Error(`${op}: ${dtype} input cannot be filtered: take its real or imaginary part or its magnitude first`);
  }
}

/** float32 for every input but float64, which stays float64 (DESIGN.md's filter contract). */
export function floatOutput(op: string, dtype: DType): 'float32' | 'float64' {
  refuseComplex(op, dtype);
  return dtype === 'float64' ? 'float64' : 'float32';
}

export function checkRun(op: string, input: VolumeView, output: VolumeView, zRange: readonly [number, number], outDtype: DType): RunGeometry {
  refuseComplex(op, input.dtype);
  const { x: X, y: Y, z: Z } = input.dims;
  if (![X, Y, Z].every((n) => Number.isInteger(n) && n > 0)) throw new Error(`${op}: input dims ${X}x${Y}x${Z} are not positive whole numbers`);
  if (input.data.length < X * Y * Z) throw new Error(`${op}: input holds ${input.data.length} voxels, ${X}x${Y}x${Z} needs ${X * Y * Z}`);
  if (ELEM_BYTES[input.dtype] !== input.data.BYTES_PER_ELEMENT) throw new Error(`${op}: input data is not ${input.dtype}`);
  if (output.dtype !== outDtype) throw new Error(`${op}: output must be ${outDtype} for ${input.dtype} input, not ${output.dtype}`);
  if (ELEM_BYTES[outDtype as Elem] !== output.data.BYTES_PER_ELEMENT) throw new Error(`${op}: output data is not ${outDtype}`);
  const [z0, z1] = zRange;
  if (!Number.isInteger(z0) || !Number.isInteger(z1) || z0 < 0 || z1 > Z || z0 > z1) throw new Error(`${op}: planes [${z0}, ${z1}) are not within 0..${Z}`);
  const whole = output.dims.z === Z;
  if (output.dims.x !== X || output.dims.y !== Y || (!whole && output.dims.z !== z1 - z0)) {
    throw new Error(`${op}: output dims ${output.dims.x}x${output.dims.y}x${output.dims.z} fit neither the volume (${X}x${Y}x${Z}) nor planes [${z0}, ${z1})`);
  }
  if (output.data.length < X * Y * output.dims.z) throw new Error(`${op}: output holds ${output.data.length} voxels, needs ${X * Y * output.dims.z}`);
  return { X, Y, Z, z0, z1, outOffset: (z) => (whole ? z : z - z0) * X * Y };
}

/** The axes filtered: params.axes, else x and y, and z when the volume has more than one plane. */
export function activeAxes(p: CommonParams, dims: Dims3): Record<Axis, boolean> {
  const axes = p.axes ?? (dims.z > 1 ? ['x', 'y', 'z'] : ['x', 'y']);
  return { x: axes.includes('x'), y: axes.includes('y'), z: axes.includes('z') };
}

/** The halo along each axis: `reach` for the axes that may be filtered (z counts unless axes leaves it out). */
export function haloOf(p: CommonParams, reach: XYZ): Dims3 {
  const on = (a: Axis): boolean => !p.axes || p.axes.includes(a);
  return { x: on('x') ? reach[0] : 0, y: on('y') ? reach[1] : 0, z: on('z') ? reach[2] : 0 };
}

/** Writes the plane at `at` (element type e) to output plane z, converting as a typed-array store does. */
export function writePlane(ws: Workspace, e: Elem, at: number, output: VolumeView, g: RunGeometry, z: number): void {
  const n = g.X * g.Y;
  (output.data as { set(a: ArrayLike<number | bigint>, o: number): void }).set(ws.view(e, at, n) as ArrayLike<number | bigint>, g.outOffset(z));
}

/** A heap buffer of kernel weights (element type e), filled once the heap is committed. */
export function weights(ws: Workspace, e: Elem, w: number[]): number {
  const at = ws.alloc(w.length * ELEM_BYTES[e]);
  ws.onCommit(() => (ws.view(e, at, w.length) as Float32Array | Float64Array).set(w));
  return at;
}
