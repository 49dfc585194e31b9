import * as z from 'zod';

/**
 * The record a montage PNG carries (its iTXt chunk "voxelscope"): the input it was made from, every
 * setting, and the app that made it. `voxelscope montage --from` reads it back to make the same image.
 */
export const MONTAGE_RECORD_KEYWORD = 'voxelscope';

export const montageSettingsSchema = z.object({
  axis: z.enum(['x', 'y', 'z']),
  start: z.number().int().min(0),
  stop: z.number().int().min(1),
  step: z.number().int().min(1),
  cols: z.number().int().min(1),
  cmap: z.string().min(1),
  range: z.tuple([z.number(), z.number()]),
  border: z.number().int().min(0).max(1000),
  label: z.enum(['slice', 'position', 'none']),
  scalebar: z.number().positive().nullable(),
  channel: z.number().int().min(0),
  time: z.number().int().min(0),
}).strict();

export const montageRecordSchema = z.object({
  format: z.literal('voxelscope-montage'),
  version: z.literal(1),
  app: z.object({ name: z.string(), version: z.string(), commit: z.string().optional() }),
  input: z.object({ name: z.string().min(1), path: z.string().min(1), size: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  settings: montageSettingsSchema,
});

export type MontageRecord = z.infer<typeof montageRecordSchema>;
export type MontageRecordSettings = z.infer<typeof montageSettingsSchema>;

/** The record from its JSON text; the error names the first field that is wrong. */
export function parseMontageRecord(text: string): MontageRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`its montage record is not JSON (${(e as Error).message})`);
  }
  const r = montageRecordSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`its montage record is not one this version reads: ${issue.path.join('.') || '(record)'}: ${issue.message}`);
  }
  return r.data;
}
