/**
 * Which rows of a long table to put in the DOM: only those in the scrolled viewport (and a few either
 * side, so a fast scroll does not show blank rows), with spacers above and below standing in for the
 * rest, so 100,000 objects cost what 30 do. Rows have one fixed height.
 */
export interface RowWindow {
  /** First row drawn. */
  first: number;
  /** One past the last row drawn. */
  end: number;
  /** Height of the spacer above the drawn rows (px). */
  top: number;
  /** Height of the spacer below them (px). */
  bottom: number;
}

export function rowWindow(total: number, rowHeight: number, scrollTop: number, viewport: number, overscan = 8): RowWindow {
  const n = Math.max(0, Math.floor(total));
  if (!n || !(rowHeight > 0)) return { first: 0, end: 0, top: 0, bottom: 0 };
  const clamp = (i: number): number => Math.max(0, Math.min(n, i));
  const first = clamp(Math.floor(Math.max(0, scrollTop) / rowHeight) - overscan);
  const end = Math.max(first, clamp(Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewport)) / rowHeight) + overscan));
  return { first, end, top: first * rowHeight, bottom: (n - end) * rowHeight };
}

/**
 * The scroll position that brings row `index` into view with the least movement (as arrow keys in a
 * list do): unchanged when it is already wholly visible. `header` is the height the sticky column
 * header hides at the top.
 */
export function scrollToRow(index: number, rowHeight: number, scrollTop: number, viewport: number, header = 0): number {
  const top = index * rowHeight;
  const visible = viewport - header;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + visible) return Math.max(0, top + rowHeight - visible);
  return scrollTop;
}
