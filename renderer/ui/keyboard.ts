import type { AppState, Tool } from '../state/app-state.js';
import { autoContrastCurrent, resetRange } from '../state/contrast.js';

export interface KeyActions {
  open(): void;
  /** Steps the slice of the active view. */
  slice(n: number, page?: boolean, edge?: 'first' | 'last'): void;
  zoom(factor: number): void;
  fit(): void;
  /** Fiji's Measure: adds the drawn shape's statistics to the results table. */
  measure(): void;
  /** Gives the keyboard back to the view last used (after a panel field is done with). */
  focusView(): void;
  /** Takes back the last Apply; false when there is nothing to undo. */
  undo(): boolean;
  /** Run on files…: the pipeline over files and folders (the host's batch run). */
  runOnFiles(): void;
  /** Montage…: the open file's slices side by side as a PNG. */
  montage(): void;
}

export const SHORTCUTS: [string, string][] = [
  ['Ctrl+O', 'open a file'],
  ['↑ ↓ / Page Up, Page Down / Home, End', 'slice (of the view last clicked); Ctrl/Shift + wheel too'],
  ['← →', 'time point (or slice when the data has no time)'],
  ['[ ]', 'previous / next channel or band'],
  ['Space', 'play / pause time'],
  ['+ − 0', 'zoom in / out / fit (wheel zooms around the cursor, double click fits)'],
  ['O, 1 2 3', 'orthogonal views; single XY, XZ, YZ view (axial, coronal, sagittal for world data)'],
  ['I', 'nearest / linear interpolation'],
  ['B', 'scale bar on / off'],
  ['A, Shift+R', 'auto-contrast; reset range to the data'],
  ['C', 'composite / single channel'],
  ['N L R E, Esc', 'navigate, line, rectangle, ellipse tool; clear the drawn shape'],
  ['M', 'measure the drawn shape into the results table'],
  ['P, Shift+P', 'preview of the filter pipeline: original / filtered; split view (original | filtered)'],
  ['↑ ↓ in the object table', 'previous / next object: the crosshair jumps to it'],
  ['Ctrl+Z', 'undo the last Apply'],
  ['Ctrl+B', 'run the pipeline on files… (a batch, as voxelscope run)'],
  ['Ctrl+E', 'export a montage of the slices (a PNG, as voxelscope montage)'],
  ['Enter, Esc in a panel field', 'done with the field (Esc puts its old value back): keys go to the view again'],
];

/** Input types that take typed text: keys typed there are theirs, not shortcuts. */
const TEXT_INPUTS = new Set(['text', 'number', 'search', 'email', 'password', 'tel', 'url']);

function isTextEntry(t: Element): t is HTMLInputElement | HTMLTextAreaElement {
  return (t instanceof HTMLInputElement && TEXT_INPUTS.has(t.type)) || t instanceof HTMLTextAreaElement;
}

/**
 * Enter and Escape in a panel's text or number field (tweakpane's) end the edit: Enter keeps the value
 * (the field commits it on blur, as on Enter), Escape puts back the value the field had when it was
 * focused, and both hand the keyboard back to the view, so the next shortcut is not typed into the field.
 * Escape also leaves a list (a select keeps the arrow keys and type-to-find while it has focus).
 */
function installFieldExit(panels: HTMLElement[], actions: KeyActions): void {
  const before = new WeakMap<Element, string>();
  for (const host of panels) {
    host.addEventListener('focusin', (e) => {
      if (e.target instanceof Element && isTextEntry(e.target)) before.set(e.target, e.target.value);
    });
    host.addEventListener('keydown', (e) => {
      const t = e.target;
      if (!(t instanceof HTMLInputElement || t instanceof HTMLSelectElement)) return;
      const field = isTextEntry(t);
      const leaves = field ? e.key === 'Enter' || e.key === 'Escape' : t instanceof HTMLSelectElement && e.key === 'Escape';
      if (!leaves) return;
      if (field && e.key === 'Escape') t.value = before.get(t) ?? t.value;
      t.blur();
      actions.focusView();
      e.preventDefault();
    });
  }
}

/**
 * Shortcuts a Fiji or napari user expects (listed in SHORTCUTS and the README). `panels` are the
 * containers whose fields give the keyboard back on Enter and Escape.
 */
export function installKeyboard(state: AppState, actions: KeyActions, panels: HTMLElement[] = []): void {
  installFieldExit(panels, actions);
  window.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement | null;
    if (target instanceof Element && (isTextEntry(target) || target.tagName === 'SELECT' || target.isContentEditable)) return;
    if (document.querySelector('.dialog')) return;
    // A checkbox or button keeps Space and Enter for itself; other keys are shortcuts as anywhere else.
    if (target instanceof HTMLElement && (target.tagName === 'BUTTON' || target.tagName === 'INPUT') && (e.key === ' ' || e.key === 'Enter')) return;
    if (target instanceof Element && target.closest('.lut-editor, .histogram-range')) return; // those widgets have their own keys
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === 'o') {
      e.preventDefault();
      actions.open();
      return;
    }
    if (mod && !e.shiftKey && e.key.toLowerCase() === 'b') {
      e.preventDefault();
      actions.runOnFiles();
      return;
    }
    if (mod && !e.shiftKey && e.key.toLowerCase() === 'e') {
      e.preventDefault();
      actions.montage();
      return;
    }
    if (mod && !e.shiftKey && e.key.toLowerCase() === 'z') {
      if (actions.undo()) e.preventDefault();
      return;
    }
    const d = state.volume?.meta.dims;
    if (!d || mod || e.altKey) return;
    const handled = handle(e, state, actions, d.t > 1);
    if (handled) e.preventDefault();
  });
}

function handle(e: KeyboardEvent, state: AppState, a: KeyActions, hasTime: boolean): boolean {
  const tools: Record<string, Tool> = { n: 'navigate', l: 'line', r: 'rect', e: 'ellipse' };
  const k = e.key;
  switch (k) {
    case 'ArrowUp': a.slice(1); return true;
    case 'ArrowDown': a.slice(-1); return true;
    case 'PageUp': a.slice(1, true); return true;
    case 'PageDown': a.slice(-1, true); return true;
    case 'Home': a.slice(0, false, 'first'); return true;
    case 'End': a.slice(0, false, 'last'); return true;
    case 'ArrowRight': case 'ArrowLeft': {
      const n = k === 'ArrowRight' ? 1 : -1;
      if (hasTime) state.setCursor({ t: state.cursor.t + n });
      else a.slice(n);
      return true;
    }
    case '[': state.setCursor({ c: state.cursor.c - 1 }); return true;
    case ']': state.setCursor({ c: state.cursor.c + 1 }); return true;
    case ' ': state.setPlayback({ playing: hasTime && !state.playback.playing }); return true;
    case '+': case '=': a.zoom(1.25); return true;
    case '-': a.zoom(0.8); return true;
    case '0': a.fit(); return true;
    case 'o': case 'O': state.setLayout({ kind: state.layout.kind === 'ortho' ? 'single' : 'ortho' }); return true;
    case '1': case '2': case '3': state.setLayout({ kind: 'single', axis: state.frame.order[Number(k) - 1] }); return true;
    case 'i': case 'I': state.setLayout({ interpolation: state.layout.interpolation === 'linear' ? 'nearest' : 'linear' }); return true;
    case 'b': case 'B': state.setLayout({ scaleBar: !state.layout.scaleBar }); return true;
    case 'a': case 'A': autoContrastCurrent(state); return true;
    case 'R': if (e.shiftKey) { resetRange(state); return true; } break;
    case 'c': case 'C':
      if (state.display.channels.length > 1) state.setDisplay({ mode: state.display.mode === 'composite' ? 'single' : 'composite' });
      return true;
    case 'Escape': state.setShape(null); return true;
    case 'm': case 'M': a.measure(); return true;
    case 'p': case 'P':
      if (!state.pipeline.steps.length) return false;
      // Shift+P: the split view (original left of the divider, filtered right) on and off.
      if (e.shiftKey) state.setPipeline({ preview: state.pipeline.preview === 'split' ? 'after' : 'split' });
      else state.setPipeline({ preview: state.pipeline.preview === 'off' ? 'after' : 'off' });
      return true;
  }
  if (!e.shiftKey && tools[k]) {
    state.setTool(tools[k]);
    return true;
  }
  return false;
}
