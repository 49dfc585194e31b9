import type { VolumeMeta } from '../model/volume.js';

/*
 * True-colour display of hyperspectral cubes: pick the bands nearest red, green and blue light.
 * Wavelength units arrive as the file wrote them (ENVI "wavelength units", OME units) or not at all.
 */

/** Band centres used for the red, green and blue display channels, in nm. */
export const TRUE_COLOR_NM: readonly [number, number, number] = [640, 550, 460];

/** The visible range, nm: data entirely outside it has no true-colour rendering. */
const VISIBLE_NM = [380, 750] as const;

/** Nanometres per unit, by lower-cased unit name. Wavenumbers are handled apart (they are inverse). */
const NM_PER_UNIT: Record<string, number> = {
  nm: 1, nanometer: 1, nanometers: 1, nanometre: 1, nanometres: 1,
  um: 1e3, 'µm': 1e3, 'μm': 1e3, micron: 1e3, microns: 1e3, micrometer: 1e3, micrometers: 1e3, micrometre: 1e3, micrometres: 1e3,
  mm: 1e6, millimeter: 1e6, millimeters: 1e6,
  cm: 1e7, centimeter: 1e7, centimeters: 1e7,
  m: 1e9, meter: 1e9, meters: 1e9,
};
const WAVENUMBER_UNITS = new Set(['wavenumber', 'wavenumbers', 'cm-1', 'cm^-1', '1/cm']);
const UNKNOWN_UNITS = new Set(['', 'unknown', 'none']);

/**
 * Converts wavelengths to nm, or returns null when the unit is not a length (ENVI's "Index", GHz, ...).
 * Without a unit, values below 10 are taken as µm (0.4–2.5 for VNIR/SWIR sensors) and others as nm.
 */
export function wavelengthsInNm(wavelengths: (number | null)[], unit: string | null): (number | null)[] | null {
  const u = (unit ?? '').trim().toLowerCase();
  const finite = wavelengths.filter((w): w is number => w !== null && Number.isFinite(w));
  let toNm: (w: number) => number;
  if (UNKNOWN_UNITS.has(u)) {
    const factor = finite.length && Math.max(...finite.map(Math.abs)) < 10 ? 1e3 : 1;
    toNm = (w) => w * factor;
  } else if (WAVENUMBER_UNITS.has(u)) {
    toNm = (w) => 1e7 / w;
  } else if (u in NM_PER_UNIT) {
    const factor = NM_PER_UNIT[u];
    toNm = (w) => w * factor;
  } else {
    return null;
  }
  return wavelengths.map((w) => (w !== null && Number.isFinite(w) ? toNm(w) : null));
}

/** Why a cube has no true-colour rendering, or the bands that give it. */
export type TrueColor = { bands: [number, number, number]; reason: null } | { bands: null; reason: string };

/**
 * Channel indices for red, green and blue: the bands nearest 640, 550 and 460 nm (the first of equals).
 * None, with the reason, when no band has a wavelength, the unit is not a length, or every band lies
 * outside the visible range (a SWIR-only cube has no true colour). A cube that only partly covers the
 * visible range still gets its nearest bands.
 */
export function trueColor(wavelengths: (number | null)[], unit: string | null): TrueColor {
  const none = (reason: string): TrueColor => ({ bands: null, reason });
  if (!wavelengths.some((w) => w !== null && Number.isFinite(w))) return none('the file gives no band wavelengths');
  const nm = wavelengthsInNm(wavelengths, unit);
  if (!nm) return none(`the wavelengths are in "${unit}", not a length`);
  const known = nm.filter((w): w is number => w !== null && Number.isFinite(w) && w > 0);
  if (!known.length) return none('the file gives no usable band wavelengths');
  if (Math.max(...known) < VISIBLE_NM[0] || Math.min(...known) > VISIBLE_NM[1]) {
    return none(`no band lies in the visible range (${VISIBLE_NM[0]}–${VISIBLE_NM[1]} nm)`);
  }
  const nearest = (target: number): number => {
    let best = -1;
    nm.forEach((w, i) => {
      if (w === null || !Number.isFinite(w) || w <= 0) return;
      if (best < 0 || Math.abs(w - target) < Math.abs((nm[best] as number) - target)) best = i;
    });
    return best;
  };
  return { bands: [nearest(TRUE_COLOR_NM[0]), nearest(TRUE_COLOR_NM[1]), nearest(TRUE_COLOR_NM[2])], reason: null };
}

/** The true-colour bands, or null when there are none (see trueColor for why). */
export function trueColorBands(wavelengths: (number | null)[], unit: string | null): [number, number, number] | null {
  return trueColor(wavelengths, unit).bands;
}

/**
 * RGB bands spread over a cube without a better choice: red at 5/6 of the band range, green at 1/2,
 * blue at 1/6 (rounded). Bands usually run from short to long wavelengths, so red stays the longest.
 */
export function spreadBands(n: number): [number, number, number] {
  const at = (f: number): number => Math.max(0, Math.min(n - 1, Math.round(f * (n - 1))));
  return [at(5 / 6), at(1 / 2), at(1 / 6)];
}

/**
 * The bands a cube opens with in RGB mode: the file's own choice (ENVI "default bands"), else true
 * colour, else bands spread over the cube (never the first three, which show one narrow slice of it).
 */
export function defaultDisplayBands(meta: Pick<VolumeMeta, 'dims' | 'channels' | 'wavelengthUnit' | 'defaultBands'>): [number, number, number] {
  return meta.defaultBands ?? trueColorBands(meta.channels.map((ch) => ch.wavelength), meta.wavelengthUnit ?? null) ?? spreadBands(meta.dims.c);
}

/** Wavelength unit names as shown to people ('Nanometers' → 'nm', 'um' → 'µm', 'cm-1' → 'cm⁻¹'). */
export function wavelengthUnitLabel(unit: string): string {
  const u = unit.trim().toLowerCase();
  if (NM_PER_UNIT[u] === 1) return 'nm';
  if (NM_PER_UNIT[u] === 1e3) return 'µm';
  if (WAVENUMBER_UNITS.has(u)) return 'cm⁻¹';
  return unit.trim();
}

/** '550 nm', '0.55 µm', '1.234 (unknown unit)' → '1.234'. Up to 6 significant digits; null → ''. */
export function formatWavelength(w: number | null, unit: string | null): string {
  if (w === null || !Number.isFinite(w)) return '';
  const value = String(Number(w.toPrecision(6)));
  const u = unit === null || UNKNOWN_UNITS.has(unit.trim().toLowerCase()) ? '' : wavelengthUnitLabel(unit);
  return u ? `${value} ${u}` : value;
}

/** True when the unit says nothing (absent, '', 'Unknown'). */
export function unknownWavelengthUnit(unit: string | null | undefined): boolean {
  return unit === null || unit === undefined || UNKNOWN_UNITS.has(unit.trim().toLowerCase());
}

/** True for wavenumber units (cm⁻¹), whose axis is "wavenumber" rather than "wavelength". */
export function isWavenumberUnit(unit: string | null | undefined): boolean {
  return !!unit && WAVENUMBER_UNITS.has(unit.trim().toLowerCase());
}
