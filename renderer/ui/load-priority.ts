import { planeIndex } from '../../app/model/volume.js';
import { voxelToPlane, type Axis } from '../../app/view/planes.js';
import type { HostClient } from '../client/client.js';
import type { AppState } from '../state/app-state.js';
import type { VolumeData } from '../state/volume-data.js';

/** The most planes one request names (the contract's limit). */
const MAX_PLANES = 4096;

/**
 * The planes the views need now and do not have, the active view's first: an xy slice is one plane
 * per drawn channel, an xz or yz slice cuts through every z plane of its channel and time point.
 */
export function planesOnScreen(state: AppState, data: VolumeData): number[] {
  const d = data.meta.dims;
  const { cursor, layout } = state;
  const axes: Axis[] = layout.kind === 'ortho' ? ['xy', 'xz', 'yz'] : [layout.axis];
  axes.sort((a, b) => Number(b === state.activeAxis) - Number(a === state.activeAxis));
  const out: number[] = [];
  const seen = new Set<number>();
  const add = (p: number): void => {
    if (!data.has(p) && !seen.has(p) && out.length < MAX_PLANES) {
      seen.add(p);
      out.push(p);
    }
  };
  for (const axis of axes) {
    for (const c of state.drawnChannels()) {
      if (axis === 'xy') add(planeIndex(d, voxelToPlane('xy', cursor).slice, c, cursor.t));
      else for (let z = 0; z < d.z; z++) add(planeIndex(d, z, c, cursor.t));
    }
  }
  return out;
}

/**
 * While `data` streams in, asks the host for the planes on screen first whenever what is on screen
 * changes (the user moves to another slice, channel, time point or layout), at most once a frame and
 * only when the answer changed. Returns the function that stops following.
 */
export function followPlanesOnScreen(state: AppState, client: HostClient, data: VolumeData): () => void {
  let asked = '';
  let frame = 0;
  const ask = (): void => {
    frame = 0;
    if (!data.loading || state.fileLayer?.voxels !== data) return;
    const planes = planesOnScreen(state, data);
    const key = planes.join(',');
    if (key === asked || !planes.length) return;
    asked = key;
    void client.call('prioritizePlanes', { volumeId: data.host!.volumeId, planes }).catch(() => undefined);
  };
  const soon = (): void => {
    frame ||= requestAnimationFrame(ask);
  };
  const offs = (['cursor', 'layout', 'display'] as const).map((e) => state.on(e, soon));
  ask();
  return () => {
    cancelAnimationFrame(frame);
    offs.forEach((off) => off());
  };
}
