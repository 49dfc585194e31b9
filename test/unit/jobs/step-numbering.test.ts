import { describe, expect, it } from 'vitest';
import { OPS } from '../../../app/filters/catalog.js';
import type { PipelineStep } from '../../../app/filters/pipeline.js';
import { applyPipeline } from '../../../app/jobs/apply.js';
import type { JobPool } from '../../../app/jobs/pool.js';
import { StepError, resolveSteps } from '../../../app/jobs/pipeline-steps.js';

/**
 * An error names the step as the pipeline panel numbers it: disabled steps count. A pipeline whose
 * first step is switched off and whose third is bad says "step 3", not "step 2".
 */
const STEPS = [
  { op: 'gaussian', sigma: 1, enabled: false },
  { op: 'median', size: 3 },
  { op: 'gaussian', sigma: -1 },
] as unknown as PipelineStep[];

describe('step numbers count disabled steps', () => {
  it('resolveSteps', () => {
    expect(() => resolveSteps(STEPS, OPS)).toThrow(/^step 3: gaussian: sigma/);
  });

  it('applyPipeline refuses before anything runs, naming step 3', () => {
    const pool = { size: 1, run: () => { throw new Error('nothing may run'); } } as unknown as JobPool;
    const input = { dims: { x: 2, y: 2, z: 2, c: 1, t: 1 }, dtype: 'uint8', sab: new SharedArrayBuffer(8) } as never;
    let err: unknown;
    try {
      applyPipeline(pool, input, STEPS, OPS);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StepError);
    expect((err as StepError).step).toBe(2);
    expect((err as Error).message).toMatch(/^step 3: /);
  });
});
