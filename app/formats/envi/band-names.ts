/*
 * Wavelengths written into ENVI band names instead of the "wavelength" field, as some sensors and
 * exporters do: "376.44 Nanometers", "Band 12: 0.4512 um", "Resize (Band 3) (450.2 nm)", "2500 cm-1".
 * A name counts only when a number is followed by a unit (a bare "Band 12" is a band number, not a
 * wavelength), and a cube counts only when every band name gives one, all in the same unit.
 */

/** Unit words in band names → the model's wavelength units (as ENVI's "wavelength units" map). */
const UNIT_WORDS: [RegExp, string][] = [
  [/^(nanomet(er|re)s?|nm)$/i, 'nm'],
  [/^(micromet(er|re)s?|microns?|um|µm|μm)$/i, 'um'],
  [/^(wavenumbers?|cm-1|cm\^-1|1\/cm)$/i, 'cm-1'],
];

const NUMBER_THEN_UNIT = /([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(nanomet(?:er|re)s?|nm|micromet(?:er|re)s?|microns?|um|µm|μm|wavenumbers?|cm-1|cm\^-1|1\/cm)(?![A-Za-z])/gi;

export interface NamedWavelength { value: number; unit: string }

/** The wavelength in one band name (the last number with a unit), or null. */
export function wavelengthFromName(name: string): NamedWavelength | null {
  let last: RegExpExecArray | null = null;
  for (let m = NUMBER_THEN_UNIT.exec(name); m; m = NUMBER_THEN_UNIT.exec(name)) last = m;
  NUMBER_THEN_UNIT.lastIndex = 0;
  if (!last) return null;
  const value = Number(last[1]);
  const unit = UNIT_WORDS.find(([re]) => re.test(last[2]))?.[1];
  return Number.isFinite(value) && value > 0 && unit ? { value, unit } : null;
}

/** Length units in nm, for converting band-name values into the header's own unit. */
const NM: Record<string, number> = { nm: 1, um: 1e3, mm: 1e6, cm: 1e7, m: 1e9 };

/**
 * Wavelengths for every band from its name, in `headerUnit` when the header declares a length unit
 * (the header's unit is kept; values are converted to it), else in the names' own unit. null when some
 * band has none, the names disagree on the unit, or they cannot be put into the header's unit.
 */
export function wavelengthsFromNames(names: string[], headerUnit: string | null): { values: number[]; unit: string } | null {
  if (!names.length) return null;
  const found = names.map(wavelengthFromName);
  if (found.some((f) => f === null)) return null;
  const unit = found[0]!.unit;
  if (found.some((f) => f!.unit !== unit)) return null;
  const values = found.map((f) => f!.value);
  if (!headerUnit || headerUnit === unit) return { values, unit };
  const from = NM[unit], to = NM[headerUnit];
  if (!from || !to) return null;
  return { values: values.map((v) => (v * from) / to), unit: headerUnit };
}
