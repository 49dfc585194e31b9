import { maximum, minimum, uniform } from './box.js';
import { dog } from './dog.js';
import { gaussian } from './gaussian.js';
import { laplace } from './laplace.js';
import { median } from './median.js';
import { FilterParamsError, parseWith } from './params.js';
import { sobel } from './sobel.js';
import { blackTophat, whiteTophat } from './tophat.js';
import type { FilterOp } from './types.js';
import { std, variance } from './variance.js';

/**
 * The neighbourhood filters by their DESIGN.md op names (`voxelscope filter --op NAME`, recipe steps),
 * each with the zod schema of its parameters (scipy.ndimage names and defaults).
 */
export const NEIGHBOURHOOD_FILTERS = {
  gaussian,
  uniform,
  median,
  minimum,
  maximum,
  variance,
  std,
  sobel,
  laplace,
  dog,
  white_tophat: whiteTophat,
  black_tophat: blackTophat,
} satisfies Record<string, FilterOp<unknown>>;

export type NeighbourhoodOpName = keyof typeof NEIGHBOURHOOD_FILTERS;

export const FILTERS: Record<string, FilterOp<unknown>> = { ...NEIGHBOURHOOD_FILTERS };

/**
 * Validates one op's parameters (as a recipe step or the CLI gives them, without `op`): the parsed
 * values with scipy's defaults filled in, or one FilterParamsError naming the op, the field and the problem.
 */
export function parseFilterParams(op: string, raw: unknown): unknown {
  const f = FILTERS[op];
  if (!f) throw new FilterParamsError(`unknown filter '${op}' (filters: ${Object.keys(FILTERS).join(', ')})`);
  return parseWith(op, f.schema, raw);
}
