import type { PipelineStep } from '../filters/pipeline.js';
import type { FilterRegistry } from '../filters/types.js';
import { resolveSteps } from '../jobs/pipeline-steps.js';
import type { Recipe } from './recipe.js';

/** Parameters that are lengths: the recipe holds them in voxels (the physical entry, if any, beside them). */
const LENGTHS = new Set(['sigma', 'sigma1', 'sigma2', 'size']);

const value = (v: unknown): string => (Array.isArray(v) ? `${v.join(',')} (x,y,z)` : String(v));

/**
 * `voxelscope recipe show`: what a recipe does, for a person. Every step with all its parameters (the
 * defaults it runs with too), lengths with their unit, the input it was tuned on and the app that wrote it.
 */
export function recipeSummary(r: Recipe, source: string, ops: FilterRegistry): string {
  const out = [`${source}: voxelscope recipe, version ${r.version}`];
  if (r.description) out.push(`  ${r.description}`);
  if (r.app) out.push(`  written by ${r.app.name} ${r.app.version}${r.app.commit ? ` (commit ${r.app.commit})` : ''}${r.created ? `, ${r.created}` : ''}`);
  if (r.input) {
    const i = r.input;
    const d = i.dims;
    const sp = i.spacing ? `, spacing ${i.spacing.x} x ${i.spacing.y} x ${i.spacing.z}${i.unit ? ` ${i.unit}` : ''}` : '';
    out.push(`  tuned on ${i.name}: ${d.x} x ${d.y} x ${d.z}${d.c > 1 ? `, ${d.c} channels` : ''}${d.t > 1 ? `, ${d.t} frames` : ''}, ${i.dtype}${sp}`);
    if (i.sha256) out.push(`    sha256 ${i.sha256}`);
  }
  out.push('  steps:');
  r.steps.forEach((s, i) => {
    const [run] = resolveSteps([{ ...(s as PipelineStep), enabled: true }], ops);
    const params = Object.entries(run!.params as Record<string, unknown>).map(([k, v]) => {
      const entered = r.physical?.[String(i)]?.[k];
      const unit = LENGTHS.has(k) ? ' voxels' : '';
      return `${k} ${value(v)}${unit}${entered ? ` (entered as ${[entered.value].flat().join(',')} ${entered.unit})` : ''}`;
    });
    out.push(`    ${i + 1}. ${s.op}${s.enabled === false ? ' (switched off)' : ''}: ${params.join(', ') || 'no parameters'}`);
  });
  return `${out.join('\n')}\n`;
}
