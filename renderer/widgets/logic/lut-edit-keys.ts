import type { LutEditAction, LutEditState } from './lut-edit.js';

/** What a key press on the LUT editor does: edit actions to dispatch, or open the colour picker. */
export type LutKeyCommand = { actions: LutEditAction[] } | { pickColor: true } | null;

/** One table entry, the natural step for moving a point with the keyboard. */
export const KEY_STEP = 1 / 255;

/**
 * Keys on the gradient: ↑/↓ select the previous or next point, ←/→ move the selected one a table entry
 * (Shift: ten), Insert or + add one halfway to its neighbour, Delete/Backspace remove it, Enter picks
 * its colour. Keys that do nothing in the current state give null, so the browser keeps them.
 */
export function pointKeyCommand(s: LutEditState, key: string, shift: boolean): LutKeyCommand {
  const p = s.points[s.selected];
  switch (key) {
    case 'ArrowUp':
    case 'ArrowDown': {
      const dir = key === 'ArrowDown' ? 1 : -1;
      const last = s.points.length - 1;
      const index = s.selected < 0 ? (dir > 0 ? 0 : last) : Math.min(last, Math.max(0, s.selected + dir));
      return { actions: [{ type: 'select', index }] };
    }
    case 'ArrowLeft':
    case 'ArrowRight': {
      if (!p) return null;
      const delta = (key === 'ArrowRight' ? 1 : -1) * KEY_STEP * (shift ? 10 : 1);
      return { actions: [{ type: 'begin' }, { type: 'move', pos: p.pos + delta }, { type: 'end' }] };
    }
    case 'Insert':
    case '+': {
      // Halfway to the next point (or the previous one at the end); the middle with none selected.
      const other = s.points[s.selected + 1] ?? s.points[s.selected - 1];
      return { actions: [{ type: 'add', pos: p && other ? (p.pos + other.pos) / 2 : 0.5 }] };
    }
    case 'Delete':
    case 'Backspace':
      return p ? { actions: [{ type: 'remove' }] } : null;
    case 'Enter':
      return p ? { pickColor: true } : null;
    default:
      return null;
  }
}

/** Ctrl+Z undoes; Ctrl+Shift+Z and Ctrl+Y redo (Cmd instead of Ctrl on a Mac). */
export function undoKeyAction(key: string, shift: boolean, ctrlOrMeta: boolean): LutEditAction | null {
  if (!ctrlOrMeta) return null;
  const k = key.toLowerCase();
  if (k === 'z') return { type: shift ? 'redo' : 'undo' };
  return k === 'y' ? { type: 'redo' } : null;
}
