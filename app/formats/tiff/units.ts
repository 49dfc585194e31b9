/** Normalises length units to the short ASCII forms the Volume model uses ('um', 'nm', 'mm', ...). */
export function normalizeUnit(u: string | null | undefined): string {
  if (!u) return '';
  const s = u.trim();
  const l = s.toLowerCase();
  if (['µm', 'μm', 'um', 'micron', 'microns', 'micrometer', 'micrometre', '\\u00b5m'].includes(l)) return 'um';
  if (['nm', 'nanometer', 'nanometre'].includes(l)) return 'nm';
  if (['mm', 'millimeter', 'millimetre'].includes(l)) return 'mm';
  if (['cm', 'centimeter', 'centimetre'].includes(l)) return 'cm';
  if (['m', 'meter', 'metre'].includes(l)) return 'm';
  if (['å', 'angstrom', 'ångström'].includes(l)) return 'A';
  if (['pixel', 'pixels', 'px', ''].includes(l)) return '';
  return s;
}

/** Normalises time units ('s', 'ms', 'us', 'min', 'h'). */
export function normalizeTimeUnit(u: string | null | undefined): string {
  if (!u) return '';
  const l = u.trim().toLowerCase();
  if (['s', 'sec', 'second', 'seconds'].includes(l)) return 's';
  if (['ms', 'msec', 'millisecond', 'milliseconds'].includes(l)) return 'ms';
  if (['µs', 'μs', 'us', 'microsecond', 'microseconds'].includes(l)) return 'us';
  if (['min', 'minute', 'minutes'].includes(l)) return 'min';
  if (['h', 'hr', 'hour', 'hours'].includes(l)) return 'h';
  return u.trim();
}

/** Factor converting `from` to `to` for length units, or null when they are not both known lengths. */
export function lengthFactor(from: string, to: string): number | null {
  const m: Record<string, number> = { nm: 1e-9, um: 1e-6, mm: 1e-3, cm: 1e-2, m: 1, A: 1e-10 };
  const a = m[from];
  const b = m[to];
  return a && b ? a / b : null;
}
