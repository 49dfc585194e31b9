/**
 * A pipeline: filter steps applied one after another, each naming an op of `voxelscope filter` with
 * its parameters under the same names (scipy.ndimage / scikit-image's). The recipe file's stable core
 * (DESIGN.md) is exactly this list; the op schemas that validate a step's parameters are the filter
 * library's.
 */
export interface PipelineStep {
  op: string;
  /** A step may be switched off without being removed. */
  enabled?: boolean;
  [param: string]: unknown;
}

export interface Pipeline {
  steps: PipelineStep[];
}

/** The steps that run. */
export function enabledSteps(p: Pipeline): PipelineStep[] {
  return p.steps.filter((s) => s.enabled !== false);
}
