import type { PipelineStep } from '../filters/pipeline.js';
import { parseWith } from '../filters/params.js';
import type { FilterRegistry } from '../filters/types.js';
import type { RunStep } from './pipeline-run.js';

/** A step that cannot run: the message names the step and the field. */
export class StepError extends Error {
  constructor(readonly step: number, message: string) {
    super(message);
    this.name = 'StepError';
  }
}

/**
 * The enabled steps of a pipeline as steps ready to run: each op looked up and its parameters
 * validated by the op's own schema. One clear error names the step (1-based, as the interface counts)
 * and the field.
 */
export function resolveSteps(steps: readonly PipelineStep[], ops: FilterRegistry): RunStep[] {
  const out: RunStep[] = [];
  steps.forEach((s, i) => {
    if (s.enabled === false) return;
    const op = ops[s.op];
    if (!op) throw new StepError(i, `step ${i + 1}: unknown op '${String(s.op)}' (known: ${Object.keys(ops).join(', ')})`);
    const { op: _name, enabled: _on, ...params } = s;
    try {
      out.push({ name: s.op, op, params: parseWith(s.op, op.schema, params) });
    } catch (e) {
      // parseWith's message names the op and the field ("gaussian: sigma (y): must be at least 0").
      throw new StepError(i, `step ${i + 1}: ${(e as Error).message}`);
    }
  });
  return out;
}
