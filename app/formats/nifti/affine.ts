import type { RawHeader } from './header.js';

export type Mat4 = number[][];

/** Quaternion (b, c, d; a >= 0 implied) + qfac + voxel sizes + offset -> 4x4 (NIfTI "method 2"). */
export function quaternToMatrix(q: [number, number, number], offset: [number, number, number], pixdim: number[]): Mat4 {
  let [b, c, d] = q;
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    // As niftilib: a (nearly) 180 degree rotation; renormalise b, c, d and take a = 0.
    const s = 1 / Math.sqrt(b * b + c * c + d * d);
    b *= s; c *= s; d *= s; a = 0;
  } else a = Math.sqrt(a);
  // niftilib treats non-positive voxel sizes as 1; qfac is the sign of pixdim[0] (0 counts as +1).
  const dx = pixdim[1] > 0 ? pixdim[1] : 1;
  const dy = pixdim[2] > 0 ? pixdim[2] : 1;
  const dz = (pixdim[3] > 0 ? pixdim[3] : 1) * (pixdim[0] < 0 ? -1 : 1);
  return [
    [(a * a + b * b - c * c - d * d) * dx, 2 * (b * c - a * d) * dy, 2 * (b * d + a * c) * dz, offset[0]],
    [2 * (b * c + a * d) * dx, (a * a + c * c - b * b - d * d) * dy, 2 * (c * d - a * b) * dz, offset[1]],
    [2 * (b * d - a * c) * dx, 2 * (c * d + a * b) * dy, (a * a + d * d - c * c - b * b) * dz, offset[2]],
    [0, 0, 0, 1],
  ];
}

export type AffineSource = 'sform' | 'qform' | 'pixdim';

/**
 * The voxel-to-world affine the way nibabel's get_best_affine chooses it: sform when sform_code > 0,
 * else qform when qform_code > 0. With both codes 0 the file states no world space; we return NIfTI
 * "method 1", diag(pixdim) with zero offset, rather than nibabel's Analyze-style centred, x-flipped
 * affine: it invents no orientation or origin the file does not hold, and it is what niftilib does.
 */
export function bestAffine(h: RawHeader): { affine: Mat4; source: AffineSource } {
  if (h.sformCode > 0) return { affine: [...h.srow.map((r) => [...r]), [0, 0, 0, 1]], source: 'sform' };
  if (h.qformCode > 0) return { affine: quaternToMatrix(h.quatern, h.qoffset, h.pixdim), source: 'qform' };
  const s = (v: number) => (Number.isFinite(v) && v !== 0 ? Math.abs(v) : 1);
  return {
    affine: [[s(h.pixdim[1]), 0, 0, 0], [0, s(h.pixdim[2]), 0, 0], [0, 0, s(h.pixdim[3]), 0], [0, 0, 0, 1]],
    source: 'pixdim',
  };
}

function det3(m: number[][]): number {
  return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
    - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
    + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
}

function inverseTranspose3(m: number[][]): number[][] {
  const d = det3(m);
  // Cofactor matrix / det = inverse transposed.
  const c = (r0: number, r1: number, c0: number, c1: number) => m[r0][c0] * m[r1][c1] - m[r0][c1] * m[r1][c0];
  return [
    [c(1, 2, 1, 2) / d, -c(1, 2, 0, 2) / d, c(1, 2, 0, 1) / d],
    [-c(0, 2, 1, 2) / d, c(0, 2, 0, 2) / d, -c(0, 2, 0, 1) / d],
    [c(0, 1, 1, 2) / d, -c(0, 1, 0, 2) / d, c(0, 1, 0, 1) / d],
  ];
}

/**
 * Axis codes like nibabel's aff2axcodes ('RAS', 'LPS', ...): normalise the columns, take the nearest
 * rotation (polar decomposition, here by Newton iteration instead of nibabel's SVD: same result), then
 * give each voxel axis, in order, the world axis it is most aligned with that is still free.
 * Returns '' when the matrix is singular.
 */
export function orientation(aff: Mat4): string {
  let r = [0, 1, 2].map((i) => [0, 1, 2].map((j) => aff[i][j]));
  for (let j = 0; j < 3; j++) {
    const n = Math.hypot(r[0][j], r[1][j], r[2][j]);
    if (!(n > 0) || !Number.isFinite(n)) return '';
    for (let i = 0; i < 3; i++) r[i][j] /= n;
  }
  if (!(Math.abs(det3(r)) > 1e-12)) return '';
  for (let k = 0; k < 50; k++) {
    const it = inverseTranspose3(r);
    const next = r.map((row, i) => row.map((v, j) => (v + it[i][j]) / 2));
    const delta = Math.max(...next.flatMap((row, i) => row.map((v, j) => Math.abs(v - r[i][j]))));
    r = next;
    if (delta < 1e-14) break;
  }
  const labels = [['L', 'R'], ['P', 'A'], ['I', 'S']];
  let out = '';
  for (let j = 0; j < 3; j++) {
    let best = 0;
    for (let i = 1; i < 3; i++) if (Math.abs(r[i][j]) > Math.abs(r[best][j])) best = i;
    if (r[best][j] === 0) return '';
    out += labels[best][r[best][j] < 0 ? 0 : 1];
    for (let c = 0; c < 3; c++) r[best][c] = 0;
  }
  return out;
}

/**
 * The qform of an affine whose 3x3 part is a rotation times positive scales (possibly with one flip),
 * or null when it has shear (columns not orthogonal) and only the sform can hold it.
 */
export function affineToQform(aff: Mat4): { quatern: [number, number, number]; offset: [number, number, number]; zooms: [number, number, number]; qfac: 1 | -1 } | null {
  const cols = [0, 1, 2].map((j) => [aff[0][j], aff[1][j], aff[2][j]]);
  const zooms = cols.map((c) => Math.hypot(c[0], c[1], c[2])) as [number, number, number];
  if (zooms.some((z) => !(z > 0) || !Number.isFinite(z))) return null;
  const u = cols.map((c, j) => c.map((v) => v / zooms[j]));
  for (let a = 0; a < 3; a++) {
    for (let b = a + 1; b < 3; b++) {
      if (Math.abs(u[a][0] * u[b][0] + u[a][1] * u[b][1] + u[a][2] * u[b][2]) > 1e-5) return null;
    }
  }
  // r[i][j] = row i, column j of the unit rotation; a left-handed matrix stores qfac -1 and a flipped third column.
  const r = [0, 1, 2].map((i) => [u[0][i], u[1][i], u[2][i]]);
  let qfac: 1 | -1 = 1;
  if (det3(r) < 0) {
    qfac = -1;
    for (let i = 0; i < 3; i++) r[i][2] = -r[i][2];
  }
  // nifti_mat44_to_quatern, with a >= 0.
  let a = r[0][0] + r[1][1] + r[2][2] + 1;
  let b: number, c: number, d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r[2][1] - r[1][2])) / a;
    c = (0.25 * (r[0][2] - r[2][0])) / a;
    d = (0.25 * (r[1][0] - r[0][1])) / a;
  } else {
    const xd = 1 + r[0][0] - (r[1][1] + r[2][2]);
    const yd = 1 + r[1][1] - (r[0][0] + r[2][2]);
    const zd = 1 + r[2][2] - (r[0][0] + r[1][1]);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd); c = (0.25 * (r[0][1] + r[1][0])) / b; d = (0.25 * (r[0][2] + r[2][0])) / b; a = (0.25 * (r[2][1] - r[1][2])) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd); b = (0.25 * (r[0][1] + r[1][0])) / c; d = (0.25 * (r[1][2] + r[2][1])) / c; a = (0.25 * (r[0][2] - r[2][0])) / c;
    } else {
      d = 0.5 * Math.sqrt(zd); b = (0.25 * (r[0][2] + r[2][0])) / d; c = (0.25 * (r[1][2] + r[2][1])) / d; a = (0.25 * (r[1][0] - r[0][1])) / d;
    }
    if (a < 0) { b = -b; c = -c; d = -d; }
  }
  return { quatern: [b, c, d], offset: [aff[0][3], aff[1][3], aff[2][3]], zooms, qfac };
}
