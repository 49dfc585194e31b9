import * as z from 'zod';
import type { PipelineStep } from '../filters/pipeline.js';
import type { FilterRegistry } from '../filters/types.js';
import { resolveSteps, StepError } from '../jobs/pipeline-steps.js';
import { migrateToCurrent, RECIPE_VERSION } from './migrations.js';

/**
 * A recipe: a pipeline saved to a file, to run again on other files (DESIGN.md's command-line contract).
 * Its stable core is `{"format": "voxelscope-recipe", "version": 2, "steps": [...]}`, each step an op of
 * `voxelscope filter` with that command's parameter names, in voxels. Everything else records where the
 * recipe came from: the app that wrote it, the input it was tuned on, how physical parameters were
 * entered. This module is the one schema for the app, the CLI and the batch runner.
 */
export const RECIPE_FORMAT = 'voxelscope-recipe';
export { RECIPE_VERSION };

/** The file the recipe was tuned on: enough to recognise it again (the SHA-256 of the file). */
export const recipeInputSchema = z.object({
  name: z.string(),
  dims: z.object({ x: z.number(), y: z.number(), z: z.number(), c: z.number(), t: z.number() }),
  spacing: z.object({ x: z.number(), y: z.number(), z: z.number() }).optional(),
  unit: z.string().optional(),
  dtype: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 hex digits').optional(),
});

/** A length parameter as the user entered it in physical units; the step's own value (voxels) is what runs. */
export const physicalEntrySchema = z.object({ value: z.union([z.number(), z.array(z.number()).length(3)]), unit: z.string() });

const stepSchema = z
  .object({ op: z.string({ error: 'expected the op name as a string' }), enabled: z.boolean().optional() })
  .catchall(z.unknown());

export const recipeSchema = z.object({
  format: z.literal(RECIPE_FORMAT, { error: `expected "format": "${RECIPE_FORMAT}"` }),
  version: z.literal(RECIPE_VERSION),
  app: z.object({ name: z.string(), version: z.string(), commit: z.string().optional() }).optional(),
  description: z.string().optional(),
  created: z.string().optional(),
  input: recipeInputSchema.optional(),
  /** Per step index (as a string), the physical entries of its length parameters. */
  physical: z.record(z.string(), z.record(z.string(), physicalEntrySchema)).optional(),
  steps: z.array(stepSchema).min(1, 'a recipe needs at least one step'),
});

export type Recipe = z.infer<typeof recipeSchema>;
export type RecipeInput = z.infer<typeof recipeInputSchema>;

/** A recipe that cannot be used: the message names the file, and the step and field where there is one. */
export class RecipeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecipeError';
  }
}

/**
 * Reads a recipe from its JSON text: older versions migrated (migrations.ts), the structure checked,
 * then every step (enabled or not) validated by its op's own schema, so a recipe that loads also runs.
 * `source` names the recipe in messages (its file name).
 */
export function parseRecipe(text: string, source: string, ops: FilterRegistry): Recipe {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new RecipeError(`${source}: not JSON (${(e as Error).message})`);
  }
  return checkRecipe(raw, source, ops);
}

export function checkRecipe(raw: unknown, source: string, ops: FilterRegistry): Recipe {
  let current: unknown;
  try {
    current = migrateToCurrent(raw);
  } catch (e) {
    throw new RecipeError(`${source}: ${(e as Error).message}`);
  }
  const parsed = recipeSchema.safeParse(current);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RecipeError(`${source}: ${fieldPath(issue.path)}${issue.message}`);
  }
  const recipe = parsed.data;
  try {
    resolveSteps(recipe.steps.map((s) => ({ ...s, enabled: true })) as PipelineStep[], ops);
  } catch (e) {
    // "step 2: gaussian: sigma (y): must be at least 0", "step 1: unknown op 'blur' (known: ...)"
    if (e instanceof StepError) throw new RecipeError(`${source}: ${e.message}`);
    throw e;
  }
  return recipe;
}

function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '';
  if (path[0] === 'steps' && typeof path[1] === 'number') {
    const rest = path.slice(2).map(String).join('.');
    return `step ${path[1] + 1}${rest ? `: ${rest}` : ''}: `;
  }
  return `${path.map(String).join('.')}: `;
}

/** The steps a recipe runs, as the pipeline takes them. */
export function recipeSteps(r: Recipe): PipelineStep[] {
  return r.steps.map((s) => ({ ...s }) as PipelineStep);
}

/** A recipe for a pipeline, with where it came from; stable key order so saved files diff well. */
export function makeRecipe(steps: readonly PipelineStep[], about: Omit<Recipe, 'format' | 'version' | 'steps'> = {}): Recipe {
  return { format: RECIPE_FORMAT, version: RECIPE_VERSION, ...about, steps: steps.map((s) => ({ ...s })) };
}

export function recipeText(r: Recipe): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
