import type * as z from 'zod';
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
   * once, over every z, never slab by slab from a halo (unless it splits: `split`); halo() is then the
   * whole volume.
   */
  global?: boolean;
  /** Writes output planes zRange[0] <= z < zRange[1]. */
  run(input: VolumeView, params: P, output: VolumeView, zRange: readonly [number, number]): void;
  /**
   * A global op that can still run on the workers in parallel gives its plan for these parameters and
   * input type here (null where it cannot: a threshold whose method needs the voxels in order).
   */
  split?(params: P, input: DType): SplitPlan | null;
}

/** Planes zRange[0] <= z < zRange[1] of the whole volume: one slab of a split global op. */
export type ZRange = readonly [number, number];

/**
 * A global op run in rounds over z-slabs of the whole volume: each round runs `slab` on every slab (in
 * the job pool's workers, in parallel), then `between` (on the calling thread, with the whole input and
 * output at hand) turns the slabs' summaries (structured-cloneable: a count, a histogram, a list of
 * label pairs) into each slab's argument for the next round. The output equals run() over the whole
 * volume, exactly, for any slabs. A slab gets the whole volumes' views: it may read any plane, and
 * writes only its own planes of the output.
 * Each channel and time point runs on a plan of its own: `between` may keep what earlier rounds gave.
 */
export interface SplitPlan {
  rounds: number;
  /** Round `round` on one slab; `arg` is what `between` gave this slab (undefined in round 0). Returns the slab's summary. */
  slab(round: number, input: VolumeView, output: VolumeView, zRange: ZRange, arg: unknown): unknown;
  /** After round `round` (< rounds - 1): each slab's argument for the next, or null where the slab has nothing to do in it. */
  between(round: number, summaries: readonly unknown[], slabs: readonly ZRange[], input: VolumeView, output: VolumeView): unknown[];
}

export type FilterRegistry = Record<string, FilterOp<unknown>>;
