import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Dims } from '../../../app/model/volume.js';
import { extractPlane, planePixelSize, planeSize, voxelToPlane, type Axis } from '../../../app/view/planes.js';
import { isOblique, openingVoxel, viewFrame, worldAffine, type AnatomicalPlane, type Convention } from '../../../app/view/view-frame.js';
import { planeOnScreen, screenSize, screenToPlane } from '../../../app/view/view-transform.js';
import { syntheticVolume } from './synthetic.js';

type Mat = number[][];
const diag = (a: number, b: number, c: number): Mat => [[a, 0, 0, 0], [0, b, 0, 0], [0, 0, c, 0], [0, 0, 0, 1]];
const mul = (a: Mat, b: Mat): Mat => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
function rotation(axis: 0 | 1 | 2, deg: number): Mat {
  const r = (deg * Math.PI) / 180;
  const [i, j] = [[1, 2], [2, 0], [0, 1]][axis];
  const m = diag(1, 1, 1);
  m[i][i] = Math.cos(r); m[i][j] = -Math.sin(r);
  m[j][i] = Math.sin(r); m[j][j] = Math.cos(r);
  return m;
}
/** Columns: where voxel x, y, z point in RAS+ world space (each a signed unit world axis, times a voxel size). */
function permuted(cols: [number, number][], sizes = [1, 1, 1]): Mat {
  const m = [[0, 0, 0, 3], [0, 0, 0, -2], [0, 0, 0, 5], [0, 0, 0, 1]];
  cols.forEach(([world, sign], j) => (m[world][j] = sign * sizes[j]));
  return m;
}

const AFFINES: Record<string, Mat> = {
  RAS: diag(1, 1, 1),
  'LPS (DICOM order)': diag(-0.8, -0.8, 1.5),
  'LAS (FSL radiological storage)': diag(-2, 2, 2),
  'PSL (sagittal slices: x → P, y → S, z → L)': permuted([[1, -1], [2, 1], [0, -1]], [1.2, 1, 3]),
  'ASR (sagittal, the other way round)': permuted([[1, 1], [2, 1], [0, 1]]),
  'PIL (sagittal, y down)': permuted([[1, -1], [2, -1], [0, -1]]),
  'RSA (coronal slices)': permuted([[0, 1], [2, 1], [1, 1]], [0.9, 0.9, 4]),
  'LIP (coronal, upside down)': permuted([[0, -1], [2, -1], [1, -1]]),
  'oblique 20° about x (tilted axial)': mul(rotation(0, 20), diag(2, 2, 3)),
  'oblique compound, LPS-ish': mul(mul(rotation(0, 25), rotation(1, -15)), mul(rotation(2, 10), diag(-1, -1, 2))),
  'oblique 40° about z, sagittal storage': mul(rotation(2, 40), permuted([[1, -1], [2, 1], [0, -1]])),
};

/** A small volume of distinct values, so every displayed pixel names the voxel it shows. */
const DIMS: Dims = { x: 5, y: 6, z: 7, c: 1, t: 1 };
const VALUE = (x: number, y: number, z: number): number => x + 10 * y + 100 * z;
const data = syntheticVolume(DIMS, 'uint16', VALUE);
const PROBE = { x: 1, y: 4, z: 2 };

/** The image a view shows for the plane through PROBE: rows top to bottom, columns left to right. */
function screenImage(affine: Mat, convention: Convention, plane: AnatomicalPlane): number[][] {
  const frame = viewFrame(affine, convention);
  const axis = (Object.keys(frame.views) as Axis[]).find((a) => frame.views[a].plane === plane)!;
  const size = planeSize(DIMS, axis);
  const values = new Float32Array(size.width * size.height);
  extractPlane({ data, dims: DIMS, dtype: 'uint16', axis, index: voxelToPlane(axis, PROBE).slice, c: 0, t: 0, out: values });
  const geometry = planeOnScreen(size, planePixelSize({ x: 1, y: 1, z: 1, t: 1 }, axis), frame.views[axis]);
  const screen = screenSize(geometry);
  const t = { scale: 1, offsetX: 0, offsetY: 0 };
  return Array.from({ length: screen.height }, (_, v) => Array.from({ length: screen.width }, (_, u) => {
    // The centre of screen pixel (u, v), mapped back to the plane the way a mouse click is.
    const p = screenToPlane(t, geometry, u + 0.5, v + 0.5);
    return values[Math.floor(p.row) * size.width + Math.floor(p.col)];
  }));
}

/**
 * The same images from nibabel: the volume turned to its closest canonical (RAS+) orientation by
 * as_closest_canonical (io_orientation: the nearest axes for an oblique affine), then sliced through
 * the probe voxel the way the radiological views show RAS data: axial with the patient's right on the
 * left and anterior up, coronal and sagittal with superior up, sagittal seen from the patient's left
 * (anterior on the left).
 */
function nibabelImages(affines: Mat[]): { images: Record<AnatomicalPlane, number[][]>[] } | { reason: string } {
  const python = '/usr/bin/python3';
  if (!existsSync(python)) return { reason: `${python} not found` };
  const script = `
import sys, json, numpy as np, nibabel as nib
req = json.load(sys.stdin)
d = req['dims']
x, y, z = np.meshgrid(np.arange(d[0]), np.arange(d[1]), np.arange(d[2]), indexing='ij')
data = (x + 10 * y + 100 * z).astype(np.uint16)
out = []
for a in req['affines']:
    img = nib.Nifti1Image(data, np.array(a, dtype=float))
    can = nib.as_closest_canonical(img)
    arr = np.asarray(can.dataobj)
    q = np.linalg.inv(can.affine) @ img.affine @ np.array(req['probe'] + [1.0])
    i, j, k = [int(round(v)) for v in q[:3]]
    out.append({
        'axial': arr[::-1, ::-1, k].T.tolist(),
        'coronal': arr[::-1, j, ::-1].T.tolist(),
        'sagittal': arr[i, ::-1, ::-1].T.tolist(),
    })
print(json.dumps(out))
`;
  const input = JSON.stringify({ dims: [DIMS.x, DIMS.y, DIMS.z], probe: [PROBE.x, PROBE.y, PROBE.z], affines });
  const r = spawnSync(python, ['-c', script], { input, encoding: 'utf8' });
  if (r.status !== 0) return { reason: `python3 with nibabel failed: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}` };
  return { images: JSON.parse(r.stdout) };
}

const names = Object.keys(AFFINES);
const oracle = nibabelImages(names.map((n) => AFFINES[n]));
const skipReason = 'reason' in oracle ? oracle.reason : '';
if (skipReason) console.warn(`view frames vs nibabel skipped: ${skipReason}`);

describe.skipIf(!!skipReason)(`anatomical views agree with nibabel's canonical reorientation${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  names.forEach((name, k) => {
    it(name, () => {
      const expected = 'images' in oracle ? oracle.images[k] : null;
      for (const plane of ['axial', 'coronal', 'sagittal'] as const) {
        expect(screenImage(AFFINES[name], 'radiological', plane), `${plane}, radiological`).toEqual(expected![plane]);
        // Neurological mirrors every view left to right (the sagittal view is then seen from the right).
        const mirrored = expected![plane].map((row) => [...row].reverse());
        expect(screenImage(AFFINES[name], 'neurological', plane), `${plane}, neurological`).toEqual(mirrored);
      }
    });
  });
});

describe('view frames by hand', () => {
  it('RAS storage: xy is axial, xz coronal, yz sagittal; anterior and superior up; R on the left', () => {
    const f = viewFrame(diag(1, 1, 1), 'radiological');
    expect(f.anatomical).toBe(true);
    expect(f.oblique).toBe(false);
    expect([f.views.xy.plane, f.views.xz.plane, f.views.yz.plane]).toEqual(['axial', 'coronal', 'sagittal']);
    expect(f.labels).toEqual({
      xy: { left: 'R', right: 'L', top: 'A', bottom: 'P' },
      xz: { left: 'R', right: 'L', top: 'S', bottom: 'I' },
      yz: { left: 'A', right: 'P', top: 'S', bottom: 'I' },
    });
    expect(f.order).toEqual(['xy', 'xz', 'yz']);
    // Coronal top left, sagittal beside it, axial below it.
    expect(f.grid).toEqual({ main: 'xz', right: 'yz', below: 'xy' });
  });

  it('neurological: R on the right, and the sagittal view seen from the right (anterior on the right)', () => {
    const f = viewFrame(diag(1, 1, 1), 'neurological');
    expect(f.labels!.xy).toEqual({ left: 'L', right: 'R', top: 'A', bottom: 'P' });
    expect(f.labels!.yz).toEqual({ left: 'P', right: 'A', top: 'S', bottom: 'I' });
  });

  it('a sagittally stored file: its xy plane is sagittal', () => {
    const f = viewFrame(AFFINES['PSL (sagittal slices: x → P, y → S, z → L)'], 'radiological');
    expect([f.views.xy.plane, f.views.xz.plane, f.views.yz.plane]).toEqual(['sagittal', 'axial', 'coronal']);
    expect(f.order).toEqual(['xz', 'yz', 'xy']);
    expect(f.grid).toEqual({ main: 'yz', right: 'xy', below: 'xz' });
    // Its y runs towards S: superior up means y = 0 at the bottom; its x towards P: anterior left keeps x = 0 at the left.
    expect(f.views.xy.down).toEqual({ voxel: 'y', increasing: false });
    expect(f.views.xy.right).toEqual({ voxel: 'x', increasing: true });
  });

  it('the orthogonal grid shares rows with the view beside it and columns with the view below it, for every affine', () => {
    for (const [name, a] of Object.entries(AFFINES)) {
      for (const c of ['radiological', 'neurological'] as const) {
        const { views, grid } = viewFrame(a, c);
        expect(views[grid.right].down, name).toEqual(views[grid.main].down);
        expect(views[grid.below].right, name).toEqual(views[grid.main].right);
        // The third voxel axis runs across the view beside and down the view below.
        expect(views[grid.right].right.voxel, name).toBe(views[grid.below].down.voxel);
      }
    }
  });

  it('microscopy (no affine) and unlabelable affines keep storage order', () => {
    const f = viewFrame(null, 'radiological');
    expect(f.anatomical).toBe(false);
    expect(f.labels).toBeNull();
    expect(f.views.yz).toEqual({ axis: 'yz', plane: null, right: { voxel: 'z', increasing: true }, down: { voxel: 'y', increasing: true } });
    expect(f.grid).toEqual({ main: 'xy', right: 'yz', below: 'xz' });
    const singular = viewFrame(diag(0, 1, 1), 'radiological');
    expect(singular.anatomical).toBe(false);
    // Storage order, with the letters that can be given: x has none, y grows towards A, z towards S.
    expect(singular.labels!.xy).toEqual({ left: '', right: '', top: 'P', bottom: 'A' });
    expect(singular.labels!.yz).toEqual({ left: 'I', right: 'S', top: 'P', bottom: 'A' });
  });

  it('oblique: any tilt beyond float32 rounding, never an axis-aligned one', () => {
    expect(isOblique(diag(-2, 3, 0.5))).toBe(false);
    expect(isOblique(AFFINES['PSL (sagittal slices: x → P, y → S, z → L)'])).toBe(false);
    expect(isOblique([[1, 1e-7, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])).toBe(false);
    expect(isOblique(mul(rotation(0, 0.1), diag(1, 1, 1)))).toBe(true);
    expect(viewFrame(AFFINES['oblique 20° about x (tilted axial)'], 'radiological').oblique).toBe(true);
    // The real dipy file: 35° about x, labelled LPS by nibabel; its xy plane is the nearest axial.
    const dipy = [[-4, 0, -0.052, 118.763], [0.024, -3.256, -2.903, 132.198], [-0.034, -2.323, 4.07, 22.82], [0, 0, 0, 1]];
    const f = viewFrame(dipy, 'radiological');
    expect(f.oblique).toBe(true);
    expect(f.views.xy.plane).toBe('axial');
  });
});

describe('world affine and where a volume opens', () => {
  const dims = { x: 5, y: 7, z: 9, c: 1, t: 1 };
  it('a NIfTI without sform or qform (method 1: diag(pixdim)) states no orientation', () => {
    const ras = diag(1, 1, 1);
    expect(worldAffine({ affine: ras, extra: { affine_source: 'sform' } })).toBe(ras);
    expect(worldAffine({ affine: ras, extra: { affine_source: 'qform' } })).toBe(ras);
    expect(worldAffine({ affine: ras, extra: { affine_source: 'pixdim' } })).toBeNull();
    expect(worldAffine({ affine: null, extra: {} })).toBeNull();
  });

  it('world data opens at its centre voxel, microscopy at the centre of slice 1 (Fiji)', () => {
    expect(openingVoxel({ dims, affine: diag(1, 1, 1), extra: { affine_source: 'sform' } })).toEqual({ x: 2, y: 3, z: 4 });
    expect(openingVoxel({ dims, affine: null, extra: {} })).toEqual({ x: 2, y: 3, z: 0 });
    expect(openingVoxel({ dims, affine: diag(1, 1, 1), extra: { affine_source: 'pixdim' } })).toEqual({ x: 2, y: 3, z: 0 });
  });
});
