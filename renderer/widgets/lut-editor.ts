import { lutFromControlPoints, type CustomLut } from '../../app/lut/custom-lut.js';
import { CanvasSurface } from './canvas-surface.js';
import { fillTable } from './colorbar-render.js';
import { button, el } from './dom.js';
import { colorToHex, hexToColor, hitTestPoint, initialLutEdit, lutEditReducer, type LutEditAction, type LutEditState } from './logic/lut-edit.js';
import { editablePoints, type KeyValueStore } from './logic/lut-library.js';
import { pointKeyCommand, undoKeyAction } from './logic/lut-edit-keys.js';
import { LutLibraryBar } from './lut-library-bar.js';
import { canvasTheme } from './theme.js';

export type LutChangeListener = (table: Uint8Array, lut: CustomLut) => void;

export interface LutEditorOptions {
  /** data-testid of the root (default "lut-editor"); parts get "-canvas", "-name", "-color", "-undo", "-redo",
   * "-saved", "-load", "-save", "-import", "-import-file", "-export", "-message". */
  testId?: string;
  /** Where saved LUTs go; default window.localStorage (null: saving and loading are unavailable). */
  storage?: KeyValueStore | null;
  initial?: CustomLut;
}

const DEFAULT_LUT: CustomLut = { name: 'Custom', points: [{ pos: 0, color: 0x000000 }, { pos: 1, color: 0xffffff }] };
/** Markers are grabbed within this many pixels. */
const HIT_TOLERANCE = 7;
/** Side room so markers at 0 and 1 are drawn whole. */
const SIDE = 8;
/** Height of the marker strip below the gradient. */
const MARKER_STRIP = 16;

/**
 * An editor for custom LUTs: the gradient from the control points with a marker per point below it.
 * Click empty space to add a point (in the colour already there), drag markers to move them, double-click
 * or Enter to pick a colour, Delete/Backspace to remove (never below two points), Ctrl+Z / Ctrl+Shift+Z
 * (or Ctrl+Y) to undo and redo. ↑/↓ select the previous or next point, ←/→ move it (Shift: ×10), Insert
 * adds one after it. A name, saved LUTs (localStorage), import (.json or ImageJ .lut) and export (.json).
 */
export class LutEditor {
  readonly element: HTMLDivElement;
  private readonly surface: CanvasSurface;
  private readonly nameInput: HTMLInputElement;
  private readonly colorInput: HTMLInputElement;
  private readonly library: LutLibraryBar;
  private readonly undoButton: HTMLButtonElement;
  private readonly redoButton: HTMLButtonElement;
  private readonly listeners = new Set<LutChangeListener>();
  private state: LutEditState;
  private name: string;
  private table: Uint8Array;
  /** A pointer drag of the selected point; `began` when it holds an undo step of its own. */
  private drag: { pointerId: number; began: boolean } | null = null;
  /** True while a colour picker session has an undo step open. */
  private colorBegun = false;

  constructor(container: HTMLElement, options: LutEditorOptions = {}) {
    const id = options.testId ?? 'lut-editor';
    const initial = options.initial ?? DEFAULT_LUT;
    this.state = initialLutEdit(editablePoints(initial.points));
    this.name = initial.name;
    this.table = lutFromControlPoints([...this.state.points]);

    this.element = el('div', { className: 'vs-widget vs-lut-editor' }, id);
    this.element.addEventListener('keydown', this.onUndoKeys);
    this.nameInput = el('input', { type: 'text', value: this.name, placeholder: 'LUT name', className: 'vs-name' }, `${id}-name`);
    this.nameInput.setAttribute('aria-label', 'LUT name');
    this.nameInput.addEventListener('input', this.onNameInput);
    this.undoButton = button('Undo', 'Undo (Ctrl+Z)', `${id}-undo`, () => this.undo());
    this.redoButton = button('Redo', 'Redo (Ctrl+Shift+Z)', `${id}-redo`, () => this.redo());
    const top = el('div', { className: 'vs-toolbar' });
    top.append(this.nameInput, this.undoButton, this.redoButton);

    const area = el('div', { className: 'vs-lut-area' });
    this.colorInput = el('input', { type: 'color', className: 'vs-color-input', tabIndex: -1 }, `${id}-color`);
    this.colorInput.addEventListener('input', this.onColorInput);
    this.colorInput.addEventListener('change', this.onColorChange);
    area.append(this.colorInput);

    this.library = new LutLibraryBar({
      testId: id,
      storage: options.storage === undefined ? safeLocalStorage() : options.storage,
      current: () => ({ name: this.name.trim() || 'Untitled', points: this.lut.points }),
      onPick: (lut) => this.replaceWith(lut),
    });
    this.element.append(top, area, this.library.toolbar, this.library.message);
    container.append(this.element);

    this.surface = new CanvasSurface(area, (ctx, w, h) => this.draw(ctx, w, h));
    this.surface.control(`${id}-canvas`, 'LUT control points: click to add, drag to move, Enter for colour, Delete to remove, up and down to select, left and right to move', {
      pointerdown: this.onPointerDown, pointermove: this.onPointerMove, pointerup: this.onPointerUp, pointercancel: this.onPointerUp,
      dblclick: this.onDoubleClick, keydown: this.onCanvasKey,
    });
    this.updateControls();
  }

  /** The LUT being edited (a copy). */
  get lut(): CustomLut {
    return { name: this.name, points: this.state.points.map((p) => ({ ...p })) };
  }

  /** The 256-entry RGB table of the current points. */
  get currentTable(): Uint8Array {
    return this.table;
  }

  /** Start editing another LUT; history starts afresh. Listeners are called. */
  setLut(lut: CustomLut): void {
    this.state = initialLutEdit(editablePoints(lut.points));
    this.name = this.nameInput.value = lut.name;
    this.changed();
  }

  /** Called after every change of points or name, also while dragging. Returns an unsubscribe. */
  onChange(cb: LutChangeListener): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  undo(): void {
    this.dispatch({ type: 'undo' });
  }

  redo(): void {
    this.dispatch({ type: 'redo' });
  }

  dispose(): void {
    this.element.removeEventListener('keydown', this.onUndoKeys);
    this.nameInput.removeEventListener('input', this.onNameInput);
    this.colorInput.removeEventListener('input', this.onColorInput);
    this.colorInput.removeEventListener('change', this.onColorChange);
    this.library.dispose();
    this.listeners.clear();
    this.surface.dispose();
    this.element.remove();
  }

  private dispatch(a: LutEditAction): void {
    const before = this.state;
    this.state = lutEditReducer(this.state, a);
    if (this.state === before) return;
    if (this.state.points !== before.points) this.changed();
    else {
      this.updateControls();
      this.surface.requestDraw();
    }
  }

  private changed(): void {
    this.table = lutFromControlPoints([...this.state.points]);
    this.updateControls();
    this.surface.requestDraw();
    const lut = this.lut;
    for (const cb of this.listeners) cb(this.table, lut);
  }

  private updateControls(): void {
    this.undoButton.disabled = this.state.undo.length === 0;
    this.redoButton.disabled = this.state.redo.length === 0;
    // For tests and screen readers: how many points, and which is selected.
    this.element.dataset.points = String(this.state.points.length);
    this.element.dataset.selected = String(this.state.selected);
  }

  // --- geometry -------------------------------------------------------------------------------------

  private barWidth(): number {
    return Math.max(1, this.surface.width - 2 * SIDE);
  }

  private readonly toPx = (pos: number): number => SIDE + pos * this.barWidth();

  private toPos(px: number): number {
    return Math.min(1, Math.max(0, (px - SIDE) / this.barWidth()));
  }

  // --- pointer ----------------------------------------------------------------------------------------

  private readonly onPointerDown = (e: PointerEvent): void => {
    if (e.button !== 0) return;
    const x = this.surface.pointerPosition(e).x;
    const hit = hitTestPoint(this.state.points, this.toPx, x, HIT_TOLERANCE, this.state.selected);
    this.surface.canvas.focus();
    this.surface.canvas.setPointerCapture(e.pointerId);
    e.preventDefault();
    if (hit >= 0) {
      this.dispatch({ type: 'select', index: hit });
      this.dispatch({ type: 'begin' });
      this.drag = { pointerId: e.pointerId, began: true };
    } else {
      // Adding is one undo step; dragging the new point right away stays part of it.
      this.dispatch({ type: 'add', pos: this.toPos(x) });
      this.drag = { pointerId: e.pointerId, began: false };
    }
  };

  private readonly onPointerMove = (e: PointerEvent): void => {
    if (this.drag?.pointerId !== e.pointerId) {
      const x = this.surface.pointerPosition(e).x;
      this.surface.canvas.style.cursor = hitTestPoint(this.state.points, this.toPx, x, HIT_TOLERANCE) >= 0 ? 'ew-resize' : 'copy';
      return;
    }
    this.dispatch({ type: 'move', pos: this.toPos(this.surface.pointerPosition(e).x) });
  };

  private readonly onPointerUp = (e: PointerEvent): void => {
    if (this.drag?.pointerId !== e.pointerId) return;
    if (this.drag.began) this.dispatch({ type: 'end' });
    this.drag = null;
    if (this.surface.canvas.hasPointerCapture(e.pointerId)) this.surface.canvas.releasePointerCapture(e.pointerId);
  };

  private readonly onDoubleClick = (e: MouseEvent): void => {
    const hit = hitTestPoint(this.state.points, this.toPx, this.surface.pointerPosition(e).x, HIT_TOLERANCE, this.state.selected);
    if (hit < 0) return;
    this.dispatch({ type: 'select', index: hit });
    this.pickColor();
  };

  // --- colour -------------------------------------------------------------------------------------

  private pickColor(): void {
    const p = this.state.points[this.state.selected];
    if (!p) return;
    this.colorInput.value = colorToHex(p.color);
    this.colorInput.style.left = `${this.toPx(p.pos)}px`; // so the picker opens next to the marker
    try {
      this.colorInput.showPicker();
    } catch {
      this.colorInput.click(); // older engines, or no user activation for showPicker
    }
  }

  private readonly onColorInput = (): void => {
    const color = hexToColor(this.colorInput.value);
    if (color === null || this.state.selected < 0) return;
    if (!this.colorBegun) {
      this.dispatch({ type: 'begin' });
      this.colorBegun = true;
    }
    this.dispatch({ type: 'recolor', color });
  };

  private readonly onColorChange = (): void => {
    this.onColorInput(); // some pickers only send change
    if (this.colorBegun) this.dispatch({ type: 'end' });
    this.colorBegun = false;
  };

  // --- keyboard -----------------------------------------------------------------------------------

  private readonly onUndoKeys = (e: KeyboardEvent): void => {
    if (e.target === this.nameInput) return; // the name field keeps its own text undo
    const action = undoKeyAction(e.key, e.shiftKey, e.ctrlKey || e.metaKey);
    if (!action) return;
    e.preventDefault();
    this.dispatch(action);
  };

  private readonly onCanvasKey = (e: KeyboardEvent): void => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const command = pointKeyCommand(this.state, e.key, e.shiftKey);
    if (!command) return;
    e.preventDefault();
    if ('pickColor' in command) this.pickColor();
    else for (const a of command.actions) this.dispatch(a);
  };

  private readonly onNameInput = (): void => {
    this.name = this.nameInput.value;
    const lut = this.lut;
    for (const cb of this.listeners) cb(this.table, lut);
  };

  /** Load or import: one undoable step for the points; the name follows. */
  private replaceWith(lut: CustomLut): void {
    this.name = this.nameInput.value = lut.name;
    const before = this.state;
    this.dispatch({ type: 'replace', points: editablePoints(lut.points) });
    if (this.state === before) this.onNameInput(); // same points: the name still changed
  }

  // --- drawing ------------------------------------------------------------------------------------

  private draw(ctx: CanvasRenderingContext2D, width: number, height: number): void {
    const theme = canvasTheme(this.element);
    const barHeight = Math.max(4, height - MARKER_STRIP - 4);
    const bar = { x: SIDE, y: 2, width: width - 2 * SIDE, height: barHeight };
    fillTable(ctx, this.table, bar, 'horizontal');
    ctx.strokeStyle = theme.line;
    ctx.lineWidth = 1;
    ctx.strokeRect(bar.x - 0.5, bar.y - 0.5, bar.width + 1, bar.height + 1);
    const top = bar.y + bar.height + 2;
    this.state.points.forEach((p, i) => {
      const x = this.toPx(p.pos);
      const selected = i === this.state.selected;
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x + 6, top + 10);
      ctx.lineTo(x - 6, top + 10);
      ctx.closePath();
      ctx.fillStyle = colorToHex(p.color);
      ctx.fill();
      ctx.lineWidth = selected ? 2 : 1;
      ctx.strokeStyle = selected ? theme.accent : theme.text;
      ctx.stroke();
      if (selected) {
        ctx.beginPath(); // a tick into the gradient shows exactly where the point sits
        ctx.moveTo(Math.round(x) + 0.5, bar.y);
        ctx.lineTo(Math.round(x) + 0.5, bar.y + bar.height);
        ctx.strokeStyle = theme.accent;
        ctx.lineWidth = 1;
        ctx.stroke();
      }
    });
  }
}

/** localStorage can throw (storage disabled, opaque origins); the editor then works without saving. */
function safeLocalStorage(): KeyValueStore | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
