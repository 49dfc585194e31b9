import * as z from 'zod';
import { montageSettingsSchema } from '../export/montage-record.js';
import type { VolumeMeta } from '../model/volume.js';

/**
 * THE contract between the renderer and a host (Electron main process or the browser host).
 * Each method and event is defined once here with a runtime schema; the TypeScript types are derived
 * from the schemas. Hosts validate every request against `methods[name].request` before acting;
 * the Electron preload exposes exactly these method names and nothing generic.
 */

/** Volume ids are random (see the host's volume store): knowing one tells nothing of another. */
const volumeId = z.string().regex(/^v[0-9a-f]{16}$/);
/** Batch run ids are random, as volume ids are. */
const runId = z.string().regex(/^r[0-9a-f]{16}$/);
/** A path relative to the browser host's --root: no absolute paths, no '..' segments, no NUL. */
const relPath = z
  .string()
  .max(4096)
  .refine((p) => !p.includes('\0') && !p.startsWith('/') && !/^[a-zA-Z]:/.test(p) && !p.split(/[\\/]/).includes('..'), {
    message: 'path must stay inside the served root',
  });

/** What a native dialog of the desktop app returned, by the opaque id the host gave it (random, like volume ids). */
const pickId = z.string().regex(/^p[0-9a-f]{16}$/);
/** A picked file or folder as the page sees it: its id and its name, never its path. */
export const runPickSchema = z.object({ id: pickId, name: z.string(), kind: z.enum(['file', 'dir']) });
export type RunPick = z.infer<typeof runPickSchema>;
/**
 * An input or the output folder of a run: a path under the browser host's root, or something the user
 * picked in the desktop app's native dialog (the host resolves the id; the page never names a path).
 */
const runTarget = z.union([relPath, z.object({ pick: pickId }).strict()]);
export type RunTarget = z.infer<typeof runTarget>;

/** A file's own name (as the user's system gave it): no folders, not '.' or '..', no NUL. */
const fileName = z
  .string()
  .min(1)
  .max(1024)
  .refine((n) => !/[\\/\0]/.test(n) && n !== '.' && n !== '..', { message: 'not a plain file name' });

/** How to load a volume that would not fit the memory budget whole. */
export const loadPlanSchema = z
  .object({
    /** Keep every n-th z plane. */
    zStep: z.number().int().min(1).max(4096).default(1),
    /** Bin (average) n x n pixels in x/y. */
    xyBin: z.number().int().min(1).max(64).default(1),
    /** Inclusive time range; null = all. */
    tRange: z.tuple([z.number().int().min(0), z.number().int().min(0)]).nullable().default(null),
  })
  .strict();
export type LoadPlan = z.infer<typeof loadPlanSchema>;

/**
 * Options of every open call: the load plan, and the volume the new one takes the place of (its memory
 * counts as free when the host checks the budget, and it is closed once the new volume opens).
 */
const openFields = { plan: loadPlanSchema.optional(), replaces: volumeId.optional() };
const openOptions = z.object(openFields).strict();

export const openResultSchema = z.object({
  volumeId,
  sourceName: z.string(),
  fileSize: z.number(),
  /** Bytes of decoded voxels that will stream from `dataUrl`. */
  byteLength: z.number(),
  meta: z.custom<VolumeMeta>((v) => typeof v === 'object' && v !== null),
  /** Dims of the file before any load plan was applied. */
  fileDims: z.object({ x: z.number(), y: z.number(), z: z.number(), c: z.number(), t: z.number() }),
  plan: loadPlanSchema,
  /** URL (relative to the app origin) of the voxel stream (frames of planes: app/ipc/voxel-stream.ts). */
  dataUrl: z.string(),
});
export type OpenResult = z.infer<typeof openResultSchema>;

export const dirEntrySchema = z.object({ name: z.string(), kind: z.enum(['file', 'dir']), size: z.number() });
export type DirEntry = z.infer<typeof dirEntrySchema>;

/** A recent file as the page sees it: an id to reopen it by and a name, never its path. */
export const recentEntrySchema = z.object({ id: z.string(), name: z.string(), openedAt: z.string() });
export type RecentEntry = z.infer<typeof recentEntrySchema>;

const empty = z.object({}).strict();

export const methods = {
  /** Names, versions and what this host can do. */
  appInfo: {
    request: empty,
    response: z.object({
      name: z.string(),
      version: z.string(),
      host: z.enum(['electron', 'browser']),
      versions: z.record(z.string(), z.string()),
      canPickFiles: z.boolean(),
      canBrowse: z.boolean(),
      /** Run on files… picks its inputs and output folder with native dialogs (pickRunInputs, pickRunOutput). */
      canPickForRun: z.boolean(),
      memoryBudget: z.number(),
    }),
  },
  /** Shows the native open dialog and opens what the user chose (null if cancelled). */
  openDialog: { request: openOptions, response: openResultSchema.nullable() },
  /** Lists a folder under the browser host's root. */
  browse: {
    request: z.object({ dir: relPath }).strict(),
    response: z.object({ dir: z.string(), entries: z.array(dirEntrySchema) }),
  },
  /** Opens a file under the browser host's root, chosen in the in-app file browser. */
  openBrowsed: { request: z.object({ path: relPath, ...openFields }).strict(), response: openResultSchema },
  /** Opens a file the user dropped and the host received (Electron: via the preload; browser: uploaded). */
  openDropped: {
    request: z.object({ dropId: z.string().regex(/^d[0-9a-f]{16}$/), name: fileName, ...openFields }).strict(),
    response: openResultSchema,
  },
  recentList: { request: empty, response: z.array(recentEntrySchema) },
  openRecent: { request: z.object({ id: z.string().max(64), ...openFields }).strict(), response: openResultSchema },
  /**
   * While a volume loads: decode and send these planes (canonical indices) next, e.g. the slice now on
   * screen; they replace the planes asked for before.
   */
  prioritizePlanes: {
    request: z.object({ volumeId, planes: z.array(z.number().int().min(0).max(2 ** 31)).max(4096) }).strict(),
    response: z.object({}),
  },
  /** Stops decoding a volume that is still loading. */
  cancelLoad: { request: z.object({ volumeId }).strict(), response: z.object({ cancelled: z.boolean() }) },
  /** Releases the host's copy of a volume. */
  closeVolume: { request: z.object({ volumeId }).strict(), response: z.object({ closed: z.boolean() }) },
  /**
   * Desktop app: shows the native open dialog for a run's inputs (several files, or several folders:
   * most systems cannot offer both in one dialog); what the user chose, by id ([] if cancelled).
   */
  pickRunInputs: {
    request: z.object({ folders: z.boolean() }).strict(),
    response: z.array(runPickSchema).max(4096),
  },
  /** Desktop app: shows the native folder dialog for a run's output folder (null if cancelled). */
  pickRunOutput: { request: empty, response: runPickSchema.nullable() },
  /**
   * Runs a recipe over files and folders into an output folder, as `voxelscope run` does (the recipe is
   * checked by the host): paths under the browser host's root, or what the user picked in the desktop
   * app (the run then reads only what was picked and writes only below the picked output folder).
   * Progress and the end come as events; paths in them are relative to the root, or to the folder
   * holding the pick.
   */
  runStart: {
    request: z
      .object({
        recipe: z.unknown(),
        inputs: z.array(runTarget).min(1).max(4096),
        out: runTarget,
        format: z.enum(['tif', 'nii', 'nii.gz', 'npy']).optional(),
        overwrite: z.boolean().optional(),
      })
      .strict(),
    response: z.object({ runId, total: z.number(), log: z.string() }),
  },
  /**
   * A montage of an open volume's file as `voxelscope montage` makes it (the same PNG byte for byte, its
   * record with the file's SHA-256): slices from 0, channel and time from 0. The PNG comes back as
   * base64, with a file name to offer for it.
   */
  exportMontage: {
    request: z.object({ volumeId, settings: montageSettingsSchema }).strict(),
    response: z.object({ name: z.string(), png: z.string() }),
  },
  /** Stops a run: inputs in flight stop and leave nothing; the run still ends with runFinished. */
  runCancel: { request: z.object({ runId }).strict(), response: z.object({ cancelled: z.boolean() }) },
} as const;

export type MethodName = keyof typeof methods;
export type Request<M extends MethodName> = z.input<(typeof methods)[M]['request']>;
export type Response<M extends MethodName> = z.infer<(typeof methods)[M]['response']>;
export const methodNames = Object.keys(methods) as MethodName[];

/** What a failed call returns across the boundary (and what the openFailed event carries). */
export const contractErrorSchema = z.object({
  code: z.enum(['invalid-request', 'unknown-method', 'not-available', 'format', 'over-budget', 'not-found', 'internal']),
  message: z.string(),
  /**
   * For over-budget: the bytes needed, the budget, a reduced load that fits, and the recent-files id
   * to open the same file with that plan (openRecent), since the renderer never names paths.
   */
  detail: z
    .object({ needed: z.number(), budget: z.number(), suggestion: z.object({ zStep: z.number(), xyBin: z.number() }), recentId: z.string() })
    .optional(),
});
export type ContractError = z.infer<typeof contractErrorSchema>;

/**
 * Events from the host to one client. A load's progress and its outcome are not events: they travel in
 * the volume's own stream (app/ipc/voxel-stream.ts), so there is one channel for each.
 */
export const events = {
  /** A menu item or an OS action asked the UI to do something. */
  command: z.object({ command: z.enum(['open', 'about', 'close']) }),
  /** The host opened a volume on its own (command line, Open Recent menu, a file dropped on the window). */
  opened: openResultSchema,
  /**
   * The host failed to open something it was asked to outside an RPC call (command line, OS, drop,
   * menu): the same error an open call returns, so the renderer offers the same dialogs.
   */
  openFailed: z.object({ name: z.string(), error: contractErrorSchema }),
  /** A batch run finished one more input (paths relative to the root). */
  runProgress: z.object({ runId, done: z.number(), total: z.number(), failed: z.number(), current: z.string().optional() }),
  /** A batch run ended (all done, or cancelled): its summary, each failure in one line, where its log is. */
  runFinished: z.object({
    runId,
    summary: z.object({ ok: z.number(), failed: z.number(), skipped: z.number(), seconds: z.number() }),
    cancelled: z.boolean(),
    failures: z.array(z.object({ input: z.string(), error: z.string() })),
    log: z.string(),
  }),
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
export const eventNames = Object.keys(events) as EventName[];

export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}

/** Validates a request; returns the parsed value or a ContractError. Hosts call this before acting. */
export function validateRequest<M extends MethodName>(name: unknown, payload: unknown): Result<{ method: M; params: z.infer<(typeof methods)[M]['request']> }> {
  if (!isMethodName(name)) return { ok: false, error: { code: 'unknown-method', message: `unknown method ${JSON.stringify(String(name)).slice(0, 80)}` } };
  const parsed = methods[name].request.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, error: { code: 'invalid-request', message: `${name}: ${issue?.message ?? 'invalid'}${where}` } };
  }
  return { ok: true, value: { method: name as M, params: parsed.data as z.infer<(typeof methods)[M]['request']> } };
}
