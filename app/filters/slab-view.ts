import type { VolumeView } from './types.js';

/** Planes [z0, z1) of a volume as a volume of their own (a view, no copy): one slab of a split op. */
export function slabOf(v: VolumeView, z0: number, z1: number): VolumeView {
  const plane = v.dims.x * v.dims.y;
  return { dims: { ...v.dims, z: z1 - z0 }, dtype: v.dtype, data: v.data.subarray(z0 * plane, z1 * plane) as VolumeView['data'] };
}
