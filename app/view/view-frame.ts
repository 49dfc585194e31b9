import type { VolumeMeta } from '../model/volume.js';
import { axisCodes } from './orientation.js';
import type { Axis } from './planes.js';

/*
 * How the three storage planes are put on screen. Microscopy (no affine) keeps storage order, as Fiji
 * does: column 0 at the left, row 0 (y = 0) at the top. World-referenced data (a NIfTI sform/qform) is
 * shown the way NiiVue, 3D Slicer, FSLeyes and ITK-SNAP show it: superior up in the coronal and
 * sagittal views, anterior up in the axial view, the patient's right on the screen's left
 * (radiological) or right (neurological), and the sagittal view seen from the side the coronal view's
 * right edge faces, so that the orthogonal layout is a third-angle projection: anterior on the left
 * (Slicer, ITK-SNAP, FSLeyes' grid) in the radiological convention, on the right (NiiVue's default) in
 * the neurological one. Only flips and transposes are used, never resampling: an oblique volume is
 * shown along its nearest anatomical planes (the axis codes of orientation.ts).
 */

export type AnatomicalPlane = 'axial' | 'coronal' | 'sagittal';
export type Convention = 'radiological' | 'neurological';
export type VoxelAxis = 'x' | 'y' | 'z';

/** One screen direction of a view: the voxel axis that runs along it, and whether its index grows that way. */
export interface ScreenAxis { voxel: VoxelAxis; increasing: boolean }

/** How one storage plane is drawn. */
export interface PlaneDisplay {
  axis: Axis;
  /** The anatomical plane it is nearest to; null without an affine. */
  plane: AnatomicalPlane | null;
  /** Left to right on screen. */
  right: ScreenAxis;
  /** Top to bottom on screen. */
  down: ScreenAxis;
}

export interface EdgeLabels { left: string; right: string; top: string; bottom: string }

export interface ViewFrame {
  /** Shown anatomically (the affine could be labelled); false: storage order. */
  anatomical: boolean;
  /** The affine is not aligned with the world axes: the views show the nearest anatomical planes. */
  oblique: boolean;
  convention: Convention;
  views: Record<Axis, PlaneDisplay>;
  /**
   * The orthogonal layout: `main` top left, `right` beside it (sharing its screen rows) and `below`
   * under it (sharing its screen columns), so the crosshair lines of neighbouring views meet.
   */
  grid: { main: Axis; right: Axis; below: Axis };
  /** The planes in the order of the keys 1 2 3 and the layout list (axial, coronal, sagittal for world data). */
  order: [Axis, Axis, Axis];
  /** Anatomical letters on each view's edges (the direction each edge lies towards); null without an affine. */
  labels: Record<Axis, EdgeLabels> | null;
}

/** The storage plane's own column and row axes (planes.ts) and its normal. */
const STORAGE: Record<Axis, { col: VoxelAxis; row: VoxelAxis; normal: VoxelAxis }> = {
  xy: { col: 'x', row: 'y', normal: 'z' },
  xz: { col: 'x', row: 'z', normal: 'y' },
  yz: { col: 'z', row: 'y', normal: 'x' },
};
const VOXEL_AXES: readonly VoxelAxis[] = ['x', 'y', 'z'];
const OPPOSITE: Record<string, string> = { R: 'L', L: 'R', A: 'P', P: 'A', S: 'I', I: 'S' };
/** The world axis a direction letter belongs to. */
const WORLD_AXIS: Record<string, 'lr' | 'ap' | 'si'> = { R: 'lr', L: 'lr', A: 'ap', P: 'ap', S: 'si', I: 'si' };
const PLANE_OF_NORMAL = { si: 'axial', ap: 'coronal', lr: 'sagittal' } as const;

/** The plane whose normal is a voxel axis: the line a view draws for it in the orthogonal layout. */
export function planeNormalTo(v: VoxelAxis): Axis {
  return v === 'x' ? 'yz' : v === 'y' ? 'xz' : 'xy';
}

/**
 * The screen directions of each anatomical plane, as letters the screen's right and bottom edges lie
 * towards. Radiological: the patient's left on the right of the screen, and the sagittal view seen
 * from the patient's left (anterior on the left); neurological: both mirrored.
 */
function screenDirections(plane: AnatomicalPlane, c: Convention): { right: string; down: string } {
  const radio = c === 'radiological';
  if (plane === 'sagittal') return { right: radio ? 'P' : 'A', down: 'I' };
  return { right: radio ? 'L' : 'R', down: plane === 'axial' ? 'P' : 'I' };
}

export function storageFrame(labels: Record<Axis, EdgeLabels> | null = null, convention: Convention = 'radiological'): ViewFrame {
  const view = (axis: Axis): PlaneDisplay => ({
    axis, plane: null,
    right: { voxel: STORAGE[axis].col, increasing: true },
    down: { voxel: STORAGE[axis].row, increasing: true },
  });
  return {
    anatomical: false, oblique: false, convention,
    views: { xy: view('xy'), xz: view('xz'), yz: view('yz') },
    grid: { main: 'xy', right: 'yz', below: 'xz' },
    order: ['xy', 'xz', 'yz'],
    labels,
  };
}

/**
 * The affine that places a volume in the world, or null. A NIfTI file with neither sform nor qform
 * (both codes 0) gets diag(pixdim) from the reader (NIfTI "method 1", affine_source 'pixdim') for its
 * coordinates, but it states no orientation: it is shown in storage order, like microscopy.
 */
export function worldAffine(meta: Pick<VolumeMeta, 'affine' | 'extra'>): number[][] | null {
  return meta.extra.affine_source === 'pixdim' ? null : meta.affine;
}

/**
 * The voxel a volume opens at: its centre for world data, as NiiVue, Slicer and FSLeyes do; for
 * microscopy the centre of the first slice, as Fiji opens a stack at slice 1 (napari opens at the
 * middle), which is also the first plane to arrive while it streams in.
 */
export function openingVoxel(meta: Pick<VolumeMeta, 'dims' | 'affine' | 'extra'>): { x: number; y: number; z: number } {
  const d = meta.dims;
  return { x: Math.floor(d.x / 2), y: Math.floor(d.y / 2), z: worldAffine(meta) ? Math.floor(d.z / 2) : 0 };
}

/**
 * The frame for a volume: storage order without an affine (or with one whose axes cannot all be
 * labelled), else anatomical planes in the chosen convention.
 */
export function viewFrame(affine: number[][] | null, convention: Convention): ViewFrame {
  if (!affine) return storageFrame(null, convention);
  const codes = axisCodes(affine);
  const code = (v: VoxelAxis): string => codes[VOXEL_AXES.indexOf(v)];
  if (codes.includes('?')) return storageFrame(edgeLabelsOf(storageFrame().views, code), convention);
  // Each world axis is taken by exactly one voxel axis (axisCodes assigns them without repeats).
  const voxelOf = (letter: string): ScreenAxis => {
    const voxel = VOXEL_AXES.find((v) => WORLD_AXIS[code(v)] === WORLD_AXIS[letter])!;
    return { voxel, increasing: code(voxel) === letter };
  };
  const display = (axis: Axis): PlaneDisplay => {
    const plane = PLANE_OF_NORMAL[WORLD_AXIS[code(STORAGE[axis].normal)]];
    const dir = screenDirections(plane, convention);
    return { axis, plane, right: voxelOf(dir.right), down: voxelOf(dir.down) };
  };
  const views = { xy: display('xy'), xz: display('xz'), yz: display('yz') };
  const byPlane = (p: AnatomicalPlane): Axis => (Object.keys(views) as Axis[]).find((a) => views[a].plane === p)!;
  const [axial, coronal, sagittal] = [byPlane('axial'), byPlane('coronal'), byPlane('sagittal')];
  return {
    anatomical: true, oblique: isOblique(affine), convention, views,
    // Coronal and sagittal share the superior-inferior rows; coronal and axial the left-right columns.
    grid: { main: coronal, right: sagittal, below: axial },
    order: [axial, coronal, sagittal],
    labels: edgeLabelsOf(views, code),
  };
}

function edgeLabelsOf(views: Record<Axis, PlaneDisplay>, code: (v: VoxelAxis) => string): Record<Axis, EdgeLabels> {
  // The letter a screen direction points to: the voxel axis' own letter if its index grows that way.
  const towards = (s: ScreenAxis): string => {
    const c = code(s.voxel);
    if (c === '?') return '';
    return s.increasing ? c : OPPOSITE[c];
  };
  const edges = (v: PlaneDisplay): EdgeLabels => {
    const right = towards(v.right);
    const bottom = towards(v.down);
    return { left: OPPOSITE[right] ?? '', right, top: OPPOSITE[bottom] ?? '', bottom };
  };
  return { xy: edges(views.xy), xz: edges(views.xz), yz: edges(views.yz) };
}

/**
 * True when a voxel axis is not parallel to a world axis: some column of the affine has a component
 * off its dominant axis. The bound (1e-4 of the column's length, 0.006°) is far above float32
 * rounding and far below any real tilt.
 */
export function isOblique(affine: number[][]): boolean {
  for (let j = 0; j < 3; j++) {
    const col = [affine[0][j], affine[1][j], affine[2][j]].map(Math.abs);
    const n = Math.hypot(col[0], col[1], col[2]);
    if (!(n > 0)) continue;
    const off = Math.hypot(...col.filter((_, i) => i !== col.indexOf(Math.max(...col))));
    if (off / n > 1e-4) return true;
  }
  return false;
}

/** The storage plane's column axis and row axis, for turning its pixels onto the screen. */
export function storageAxes(axis: Axis): { col: VoxelAxis; row: VoxelAxis } {
  return STORAGE[axis];
}
