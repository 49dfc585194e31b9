import { regionTable, type RegionTable } from '../../filters/label/regions.js';
import type { Dims3 } from '../../filters/types.js';
import type { JobHandler } from '../worker-core.js';
import { channelVolume, type VolumeRef } from './pipeline.js';

/**
 * The object table of a label image (app/filters/label/regions), off the UI thread: channel c, time
 * point t of an int32 label volume in shared memory, with the mean intensity taken from the same
 * channel and time point of the image it was segmented from (same grid), or of `intensityAt` when the
 * labels are one channel and time point of their own (a preview's). The table's columns are typed
 * arrays, so it comes back by structured clone with no per-object objects.
 */
export interface RegionsPayload {
  labels: VolumeRef;
  intensity: VolumeRef | null;
  c: number;
  t: number;
  /** The intensity image's channel and time point, when not the labels' own. */
  intensityAt?: { c: number; t: number };
  spacing: Dims3;
}

export const regionsJob: JobHandler = (payload, ctx): RegionTable => {
  const p = payload as RegionsPayload;
  if (p.labels.dtype !== 'int32') throw new Error(`regions: a label image is int32, not ${p.labels.dtype}`);
  const labels = channelVolume(p.labels, p.c, p.t);
  const at = p.intensityAt ?? p;
  const intensity = p.intensity ? channelVolume(p.intensity, Math.min(at.c, p.intensity.dims.c - 1), Math.min(at.t, p.intensity.dims.t - 1)) : null;
  ctx.throwIfCancelled();
  return regionTable(labels.data as Int32Array, labels.dims, p.spacing, intensity);
};
