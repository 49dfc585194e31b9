import { orientation } from '../formats/nifti/affine.js';
import type { Axis } from './planes.js';

/*
 * Anatomical labels for the slice views, from the voxel-to-world affine in RAS+ world coordinates
 * (NIfTI's convention: +x Right, +y Anterior, +z Superior).
 */

const WORLD_LABELS = [['L', 'R'], ['P', 'A'], ['I', 'S']];
const OPPOSITE: Record<string, string> = { R: 'L', L: 'R', A: 'P', P: 'A', S: 'I', I: 'S' };

/**
 * The direction each voxel axis (x, y, z) increases towards, as nibabel's aff2axcodes gives it: the
 * columns of the affine are normalised, replaced by the nearest rotation, and each voxel axis in turn
 * takes the world axis it is most aligned with among those not yet taken. That shared work lives with
 * the NIfTI reader (formats/nifti/affine.ts), which labels files the same way.
 *
 * nibabel gives None for an axis of a singular affine; this gives '?'. For a singular affine the
 * nearest-rotation step is skipped (the remaining columns are used as they are), which agrees with
 * nibabel whenever those columns are orthogonal.
 */
export function axisCodes(affine: number[][]): [string, string, string] {
  const code = orientation(affine);
  if (code.length === 3) return [code[0], code[1], code[2]];
  return singularAxisCodes(affine);
}

function singularAxisCodes(affine: number[][]): [string, string, string] {
  const cols = [0, 1, 2].map((j) => {
    const col = [0, 1, 2].map((i) => affine[i][j]);
    const n = Math.hypot(col[0], col[1], col[2]);
    return n > 0 && Number.isFinite(n) ? col.map((v) => v / n) : null;
  });
  const taken = [false, false, false];
  const out: [string, string, string] = ['?', '?', '?'];
  cols.forEach((col, j) => {
    if (!col) return;
    let best = -1;
    for (let i = 0; i < 3; i++) if (!taken[i] && (best < 0 || Math.abs(col[i]) > Math.abs(col[best]))) best = i;
    if (best < 0 || col[best] === 0) return;
    taken[best] = true;
    out[j] = WORLD_LABELS[best][col[best] < 0 ? 0 : 1];
  });
  return out;
}

export interface EdgeLabels { left: string; right: string; top: string; bottom: string }

function opposite(code: string): string {
  return OPPOSITE[code] ?? '';
}

/** Labels for an edge pair: the low end of a voxel axis lies opposite the direction it increases towards. */
function span(code: string): { low: string; high: string } {
  return code === '?' ? { low: '', high: '' } : { low: opposite(code), high: code };
}

/**
 * Labels for the four edges of each view, as the planes are drawn (row 0 at the top, column 0 at the
 * left; see planes.ts): each label is the world direction that edge lies towards. They come from
 * axisCodes, so they agree with the orientation code the panel shows ('RAS', 'LPS', ...); an oblique
 * axis is labelled by its dominant direction. An axis nibabel cannot label gives ''. null affine → null.
 */
export function orientationLabels(affine: number[][] | null): Record<Axis, EdgeLabels> | null {
  if (!affine) return null;
  const [x, y, z] = axisCodes(affine).map(span);
  const edges = (h: typeof x, v: typeof x): EdgeLabels => ({ left: h.low, right: h.high, top: v.low, bottom: v.high });
  return {
    xy: edges(x, y),
    xz: edges(x, z),
    yz: edges(z, y),
  };
}
