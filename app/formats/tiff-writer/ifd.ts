/**
 * Little-endian classic TIFF IFD encoding. Values longer than 4 bytes live outside the IFD; the caller
 * places them and passes their offsets, so shared values (resolution, description) are written once.
 */

export const SHORT = 3;
export const LONG = 4;
export const RATIONAL = 5;
export const ASCII = 2;
export const BYTE = 1;

export interface Entry {
  tag: number;
  type: number;
  count: number;
  /** The value itself when it fits in 4 bytes (SHORT/LONG, count 1), else the offset of the value. */
  value: number;
}

export function ifdSize(entries: number): number {
  return 2 + 12 * entries + 4;
}

/** Writes one IFD at `at` in `out`; entries are sorted by tag as TIFF requires. */
export function writeIfd(view: DataView, at: number, entries: Entry[], next: number): void {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  view.setUint16(at, sorted.length, true);
  let o = at + 2;
  for (const e of sorted) {
    view.setUint16(o, e.tag, true);
    view.setUint16(o + 2, e.type, true);
    view.setUint32(o + 4, e.count, true);
    // A single SHORT sits in the first two bytes of the value field; everything else is a 4-byte word.
    if (e.type === SHORT && e.count === 1) view.setUint16(o + 8, e.value, true);
    else view.setUint32(o + 8, e.value, true);
    o += 12;
  }
  view.setUint32(o, next, true);
}
