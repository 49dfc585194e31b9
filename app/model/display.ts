import * as z from 'zod';
import { calibratedWindow } from './calibration.js';
import { COMPLEX_PARTS } from './complex.js';
import type { VolumeMeta } from './volume.js';

/**
 * How a layer is drawn, defined once with runtime schemas: the renderer's state, saved settings and
 * (later) saved sessions and figure records all go through these. The in-memory form holds a custom
 * colour table as bytes; the saved form (JSON) as a number list, with a version and migrations.
 */

/** A number that may be NaN: a range not known yet (filled in from the data once it has arrived). */
const maybeNaN = z.union([z.number(), z.nan()]);

export const displayMappingSchema = z.object({
  min: maybeNaN,
  max: maybeNaN,
  /** Exponent applied to the unit fraction; 1 = linear. */
  gamma: z.number(),
  log: z.boolean(),
  invert: z.boolean(),
});

const channelFields = {
  visible: z.boolean(),
  /** A colormap name from app/lut, or 'custom' (customTable). */
  lut: z.string().max(100),
  customName: z.string().max(200).nullable(),
  mapping: displayMappingSchema,
};

export const channelDisplaySchema = z.object({ ...channelFields, customTable: z.instanceof(Uint8Array).nullable() });
/** How one channel is drawn: its lookup table and the value → colour mapping. */
export type ChannelDisplay = Omit<z.infer<typeof channelDisplaySchema>, 'customTable'> & { customTable: Uint8Array<ArrayBufferLike> | null };

export const COLOR_MODES = ['single', 'composite', 'rgb'] as const;
/** single: the current channel alone; composite: visible channels added (Fiji "Composite"); rgb: three bands as R, G, B. */
export type ColorMode = (typeof COLOR_MODES)[number];

const displayFields = {
  mode: z.enum(COLOR_MODES),
  rgbBands: z.tuple([z.number().int().min(0), z.number().int().min(0), z.number().int().min(0)]),
  /** Auto-contrast saturation in percent (Fiji's default 0.35). */
  saturation: z.number().min(0).max(100),
  /** For complex data, the part shown, measured and binned (ranges are in its values). */
  complexPart: z.enum(COMPLEX_PARTS),
};

export const displayStateSchema = z.object({ ...displayFields, channels: z.array(channelDisplaySchema) });
export type DisplayState = Omit<z.infer<typeof displayStateSchema>, 'channels'> & { channels: ChannelDisplay[] };

/**
 * Saved display settings. Version 1 kept ranges in stored units (and complex data by magnitude);
 * version 2 keeps them in calibrated values of the saved complex part.
 */
export const DISPLAY_VERSION = 2;
const savedChannelSchema = z.object({ ...channelFields, customTable: z.array(z.number().int().min(0).max(255)).length(768).nullable() });
const savedDisplaySchema = z.object({
  v: z.literal([1, 2]),
  ...displayFields,
  complexPart: displayFields.complexPart.optional(),
  channels: z.array(savedChannelSchema),
});
export type SavedDisplay = z.infer<typeof savedDisplaySchema>;

export function encodeDisplay(d: DisplayState): SavedDisplay {
  return {
    v: DISPLAY_VERSION, mode: d.mode, rgbBands: d.rgbBands, saturation: d.saturation, complexPart: d.complexPart,
    channels: d.channels.map((ch) => ({ ...ch, customTable: ch.customTable ? [...ch.customTable] : null })),
  };
}

/**
 * Saved settings as the display of `meta`'s volume, or null when they are not valid or no longer fit
 * it (another channel count). A version-1 window is migrated through the file's scaling, never read as
 * if it were calibrated (a CT window of 0..248 stored is not 0..248 HU).
 */
export function decodeDisplay(json: unknown, meta: VolumeMeta): DisplayState | null {
  const parsed = savedDisplaySchema.safeParse(nullToNaN(json));
  if (!parsed.success) return null;
  const s = parsed.data;
  const n = meta.dims.c;
  if (s.channels.length !== n || s.rgbBands.some((b) => b >= n)) return null;
  const v1 = s.v === 1;
  return {
    mode: s.mode, rgbBands: s.rgbBands, saturation: s.saturation,
    complexPart: !v1 && s.complexPart ? s.complexPart : 'magnitude',
    channels: s.channels.map((ch) => ({
      ...ch,
      customTable: ch.customTable ? Uint8Array.from(ch.customTable) : null,
      mapping: { ...ch.mapping, ...(v1 ? calibratedWindow(ch.mapping, meta.scaling) : {}) },
    })),
  };
}

/** JSON writes NaN (a range not known yet) as null: read it back as NaN. */
function nullToNaN(json: unknown): unknown {
  if (!json || typeof json !== 'object' || !Array.isArray((json as { channels?: unknown }).channels)) return json;
  const j = json as { channels: { mapping?: { min?: unknown; max?: unknown } }[] };
  return {
    ...j,
    channels: j.channels.map((ch) =>
      ch && typeof ch === 'object' && ch.mapping && typeof ch.mapping === 'object'
        ? { ...ch, mapping: { ...ch.mapping, min: ch.mapping.min ?? NaN, max: ch.mapping.max ?? NaN } }
        : ch,
    ),
  };
}
