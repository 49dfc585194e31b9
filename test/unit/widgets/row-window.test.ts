import { describe, expect, it } from 'vitest';
import { rowWindow, scrollToRow } from '../../../renderer/widgets/logic/row-window.js';

describe('rowWindow', () => {
  it('draws only the rows in view and a few either side, spacers for the rest', () => {
    // 100,000 rows of 20 px, scrolled to row 5000, a 200 px viewport: rows 4992..5018.
    const w = rowWindow(100_000, 20, 5000 * 20, 200, 8);
    expect(w).toEqual({ first: 4992, end: 5018, top: 4992 * 20, bottom: (100_000 - 5018) * 20 });
    // Spacers and rows add up to the whole table's height, so the scroll bar is right.
    expect(w.top + (w.end - w.first) * 20 + w.bottom).toBe(100_000 * 20);
  });

  it('clamps at the top and the bottom', () => {
    expect(rowWindow(100, 20, 0, 200, 8)).toEqual({ first: 0, end: 18, top: 0, bottom: 82 * 20 });
    expect(rowWindow(100, 20, 100 * 20, 200, 8)).toEqual({ first: 92, end: 100, top: 92 * 20, bottom: 0 });
    expect(rowWindow(5, 20, 0, 400)).toEqual({ first: 0, end: 5, top: 0, bottom: 0 });
  });

  it('is empty for no rows, and survives nonsense (negative scroll, zero height)', () => {
    expect(rowWindow(0, 20, 0, 200)).toEqual({ first: 0, end: 0, top: 0, bottom: 0 });
    expect(rowWindow(10, 0, 0, 200)).toEqual({ first: 0, end: 0, top: 0, bottom: 0 });
    expect(rowWindow(10, 20, -50, 40, 0)).toEqual({ first: 0, end: 2, top: 0, bottom: 160 });
  });
});

describe('scrollToRow', () => {
  it('moves as little as needed to show a row, under a sticky header', () => {
    expect(scrollToRow(10, 20, 0, 200, 20)).toBe(40); // rows 0..8 show below the header: row 10 needs two more
    expect(scrollToRow(3, 20, 0, 200, 20)).toBe(0);
    expect(scrollToRow(9, 20, 0, 200, 20)).toBe(20);
    expect(scrollToRow(2, 20, 100, 200, 20)).toBe(40);
    expect(scrollToRow(7, 20, 100, 200, 20)).toBe(100);
  });
});
