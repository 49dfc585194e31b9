import type { VolumeRef } from '../../app/jobs/handlers/pipeline.js';
import type { Axis } from '../../app/view/planes.js';

/** What a preview shows: an image, or a mask or label image drawn over the original. */
export type ResultKind = 'image' | 'mask' | 'labels';

export interface PreviewPlane {
  /** width * height numbers of the plane, as extractPlane lays them out. */
  values: Float32Array;
  kind: ResultKind;
}

/** The live preview as the views see it (renderer/preview/preview-engine.ts computes it). */
export interface PreviewSource {
  /** A preview is asked for and can be shown (a pipeline, a whole volume). */
  readonly active: boolean;
  readonly kind: ResultKind;
  /** Why the preview cannot be computed, or null. */
  readonly error: string | null;
  /** Which kernels computed the last preview plane ('wasm' or 'ts'), null before the first. */
  readonly kernels: string | null;
  /** The plane's preview, or null while it is computed (asking starts the computation). */
  plane(axis: Axis, slice: number, c: number, t: number): PreviewPlane | null;
  /**
   * The view of this axis showed a preview a moment ago and the recomputed one is on its way: it may
   * keep its picture until the 'preview' event, rather than draw the original in between.
   */
  holding?(axis: Axis): boolean;
  /** The range to draw channel c's result in, or null for the channel's own. */
  range(c: number): [number, number] | null;
  /**
   * A labels preview's label image over the whole of channel c, time point t (the one the planes are
   * cut from, computed once per pipeline), and what it is keyed by; null unless the result is labels.
   */
  wholeLabels?(c: number, t: number): { key: string; labels: Promise<VolumeRef> } | null;
  /** The object a labels preview draws standing out (0 for none): the object table's choice. */
  highlight?: number;
}
