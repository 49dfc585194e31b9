/** Normalises length units to the short ASCII forms the Volume model uses ('um', 'nm', 'mm', ..., 'in'). */
export function normalizeUnit(u: string | null | undefined): string {
  if (!u) return '';
  const s = u.trim();
  const l = s.toLowerCase();
  if (['µm', 'μm', 'um', 'micron', 'microns', '\\u00b5m', ...spelled('micro')].includes(l)) return 'um';
  if (['nm', ...spelled('nano')].includes(l)) return 'nm';
  if (['mm', ...spelled('milli')].includes(l)) return 'mm';
  if (['cm', ...spelled('centi')].includes(l)) return 'cm';
  if (['m', ...spelled('')].includes(l)) return 'm';
  if (['å', 'angstrom', 'angstroms', 'ångström', 'ångströms'].includes(l)) return 'A';
  if (['in', 'inch', 'inches'].includes(l)) return 'in';
  if (['pixel', 'pixels', 'px', ''].includes(l)) return '';
  return s;
}

/** A metric length unit written out, singular and plural, both spellings: 'nanometer', 'nanometres', ... */
function spelled(prefix: string): string[] {
  return ['meter', 'metre', 'meters', 'metres'].map((m) => prefix + m);
}

/** Normalises time units ('s', 'ms', 'us', 'min', 'h'). */
export function normalizeTimeUnit(u: string | null | undefined): string {
  if (!u) return '';
  const l = u.trim().toLowerCase();
  if (['s', 'sec', 'secs', 'second', 'seconds'].includes(l)) return 's';
  if (['ms', 'msec', 'msecs', 'millisecond', 'milliseconds'].includes(l)) return 'ms';
  if (['µs', 'μs', 'us', 'µsec', 'μsec', 'usec', 'microsecond', 'microseconds'].includes(l)) return 'us';
  if (['ns', 'nsec', 'nanosecond', 'nanoseconds'].includes(l)) return 'ns';
  if (['min', 'mins', 'minute', 'minutes'].includes(l)) return 'min';
  if (['h', 'hr', 'hrs', 'hour', 'hours'].includes(l)) return 'h';
  return u.trim();
}

/** Factor converting `from` to `to` for length units, or null when they are not both known lengths. */
export function lengthFactor(from: string, to: string): number | null {
  const m: Record<string, number> = { nm: 1e-9, um: 1e-6, mm: 1e-3, cm: 1e-2, m: 1, A: 1e-10, in: 0.0254 };
  const a = m[from];
  const b = m[to];
  return a && b ? a / b : null;
}
