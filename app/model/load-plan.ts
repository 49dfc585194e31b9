import type { Dims, Spacing } from './volume.js';

/** A reduced load: every zStep-th plane, xyBin x xyBin binning, a time range. Identity = the whole file. */
export interface PlanSpec {
  zStep: number;
  xyBin: number;
  tRange: [number, number] | null;
}

export const identityPlan: PlanSpec = { zStep: 1, xyBin: 1, tRange: null };

export function isIdentityPlan(p: PlanSpec, d: Dims): boolean {
  return p.zStep === 1 && p.xyBin === 1 && (p.tRange === null || (p.tRange[0] === 0 && p.tRange[1] >= d.t - 1));
}

export function plannedDims(d: Dims, p: PlanSpec): Dims {
  const [t0, t1] = p.tRange ?? [0, d.t - 1];
  return {
    x: Math.max(1, Math.floor(d.x / p.xyBin)),
    y: Math.max(1, Math.floor(d.y / p.xyBin)),
    z: Math.ceil(d.z / p.zStep),
    c: d.c,
    t: Math.max(1, Math.min(t1, d.t - 1) - Math.min(t0, d.t - 1) + 1),
  };
}

export function plannedSpacing(s: Spacing, p: PlanSpec): Spacing {
  return { x: s.x * p.xyBin, y: s.y * p.xyBin, z: s.z * p.zStep, t: s.t };
}

/** The source plane (in the file's dims) that output plane `p` (in planned dims) comes from. */
export function sourcePlane(file: Dims, out: Dims, p: PlanSpec, plane: number): number {
  const z = plane % out.z;
  const rest = (plane - z) / out.z;
  const c = rest % out.c;
  const t = (rest - c) / out.c;
  const t0 = p.tRange ? Math.min(p.tRange[0], file.t - 1) : 0;
  return z * p.zStep + file.z * (c + file.c * (t + t0));
}

/** Suggests a plan that fits `budget` bytes: first every n-th plane, then 2x2 binning on top. */
export function suggestPlan(d: Dims, bytesPerVoxel: number, budget: number): PlanSpec {
  const need = d.x * d.y * d.z * d.c * d.t * bytesPerVoxel;
  if (need <= budget) return identityPlan;
  const zStep = Math.min(d.z, Math.ceil(need / budget));
  const plan: PlanSpec = { zStep, xyBin: 1, tRange: null };
  const dims = plannedDims(d, plan);
  if (dims.x * dims.y * dims.z * dims.c * dims.t * bytesPerVoxel <= budget) return plan;
  const bin = Math.ceil(Math.sqrt((dims.x * dims.y * dims.z * dims.c * dims.t * bytesPerVoxel) / budget));
  return { zStep, xyBin: bin, tRange: null };
}
