import type { z } from 'zod';
import type { DType, TypedArray } from '../model/dtype.js';

/*
 * The shapes every filter shares (the kernels and the segmentation ops alike); the job pool, the CLI and
 * the preview run any op through them.
 */

export interface Dims3 { x: number; y: number; z: number }

/** One channel of one time point: x fastest, then y, then z. */
export interface VolumeView {
  data: TypedArray;
  dims: Dims3;
  dtype: DType;
}

export interface FilterOp<P = unknown> {
  /** The op's parameters, validated at every entry (CLI, recipe, UI). */
  schema: z.ZodType<P>;
  outputDtype(input: DType, params: P): DType;
  /** Voxels beyond a slab an output slab depends on, per axis. */
  halo(params: P): Dims3;
  /**
   * The op depends on the whole volume (a histogram threshold, connected components): the pool runs it
   * once, over every z, and never slab by slab; halo() is then the whole volume.
   */
  global?: boolean;
  /** Writes output planes zRange[0] <= z < zRange[1]. */
  run(input: VolumeView, params: P, output: VolumeView, zRange: readonly [number, number]): void;
}

export type FilterRegistry = Record<string, FilterOp<unknown>>;
