import { voxelToPlane, type Axis } from '../../app/view/planes.js';
import type { AppState } from '../state/app-state.js';
import type { ObjectTableModel } from '../state/object-table.js';

/**
 * Read-only hooks for the end-to-end tests, only on a page opened with `?voxelscope-test` in its
 * address (never otherwise): numbers a test cannot read off the screen exactly, such as the preview's
 * float values (the canvas holds 8-bit colours) and where the crosshair is.
 */
export function testHooksWanted(): boolean {
  return new URLSearchParams(location.search).has('voxelscope-test');
}

export interface VoxelscopeTestHooks {
  cursor(): { x: number; y: number; z: number; c: number; t: number };
  /** The preview's values of the plane on screen in a view (null while computing or with the preview off). */
  previewPlane(axis: Axis): { slice: number; values: number[] } | null;
  layers(): { name: string; kind: string; current: boolean }[];
}

export function installTestHooks(state: AppState, objects: ObjectTableModel): void {
  const hooks: VoxelscopeTestHooks & { objectCount(): number } = {
    cursor: () => ({ ...state.cursor }),
    previewPlane(axis) {
      const { slice } = voxelToPlane(axis, state.cursor);
      const p = state.previewSource?.active ? state.previewSource.plane(axis, slice, state.currentChannel(), state.cursor.t) : null;
      return p ? { slice, values: Array.from(p.values) } : null;
    },
    layers: () => state.layers.map((l) => ({ name: l.name, kind: l.kind, current: l === state.current })),
    objectCount: () => objects.order.length,
  };
  Object.assign(window, { __voxelscopeTest: hooks });
}
