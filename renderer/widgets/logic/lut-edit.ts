import { lutFromControlPoints, type ControlPoint } from '../../../app/lut/custom-lut.js';

/**
 * Editing a custom LUT's control points as a reducer: every edit is an action, the state holds the
 * points, which one is selected and the undo/redo stacks (whole point lists: they are tiny).
 * Points are kept sorted by position; the selection follows its point when a drag reorders them.
 */
export interface LutEditState {
  points: readonly ControlPoint[];
  /** Index into points, or -1 for none. */
  selected: number;
  undo: readonly (readonly ControlPoint[])[];
  redo: readonly (readonly ControlPoint[])[];
}

export type LutEditAction =
  /** Add a point; without a colour it takes the colour the gradient already has there. */
  | { type: 'add'; pos: number; color?: number }
  /** Remove the selected point (never below MIN_POINTS). */
  | { type: 'remove' }
  | { type: 'select'; index: number }
  /** Start a continuous edit (a drag, a colour picker session): one undo step for all of it. */
  | { type: 'begin' }
  /** Move the selected point; no undo step of its own (wrap in begin/end, or it joins the last one). */
  | { type: 'move'; pos: number }
  /** Recolour the selected point; no undo step of its own, like move. */
  | { type: 'recolor'; color: number }
  /** End a continuous edit; an edit that changed nothing leaves no undo step. */
  | { type: 'end' }
  /** Replace all points (load, import); one undo step. */
  | { type: 'replace'; points: readonly ControlPoint[] }
  | { type: 'undo' }
  | { type: 'redo' };

export const MIN_POINTS = 2;
/** Enough history for any editing session; older steps are dropped. */
export const MAX_UNDO = 200;

export function initialLutEdit(points: readonly ControlPoint[]): LutEditState {
  return { points: sortPoints(points), selected: -1, undo: [], redo: [] };
}

/**
 * Positions are kept in 0..1 and rounded to 1e-6: pointer positions carry float noise (0.29999999468…)
 * that would end up in saved files, while the table only resolves 1/255 anyway.
 */
function clamp01(v: number): number {
  return Math.round(Math.min(1, Math.max(0, v)) * 1e6) / 1e6;
}

function sortPoints(points: readonly ControlPoint[]): ControlPoint[] {
  return points.map((p) => ({ pos: clamp01(p.pos), color: p.color & 0xffffff })).sort((a, b) => a.pos - b.pos);
}

function samePoints(a: readonly ControlPoint[], b: readonly ControlPoint[]): boolean {
  return a.length === b.length && a.every((p, i) => p.pos === b[i].pos && p.color === b[i].color);
}

/** The colour the gradient of `points` shows at `pos` (0..1), as 0xRRGGBB. */
export function colorAt(points: readonly ControlPoint[], pos: number): number {
  const table = lutFromControlPoints([...points]);
  const i = Math.round(clamp01(pos) * 255) * 3;
  return (table[i] << 16) | (table[i + 1] << 8) | table[i + 2];
}

/** Record the current points as an undo step; a new edit invalidates what could be redone. */
function pushUndo(s: LutEditState): LutEditState {
  return { ...s, undo: [...s.undo, s.points].slice(-MAX_UNDO), redo: [] };
}

/** Put the selected point somewhere else (position and/or colour), keeping the list sorted. */
function updateSelected(s: LutEditState, change: Partial<ControlPoint>): LutEditState {
  if (s.selected < 0 || s.selected >= s.points.length) return s;
  const moved = { ...s.points[s.selected], ...change };
  moved.pos = clamp01(moved.pos);
  const rest = s.points.filter((_, i) => i !== s.selected);
  // Among equal positions the moved point goes after the others, so a drag never hops over a twin.
  let at = rest.findIndex((p) => p.pos > moved.pos);
  if (at < 0) at = rest.length;
  return { ...s, points: [...rest.slice(0, at), moved, ...rest.slice(at)], selected: at };
}

export function lutEditReducer(s: LutEditState, a: LutEditAction): LutEditState {
  switch (a.type) {
    case 'add': {
      const pos = clamp01(a.pos);
      const color = a.color ?? colorAt(s.points, pos);
      const t = pushUndo(s);
      let at = t.points.findIndex((p) => p.pos > pos);
      if (at < 0) at = t.points.length;
      return { ...t, points: [...t.points.slice(0, at), { pos, color: color & 0xffffff }, ...t.points.slice(at)], selected: at };
    }
    case 'remove': {
      if (s.points.length <= MIN_POINTS || s.selected < 0 || s.selected >= s.points.length) return s;
      const t = pushUndo(s);
      const points = t.points.filter((_, i) => i !== s.selected);
      return { ...t, points, selected: Math.min(s.selected, points.length - 1) };
    }
    case 'select':
      return { ...s, selected: a.index >= 0 && a.index < s.points.length ? a.index : -1 };
    case 'begin':
      return pushUndo(s);
    case 'move':
      return updateSelected(s, { pos: a.pos });
    case 'recolor':
      return updateSelected(s, { color: a.color & 0xffffff });
    case 'end': {
      const last = s.undo[s.undo.length - 1];
      return last && samePoints(last, s.points) ? { ...s, undo: s.undo.slice(0, -1) } : s;
    }
    case 'replace': {
      if (a.points.length < MIN_POINTS) return s;
      return { ...pushUndo(s), points: sortPoints(a.points), selected: -1 };
    }
    case 'undo': {
      const prev = s.undo[s.undo.length - 1];
      if (!prev) return s;
      return { points: prev, selected: Math.min(s.selected, prev.length - 1), undo: s.undo.slice(0, -1), redo: [...s.redo, s.points] };
    }
    case 'redo': {
      const next = s.redo[s.redo.length - 1];
      if (!next) return s;
      return { points: next, selected: Math.min(s.selected, next.length - 1), undo: [...s.undo, s.points], redo: s.redo.slice(0, -1) };
    }
  }
}

/** The point whose marker is nearest to `px` within `tolerance` pixels (selected one first on ties), or -1. */
export function hitTestPoint(points: readonly ControlPoint[], toPx: (pos: number) => number, px: number, tolerance: number, selected = -1): number {
  let best = -1;
  let bestDist = Infinity;
  points.forEach((p, i) => {
    const d = Math.abs(toPx(p.pos) - px);
    if (d <= tolerance && (d < bestDist || (d === bestDist && i === selected))) {
      best = i;
      bestDist = d;
    }
  });
  return best;
}

/** 0xRRGGBB ↔ "#rrggbb", the form <input type=color> speaks. */
export function colorToHex(c: number): string {
  return '#' + (c & 0xffffff).toString(16).padStart(6, '0');
}

export function hexToColor(hex: string): number | null {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  return m ? parseInt(m[1], 16) : null;
}
