import { describe, expect, it } from 'vitest';
import { initialLutEdit, lutEditReducer, type LutEditState } from '../../../renderer/widgets/logic/lut-edit.js';
import { KEY_STEP, pointKeyCommand, undoKeyAction } from '../../../renderer/widgets/logic/lut-edit-keys.js';

const three = initialLutEdit([{ pos: 0, color: 0 }, { pos: 0.5, color: 0x808080 }, { pos: 1, color: 0xffffff }]);
const selected = (index: number): LutEditState => lutEditReducer(three, { type: 'select', index });
const press = (s: LutEditState, key: string, shift = false): LutEditState => {
  const c = pointKeyCommand(s, key, shift);
  return c && 'actions' in c ? c.actions.reduce(lutEditReducer, s) : s;
};

describe('LUT editor keys', () => {
  it('selects points with up and down, clamped at the ends', () => {
    expect(press(three, 'ArrowDown').selected).toBe(0);
    expect(press(three, 'ArrowUp').selected).toBe(2);
    expect(press(selected(2), 'ArrowDown').selected).toBe(2);
    expect(press(selected(1), 'ArrowUp').selected).toBe(0);
  });

  it('moves the selected point a table entry per arrow, ten with Shift, each one undo step', () => {
    const s = press(press(selected(1), 'ArrowRight'), 'ArrowLeft', true);
    expect(s.points[1].pos).toBeCloseTo(0.5 - 9 * KEY_STEP, 5);
    expect(s.undo).toHaveLength(2);
    expect(pointKeyCommand(three, 'ArrowRight', false)).toBeNull();
  });

  it('inserts halfway to the next point, or the previous one at the end', () => {
    expect(press(selected(0), 'Insert').points.map((p) => p.pos)).toEqual([0, 0.25, 0.5, 1]);
    expect(press(selected(2), '+').points.map((p) => p.pos)).toEqual([0, 0.5, 0.75, 1]);
    expect(press(three, 'Insert').points.map((p) => p.pos)).toEqual([0, 0.5, 0.5, 1]);
  });

  it('deletes with Delete or Backspace and asks for a colour with Enter, only with a selection', () => {
    expect(press(selected(1), 'Delete').points).toHaveLength(2);
    expect(press(selected(1), 'Backspace').points).toHaveLength(2);
    expect(pointKeyCommand(three, 'Delete', false)).toBeNull();
    expect(pointKeyCommand(selected(0), 'Enter', false)).toEqual({ pickColor: true });
    expect(pointKeyCommand(three, 'Enter', false)).toBeNull();
    expect(pointKeyCommand(selected(0), 'x', false)).toBeNull();
  });

  it('maps Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y to undo and redo', () => {
    expect(undoKeyAction('z', false, true)).toEqual({ type: 'undo' });
    expect(undoKeyAction('Z', true, true)).toEqual({ type: 'redo' });
    expect(undoKeyAction('y', false, true)).toEqual({ type: 'redo' });
    expect(undoKeyAction('z', false, false)).toBeNull();
  });
});
