import * as z from 'zod';
import { MODES } from './boundary.js';

/**
 * Parameter schemas shared by the neighbourhood filters: scipy.ndimage's names and defaults, per-axis
 * values written x, y, z (DESIGN.md's command-line contract). A per-axis value is one number for every
 * axis or an [x, y, z] array; the schemas hand it on as [x, y, z].
 */
export type XYZ = [x: number, y: number, z: number];
export const AXES = ['x', 'y', 'z'] as const;
export type Axis = (typeof AXES)[number];

/** Windows and kernels longer than this along an axis are refused (a radius of 1000 voxels). */
export const MAX_SIZE = 2001;
export const MAX_RADIUS = 1000;

export function perAxis(item: z.ZodNumber) {
  return z.preprocess(
    (v) => (typeof v === 'number' ? [v, v, v] : v),
    z.tuple([item, item, item], { error: 'expected a number or an [x, y, z] array' }),
  );
}

export const sizeSchema = perAxis(z.number().int('must be a whole number of voxels').min(1, 'must be at least 1').max(MAX_SIZE, `must be at most ${MAX_SIZE}`));
export const sigmaSchema = perAxis(z.number().min(0, 'must be at least 0').max(MAX_RADIUS, `must be at most ${MAX_RADIUS}`));
export const truncateSchema = z.number().positive('must be above 0').max(100, 'must be at most 100').default(4);

/**
 * mode and cval as in scipy; axes: the axes filtered (scipy's `axes`), by default x and y, and z too when
 * the volume has more than one plane, so a 2D image (z = 1) is filtered as scipy filters a 2D array and
 * ['x', 'y'] filters a 3D volume plane by plane.
 */
export const commonShape = {
  mode: z.enum(MODES).default('reflect'),
  cval: z.number().default(0),
  axes: z
    .array(z.enum(AXES))
    .min(1, 'name at least one axis')
    .refine((a) => new Set(a).size === a.length, 'name each axis at most once')
    .optional(),
};

export function opSchema<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject({ ...shape, ...commonShape });
}

export interface CommonParams {
  mode: (typeof MODES)[number];
  cval: number;
  axes?: Axis[];
}

/** The gaussian radius scipy uses: int(truncate * sigma + 0.5). */
export const gaussianRadius = (sigma: number, truncate: number): number => Math.trunc(truncate * sigma + 0.5);

/** Refuses a sigma whose kernel would pass MAX_RADIUS, naming the field and the axis. */
export function radiusCheck(field: string, sigma: XYZ, truncate: number, ctx: z.RefinementCtx): void {
  sigma.forEach((s, i) => {
    const r = gaussianRadius(s, truncate);
    if (r > MAX_RADIUS) ctx.addIssue({ code: 'custom', path: [field, i], message: `gives a kernel radius of ${r} voxels (int(truncate * sigma + 0.5)), more than ${MAX_RADIUS}` });
  });
}

export class FilterParamsError extends Error {}

/** Validates an op's parameters: the parsed values, or one FilterParamsError naming the field and the problem. */
export function parseWith<P>(op: string, schema: z.ZodType<P>, raw: unknown): P {
  const r = schema.safeParse(raw ?? {});
  if (r.success) return r.data;
  throw new FilterParamsError(describeIssue(op, r.error.issues[0], schema, raw));
}

function describeIssue(op: string, issue: z.core.$ZodIssue, schema: z.ZodType, raw: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    const known = schema instanceof z.ZodObject ? Object.keys(schema.shape).join(', ') : '';
    return `${op}: unknown parameter '${issue.keys[0]}'${known ? ` (parameters: ${known})` : ''}`;
  }
  const [field, index] = issue.path;
  // A per-axis value written as one number is named without an axis.
  const given = typeof raw === 'object' && raw !== null && field !== undefined ? (raw as Record<PropertyKey, unknown>)[field] : undefined;
  const axis = typeof index === 'number' && Array.isArray(given) && field !== 'axes' ? ` (${AXES[index] ?? index})` : '';
  const where = field === undefined ? 'parameters' : `${String(field)}${axis}`;
  const missing = issue.code === 'invalid_type' && given === undefined && issue.path.length === 1;
  const wrongLength = (issue.code === 'too_small' || issue.code === 'too_big') && issue.origin === 'array' && field !== 'axes' && issue.path.length === 1;
  return `${op}: ${where}: ${missing ? 'required' : wrongLength ? 'expected a number or an [x, y, z] array' : issue.message}`;
}
