import { OPS } from '../../filters/catalog.js';
import type { PipelineStep } from '../../filters/pipeline.js';
import type { FilterRegistry, SplitPlan } from '../../filters/types.js';
import type { DType } from '../../model/dtype.js';
import { resolveSteps } from '../pipeline-steps.js';
import type { JobHandler } from '../worker-core.js';
import { channelVolume, type VolumeRef } from './pipeline.js';

/**
 * One round of a split global op (FilterOp.split) on one slab: planes z0..z1 of channel c, time point t,
 * the whole input and output volumes in shared memory. The step travels as a plain pipeline step and is
 * validated here, by the op's schema, as a pipeline job's steps are.
 */
export interface SplitRoundPayload {
  input: VolumeRef;
  output: VolumeRef;
  c: number;
  t: number;
  step: PipelineStep;
  round: number;
  z0: number;
  z1: number;
  arg: unknown;
}

/** The op's plan for this step and input type; throws where the op does not split. */
function splitPlanOf(step: PipelineStep, input: DType, ops: FilterRegistry): SplitPlan {
  const [s] = resolveSteps([step], ops);
  const plan = s?.op.split?.(s.params, input);
  if (!plan) throw new Error(`${step.op}: does not run in slabs`);
  return plan;
}

export function splitRoundJobWith(ops: FilterRegistry): JobHandler {
  return (payload, ctx) => {
    const p = payload as SplitRoundPayload;
    const plan = splitPlanOf(p.step, p.input.dtype, ops);
    ctx.throwIfCancelled();
    return plan.slab(p.round, channelVolume(p.input, p.c, p.t), channelVolume(p.output, p.c, p.t), [p.z0, p.z1], p.arg);
  };
}

export const splitRoundJob = splitRoundJobWith(OPS);
