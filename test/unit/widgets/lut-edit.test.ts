import { describe, expect, it } from 'vitest';
import { lutFromControlPoints } from '../../../app/lut/custom-lut.js';
import { tableToControlPoints } from '../../../renderer/widgets/logic/lut-library.js';
import { colorAt, colorToHex, hexToColor, hitTestPoint, initialLutEdit, lutEditReducer, MAX_UNDO, type LutEditAction, type LutEditState } from '../../../renderer/widgets/logic/lut-edit.js';

const grey = [{ pos: 0, color: 0x000000 }, { pos: 1, color: 0xffffff }];
const run = (s: LutEditState, ...actions: LutEditAction[]): LutEditState => actions.reduce(lutEditReducer, s);

describe('LUT editor edits', () => {
  it('adds a point with the colour the gradient has there, selected', () => {
    const s = run(initialLutEdit(grey), { type: 'add', pos: 0.5 });
    expect(s.points).toEqual([grey[0], { pos: 0.5, color: 0x808080 }, grey[1]]);
    expect(s.selected).toBe(1);
    expect(s.undo).toHaveLength(1);
  });

  it('adds with an explicit colour and clamps positions to 0..1', () => {
    const s = run(initialLutEdit(grey), { type: 'add', pos: 1.7, color: 0xff0000 });
    expect(s.points[2]).toEqual({ pos: 1, color: 0xff0000 });
    expect(s.selected).toBe(2);
  });

  it('moves the selected point, keeping the list sorted and the selection on it', () => {
    let s = run(initialLutEdit(grey), { type: 'add', pos: 0.25, color: 0xff0000 }, { type: 'add', pos: 0.75, color: 0x00ff00 });
    s = run(s, { type: 'select', index: 1 }, { type: 'begin' }, { type: 'move', pos: 0.9 }, { type: 'end' });
    expect(s.points.map((p) => p.color)).toEqual([0x000000, 0x00ff00, 0xff0000, 0xffffff]);
    expect(s.selected).toBe(2);
    expect(s.points[2].pos).toBe(0.9);
  });

  it('makes one undo step of a whole drag, and none of a drag that changed nothing', () => {
    const s0 = initialLutEdit(grey);
    const dragged = run(s0, { type: 'select', index: 0 }, { type: 'begin' }, { type: 'move', pos: 0.1 }, { type: 'move', pos: 0.2 }, { type: 'end' });
    expect(dragged.undo).toHaveLength(1);
    expect(run(dragged, { type: 'undo' }).points).toEqual(grey);
    const noop = run(s0, { type: 'select', index: 0 }, { type: 'begin' }, { type: 'move', pos: 0 }, { type: 'end' });
    expect(noop.undo).toHaveLength(0);
  });

  it('recolours the selected point', () => {
    const s = run(initialLutEdit(grey), { type: 'select', index: 1 }, { type: 'begin' }, { type: 'recolor', color: 0x123456 }, { type: 'end' });
    expect(s.points[1].color).toBe(0x123456);
    expect(s.undo).toHaveLength(1);
  });

  it('removes the selected point but never goes below two', () => {
    let s = run(initialLutEdit(grey), { type: 'add', pos: 0.5 });
    s = run(s, { type: 'remove' });
    expect(s.points).toEqual(grey);
    expect(s.selected).toBe(1);
    expect(run(s, { type: 'remove' })).toBe(s);
    expect(run(initialLutEdit(grey), { type: 'add', pos: 0.5 }, { type: 'select', index: -1 }, { type: 'remove' }).points).toHaveLength(3);
  });

  it('undoes and redoes, and a new edit clears the redo stack', () => {
    const s1 = run(initialLutEdit(grey), { type: 'add', pos: 0.5, color: 1 }, { type: 'add', pos: 0.6, color: 2 });
    const back = run(s1, { type: 'undo' }, { type: 'undo' });
    expect(back.points).toEqual(grey);
    expect(run(back, { type: 'undo' })).toBe(back);
    const forward = run(back, { type: 'redo' });
    expect(forward.points.map((p) => p.color)).toEqual([0, 1, 0xffffff]);
    expect(run(forward, { type: 'add', pos: 0.1, color: 3 }).redo).toHaveLength(0);
  });

  it('replaces all points as one undoable step, refusing fewer than two', () => {
    const s = run(initialLutEdit(grey), { type: 'replace', points: [{ pos: 1, color: 5 }, { pos: 0, color: 4 }, { pos: 0.5, color: 6 }] });
    expect(s.points.map((p) => p.color)).toEqual([4, 6, 5]);
    expect(run(s, { type: 'undo' }).points).toEqual(grey);
    expect(run(s, { type: 'replace', points: [{ pos: 0, color: 1 }] })).toBe(s);
  });

  it('keeps a bounded history', () => {
    let s = initialLutEdit(grey);
    for (let i = 0; i < MAX_UNDO + 20; i++) s = run(s, { type: 'select', index: 0 }, { type: 'begin' }, { type: 'recolor', color: i + 1 }, { type: 'end' });
    expect(s.undo).toHaveLength(MAX_UNDO);
  });

  it('rounds away pointer noise in positions, yet keeps an imported table exact', () => {
    const s = run(initialLutEdit(grey), { type: 'add', pos: 0.29999999468334876 });
    expect(s.points[1].pos).toBe(0.3);
    let seed = 3;
    const table = new Uint8Array(768).map(() => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 255);
    const imported = run(initialLutEdit(grey), { type: 'replace', points: tableToControlPoints(table) });
    expect(lutFromControlPoints([...imported.points])).toEqual(table);
  });

  it('samples gradient colours where points are added', () => {
    expect(colorAt([{ pos: 0, color: 0xff0000 }, { pos: 1, color: 0x0000ff }], 0)).toBe(0xff0000);
    expect(colorAt([{ pos: 0, color: 0xff0000 }, { pos: 1, color: 0x0000ff }], 1)).toBe(0x0000ff);
  });
});

describe('LUT editor helpers', () => {
  it('hit-tests point markers, nearest first, selected on ties', () => {
    const pts = [{ pos: 0, color: 0 }, { pos: 0.5, color: 0 }, { pos: 0.5, color: 1 }, { pos: 1, color: 0 }];
    const toPx = (p: number): number => 10 + p * 200;
    expect(hitTestPoint(pts, toPx, 14, 6)).toBe(0);
    expect(hitTestPoint(pts, toPx, 50, 6)).toBe(-1);
    expect(hitTestPoint(pts, toPx, 111, 6)).toBe(1);
    expect(hitTestPoint(pts, toPx, 111, 6, 2)).toBe(2);
  });

  it('converts colours for <input type=color>', () => {
    expect(colorToHex(0x00ff0a)).toBe('#00ff0a');
    expect(hexToColor('#00FF0A')).toBe(0x00ff0a);
    expect(hexToColor('red')).toBeNull();
  });
});
