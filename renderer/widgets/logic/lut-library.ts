import { lutFromControlPoints, parseCustomLut, parseImageJLut, serializeCustomLut, type ControlPoint, type CustomLut } from '../../../app/lut/custom-lut.js';

/** Saved custom LUTs live in localStorage under this key, as a JSON list of serializeCustomLut() texts. */
export const SAVED_LUTS_KEY = 'voxelscope.customLuts';

/** The part of Storage we use, so tests can pass a Map-backed stand-in. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The saved LUTs; entries that no longer parse (hand-edited, from a newer version) are skipped, not fatal. */
export function loadSavedLuts(store: KeyValueStore): CustomLut[] {
  let list: unknown;
  try {
    list = JSON.parse(store.getItem(SAVED_LUTS_KEY) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(list)) return [];
  const luts: CustomLut[] = [];
  for (const text of list) {
    if (typeof text !== 'string') continue;
    try {
      luts.push(parseCustomLut(text));
    } catch {
      // skip the broken entry; the others are still good
    }
  }
  return luts;
}

/** Save a LUT, replacing any saved one of the same name; returns the new list. */
export function saveLut(store: KeyValueStore, lut: CustomLut): CustomLut[] {
  const luts = loadSavedLuts(store).filter((l) => l.name !== lut.name);
  luts.push({ name: lut.name, points: lut.points.map((p) => ({ ...p })) });
  luts.sort((a, b) => a.name.localeCompare(b.name));
  store.setItem(SAVED_LUTS_KEY, JSON.stringify(luts.map(serializeCustomLut)));
  return luts;
}

/** Remove a saved LUT by name; returns the new list. */
export function deleteSavedLut(store: KeyValueStore, name: string): CustomLut[] {
  const luts = loadSavedLuts(store).filter((l) => l.name !== name);
  store.setItem(SAVED_LUTS_KEY, JSON.stringify(luts.map(serializeCustomLut)));
  return luts;
}

function entry(table: Uint8Array, i: number): number {
  return (table[3 * i] << 16) | (table[3 * i + 1] << 8) | table[3 * i + 2];
}

function sameTable(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Control points that reproduce a 256-entry table exactly: greedy runs of entries that linear
 * interpolation between the run's ends gets right, so smooth LUTs need few points. Checked against
 * lutFromControlPoints itself; if rounding ever disagrees, every entry becomes a point (256 is allowed).
 */
export function tableToControlPoints(table: Uint8Array): ControlPoint[] {
  if (table.length !== 768) throw new RangeError(`a LUT table has 768 bytes, not ${table.length}`);
  const point = (i: number): ControlPoint => ({ pos: i / 255, color: entry(table, i) });
  const points: ControlPoint[] = [point(0)];
  let start = 0;
  while (start < 255) {
    let end = start + 1;
    while (end < 255 && interpolates(table, start, end + 1)) end++;
    points.push(point(end));
    start = end;
  }
  if (sameTable(lutFromControlPoints(points), table)) return points;
  return Array.from({ length: 256 }, (_, i) => point(i));
}

/** Whether every entry strictly between a and b equals the rounded linear blend of entries a and b. */
function interpolates(table: Uint8Array, a: number, b: number): boolean {
  for (let i = a + 1; i < b; i++) {
    const f = (i / 255 - a / 255) / (b / 255 - a / 255); // the same arithmetic lutFromControlPoints does
    for (let c = 0; c < 3; c++) {
      const ca = table[3 * a + c];
      if (Math.round(ca + f * (table[3 * b + c] - ca)) !== table[3 * i + c]) return false;
    }
  }
  return true;
}

/** A LUT the editor can work with: at least two points (a one-point LUT is a flat colour from 0 to 1). */
export function editablePoints(points: readonly ControlPoint[]): ControlPoint[] {
  if (points.length >= 2) return points.map((p) => ({ ...p }));
  const color = points[0]?.color ?? 0;
  return [{ pos: 0, color }, { pos: 1, color }];
}

/** The file's name without folders or extension, as a LUT name. */
export function baseName(fileName: string): string {
  return fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || 'Imported';
}

/**
 * A LUT from an imported file: our JSON format, or an ImageJ .lut (raw, NIH Image or text table). The
 * extension decides when it is .json or .lut (a raw 768-byte table may well start with "{"); otherwise
 * JSON is recognised by its first non-blank character. The caller decodes text (TextDecoder is a
 * runtime global this DOM-free module does not declare).
 */
export function importLutFile(fileName: string, bytes: Uint8Array, decodeUtf8: (bytes: Uint8Array) => string): CustomLut {
  const ext = /\.([^.\\/]*)$/.exec(fileName)?.[1].toLowerCase();
  if (ext === 'json' || (ext !== 'lut' && looksLikeJson(bytes))) {
    const lut = parseCustomLut(decodeUtf8(bytes));
    return { name: lut.name || baseName(fileName), points: editablePoints(lut.points) };
  }
  return { name: baseName(fileName), points: tableToControlPoints(parseImageJLut(bytes)) };
}

function looksLikeJson(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0; // UTF-8 byte order mark
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x7b; // "{"
}

/** A name for a file download: no path separators or characters file systems refuse. */
export function fileNameFor(name: string, extension: string): string {
  const printable = [...name].filter((ch) => ch.charCodeAt(0) >= 0x20).join('');
  const safe = printable.replace(/[\\/:*?"<>|]+/g, '_').trim() || 'untitled';
  return `${safe}.${extension}`;
}
