import { orientation } from '../formats/nifti/affine.js';

/*
 * The anatomical direction of each voxel axis, from the voxel-to-world affine in RAS+ world coordinates
 * (NIfTI's convention: +x Right, +y Anterior, +z Superior). view-frame.ts turns it into views and labels.
 */

const WORLD_LABELS = [['L', 'R'], ['P', 'A'], ['I', 'S']];

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
