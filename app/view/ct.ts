import type { VolumeMeta } from '../model/volume.js';

/*
 * CT windows. Presets are (width, level) in Hounsfield units as the standard viewers ship them:
 *   3D Slicer, Modules/Loadable/Volumes/Resources/VolumeDisplayPresets.json: CT-Brain 100/50,
 *     CT-Abdomen 350/40, CT-Lung 1400/-500, CT-Bone 1000/400;
 *   OsiriX / Horos (AppController getDefaults, WLWW3): CT - Brain 100/50, CT - Abdomen 350/40,
 *     CT - Pulmonary 1400/-500, CT - Bone 1500/300.
 * Where they agree we use their value; for bone we take OsiriX/Horos's wider 1500/300, which keeps
 * cortical bone from saturating. Neither ships a soft-tissue window: 400/40 is the common radiology
 * one (Radiopaedia, "Windowing (CT)": soft tissues W 350–400, L 20–60).
 */
export interface CtPreset { name: string; width: number; level: number }

export const CT_PRESETS: readonly CtPreset[] = [
  { name: 'Brain', width: 100, level: 50 },
  { name: 'Soft tissue', width: 400, level: 40 },
  { name: 'Abdomen', width: 350, level: 40 },
  { name: 'Lung', width: 1400, level: -500 },
  { name: 'Bone', width: 1500, level: 300 },
];

/** The display range [level - width/2, level + width/2] of a preset. */
export function presetRange(p: CtPreset): { min: number; max: number } {
  return { min: p.level - p.width / 2, max: p.level + p.width / 2 };
}

const SAYS_CT = /\bCT\b|computed tomograph|hounsfield|\bHU\b/i;

/**
 * Whether a volume looks like CT in Hounsfield units, so CT presets make sense. Only NIfTI volumes with
 * one scalar channel qualify (other formats carry no calibration to HU), and then either
 *  - the header says so: descrip, intent_name or aux_file mentions CT, Hounsfield or HU; or
 *  - the calibrated data range does: a minimum between -3100 and -900 (air is -1000 HU; scanners pad
 *    outside the field of view with -1024, -2000, -2048 or -3024) and a maximum of at least 100 (soft
 *    tissue and bone lie above 0). MRI and PET data are not negative like that; a Siemens phase image
 *    (-4096..4095) falls below the minimum's bound.
 * `range` is the calibrated data range once the statistics are in, else null.
 */
export function looksLikeCt(meta: Pick<VolumeMeta, 'format' | 'dims' | 'dtype' | 'extra'>, range: { min: number; max: number } | null): boolean {
  if (!meta.format.startsWith('nifti') || meta.dims.c !== 1 || meta.dtype.startsWith('complex')) return false;
  const text = ['descrip', 'intent_name', 'aux_file'].map((k) => meta.extra[k]).filter((v) => typeof v === 'string').join(' ');
  if (SAYS_CT.test(text)) return true;
  return !!range && range.min >= -3100 && range.min <= -900 && range.max >= 100;
}
