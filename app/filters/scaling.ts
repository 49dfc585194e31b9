import type { Scaling } from '../model/volume.js';
import type { PipelineStep } from './pipeline.js';

/** Ops that commute with a positive linear intensity scaling: their result is on the input's scale. */
const SCALE_PRESERVING = new Set(['gaussian', 'uniform', 'median', 'minimum', 'maximum']);

/** The steps' result is on the input's scale (so it keeps the input's display range and calibration). */
export function keepsScale(steps: readonly PipelineStep[]): boolean {
  return steps.every((s) => s.enabled === false || SCALE_PRESERVING.has(s.op));
}

/**
 * The intensity scaling of a pipeline's result: the input's, where every step commutes with it (a
 * smoothing of a CT is still in HU), else none (a mask, labels, a gradient have their own values).
 */
export function resultScaling(steps: readonly PipelineStep[], scaling: Scaling | null): Scaling | null {
  return scaling && scaling.slope > 0 && keepsScale(steps) ? scaling : null;
}
