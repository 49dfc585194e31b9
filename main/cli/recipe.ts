import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { OPS } from '../../app/filters/catalog.js';
import { recipePython } from '../../app/recipe/python.js';
import { parseRecipe, recipeText, type Recipe } from '../../app/recipe/recipe.js';
import { recipeSummary } from '../../app/recipe/summary.js';
import { writeAtomically } from '../services/write-volume.js';
import { APP_NAME, versionLine } from './build-info.js';
import { opt, UsageError, type ParsedCommand } from './command-line.js';

export const RECIPE_ACTIONS = ['show', 'validate', 'python'] as const;

/** Reads and checks a recipe file; any problem is one RecipeError line naming the file (and step, field). */
export function readRecipe(path: string): Recipe {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseRecipe(text, basename(path), OPS);
}

/**
 * `voxelscope recipe show|validate|python RECIPE`: a person's summary (or, with --json, the recipe in the
 * current version), a check (exit 0 "valid", else 1 with the one error line), or the recipe as a
 * Python script (stdout, or -o FILE). Returns the exit status; errors propagate as one line.
 */
export function recipeCommand(p: ParsedCommand): number {
  const [action, file] = p.args as [string, string];
  if (!(RECIPE_ACTIONS as readonly string[]).includes(action)) {
    throw new UsageError(`voxelscope recipe: unknown action '${action}' (actions: ${RECIPE_ACTIONS.join(', ')})`);
  }
  let recipe: Recipe;
  try {
    recipe = readRecipe(file);
  } catch (e) {
    // One line naming the file, the step and the field (the RecipeError's own words).
    process.stderr.write(`voxelscope recipe ${action}: ${(e as Error).message.split('\n')[0]}\n`);
    return 1;
  }
  const name = basename(file);
  switch (action) {
    case 'validate':
      process.stdout.write(`${name}: valid (version ${recipe.version}, ${recipe.steps.length} step${recipe.steps.length === 1 ? '' : 's'})\n`);
      return 0;
    case 'show':
      process.stdout.write(p.options.has('json') ? recipeText(recipe) : recipeSummary(recipe, name, OPS));
      return 0;
    default: {
      const script = recipePython(recipe, OPS, { source: name, generator: `${APP_NAME} ${versionLine()}` });
      const out = opt<string>(p, 'output');
      if (out && resolve(out) === resolve(file)) throw new UsageError(`voxelscope recipe python: -o ${out} would overwrite the recipe itself`);
      if (out) writeAtomically(resolve(out), [new TextEncoder().encode(script)]);
      else process.stdout.write(script);
      return 0;
    }
  }
}
