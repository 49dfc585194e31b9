/**
 * ENVI .hdr text parsing: "key = value" lines after a first line "ENVI"; a value that opens with "{"
 * runs, possibly over many lines, to the matching "}". Keys are case-insensitive (stored lower case,
 * inner whitespace collapsed). Lines starting with ";" are comments. CR/LF and CRLF are all accepted.
 */

export type EnviFields = Map<string, string>;

/** Returns the fields, or a problem text when the text is not an ENVI header. */
export function parseEnviFields(text: string): EnviFields | string {
  const body = text.replace(/^\uFEFF/, '');
  if (!/^ENVI\b/.test(body)) return 'not an ENVI header (the first line is not "ENVI")';
  const fields: EnviFields = new Map();
  let i = body.indexOf('\n');
  if (i < 0) return fields;
  i++;
  const n = body.length;
  while (i < n) {
    let eol = body.indexOf('\n', i);
    if (eol < 0) eol = n;
    const line = body.slice(i, eol);
    const eq = line.indexOf('=');
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith(';') || eq < 0) {
      i = eol + 1;
      continue;
    }
    const key = line.slice(0, eq).trim().toLowerCase().replace(/\s+/g, ' ');
    const startOfValue = i + eq + 1;
    const rest = body.slice(startOfValue, eol).trimStart();
    if (rest.startsWith('{')) {
      // A brace value ends at the first "}" after the "{" (ENVI does not nest braces).
      const open = body.indexOf('{', startOfValue);
      const close = body.indexOf('}', open + 1);
      if (close < 0) return `the value of "${key}" opens with "{" but never closes`;
      fields.set(key, body.slice(open, close + 1).replace(/\r/g, ''));
      const after = body.indexOf('\n', close);
      i = after < 0 ? n : after + 1;
    } else {
      fields.set(key, rest.replace(/\r$/, '').trim());
      i = eol + 1;
    }
  }
  return fields;
}

/** Items of a "{a, b, c}" value (or a bare value), trimmed; newlines inside count as spaces. */
export function listItems(value: string): string[] {
  const v = value.trim();
  const inner = v.startsWith('{') && v.endsWith('}') ? v.slice(1, -1) : v;
  const items = inner.split(',').map((s) => s.replace(/\s+/g, ' ').trim());
  return items.length === 1 && items[0] === '' ? [] : items;
}

/** Numbers of a "{...}" value; items that are not numbers become NaN. */
export function listNumbers(value: string): number[] {
  return listItems(value).map((s) => (s === '' ? NaN : Number(s)));
}

/** An integer field: undefined when absent, NaN when not a whole number. */
export function intField(fields: EnviFields, key: string): number | undefined {
  const v = fields.get(key);
  if (v === undefined) return undefined;
  return /^[+-]?\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
}
