import type { DisplayState } from '../../app/model/display.js';
import type { Histogram } from '../../app/lut/histogram.js';
import type { Pipeline } from '../../app/filters/pipeline.js';
import type { VolumeData } from './volume-data.js';

/**
 * A layer of the document, as napari has them: a volume with its own display. Images are drawn one at
 * a time (the current one, or the one a mask or label layer was made from); masks and label images
 * are drawn over the image they belong to.
 */
export type LayerKind = 'image' | 'mask' | 'labels';

export interface ChannelStats { min: number; max: number; histogram: Histogram }

export interface Layer {
  readonly id: string;
  readonly name: string;
  readonly kind: LayerKind;
  readonly voxels: VolumeData;
  display: DisplayState;
  /** Per-channel statistics over the whole volume, once it is all there. */
  stats: (ChannelStats | null)[];
  /** Masks and labels: drawn over their image. */
  visible: boolean;
  /** Masks and labels: 0 (clear) .. 1 (opaque). */
  opacity: number;
  /** Labels: the object chosen in the object table, drawn standing out (0: none). */
  highlight?: number;
  /** What a derived layer was computed from: the layer it was applied to and the pipeline applied. */
  readonly derived: { from: string; pipeline: Pipeline } | null;
}

let nextId = 1;

export function newLayerId(): string {
  return `layer-${nextId++}`;
}
