import type { FilterRegistry } from '../filters/types.js';
import { resolveSteps } from '../jobs/pipeline-steps.js';
import type { PipelineStep } from '../filters/pipeline.js';
import type { Recipe } from './recipe.js';

/**
 * A recipe as a Python script that does the same with scipy.ndimage and scikit-image, for users who
 * continue in Python (`voxelscope recipe python`). Each enabled step becomes one call of a small helper
 * that states Voxelscope's conventions in Python: parameters in z, y, x order (numpy's), the axes
 * filtered (x and y, and z when there is more than one plane), the output types of DESIGN.md, and every
 * channel and time point filtered on its own. A test runs the script with Debian's python3 and compares
 * its output with `voxelscope filter` chained (test/unit/recipe/python.test.ts).
 */

/** The helpers, by op; each defined only when a step uses it. */
const HELPERS: Record<string, string> = {
  gaussian: `
def gaussian(v, sigma, truncate, mode, cval, axes=None):
    on = _axes(v, axes)
    r = ndi.gaussian_filter(v.astype(np.float64), _only(sigma, on, 0), mode=mode, cval=cval, truncate=truncate)
    return r.astype(_float(v))
`,
  dog: `
def dog(v, sigma1, sigma2, truncate, mode, cval, axes=None):
    """Difference of gaussians (skimage.filters.difference_of_gaussians without its rescaling)."""
    on = _axes(v, axes)
    f = v.astype(np.float64)
    a = ndi.gaussian_filter(f, _only(sigma1, on, 0), mode=mode, cval=cval, truncate=truncate)
    b = ndi.gaussian_filter(f, _only(sigma2, on, 0), mode=mode, cval=cval, truncate=truncate)
    return (a - b).astype(_float(v))
`,
  uniform: `
def uniform(v, size, mode, cval, axes=None):
    r = ndi.uniform_filter(v.astype(np.float64), _only(size, _axes(v, axes), 1), mode=mode, cval=cval)
    return r.astype(_float(v))
`,
  median: `
def median(v, size, mode, cval, axes=None):
    return ndi.median_filter(v, _only(size, _axes(v, axes), 1), mode=mode, cval=cval)
`,
  minimum: `
def minimum(v, size, mode, cval, axes=None):
    return ndi.minimum_filter(v, _only(size, _axes(v, axes), 1), mode=mode, cval=cval)
`,
  maximum: `
def maximum(v, size, mode, cval, axes=None):
    return ndi.maximum_filter(v, _only(size, _axes(v, axes), 1), mode=mode, cval=cval)
`,
  variance: `
def variance(v, size, mode, cval, axes=None):
    """The variance over each window: mean(x^2) - mean(x)^2, centred on the volume's mean to keep precision."""
    s = _only(size, _axes(v, axes), 1)
    f = v.astype(np.float64)
    m = f.mean() if f.size else 0.0
    f = f - m
    c = cval - m
    r = ndi.uniform_filter(f * f, s, mode=mode, cval=c * c) - ndi.uniform_filter(f, s, mode=mode, cval=c) ** 2
    return np.maximum(r, 0).astype(_float(v))
`,
  std: `
def std(v, size, mode, cval, axes=None):
    return np.sqrt(variance(v, size, mode, cval, axes).astype(np.float64)).astype(_float(v))
`,
  sobel: `
def _derivative(f, d, on, mode, cval):
    """scipy.ndimage.sobel along axis d (0 z, 1 y, 2 x), smoothed along the other filtered axes only."""
    r = ndi.correlate1d(f, [-1, 0, 1], d, mode=mode, cval=cval)
    for o in range(3):
        if o != d and on[o]:
            r = ndi.correlate1d(r, [1, 2, 1], o, mode=mode, cval=cval)
    return r


def sobel(v, axis, mode, cval, axes=None):
    on = _axes(v, axes)
    f = v.astype(np.float64)
    if axis == 'magnitude':
        r = np.sqrt(sum(_derivative(f, d, on, mode, cval) ** 2 for d in range(3) if on[d]))
    else:
        r = _derivative(f, 'zyx'.index(axis), on, mode, cval)
    return r.astype(_float(v))
`,
  laplace: `
def laplace(v, mode, cval, axes=None):
    on = _axes(v, axes)
    f = v.astype(np.float64)
    r = np.zeros_like(f)
    for d in range(3):
        if on[d]:
            r += ndi.correlate1d(f, [1, -2, 1], d, mode=mode, cval=cval)
    return r.astype(_float(v))
`,
  white_tophat: `
def white_tophat(v, size, footprint, mode, cval, axes=None):
    return ndi.white_tophat(v, mode=mode, cval=cval, **_window(v, size, footprint, axes))
`,
  black_tophat: `
def black_tophat(v, size, footprint, mode, cval, axes=None):
    return ndi.black_tophat(v, mode=mode, cval=cval, **_window(v, size, footprint, axes))
`,
  threshold: `
def threshold(v, method):
    """skimage.filters.threshold_<method> over the whole volume; foreground is v > t (a 0/1 uint8 mask)."""
    import skimage.filters
    t = getattr(skimage.filters, 'threshold_' + method)(v)
    return (v > t).astype(np.uint8)
`,
  label: `
def label(v, connectivity):
    """scipy.ndimage.label: 6, 18 or 26 neighbours (rank 1, 2 or 3 of generate_binary_structure); int32 labels."""
    structure = ndi.generate_binary_structure(3, {6: 1, 18: 2, 26: 3}[connectivity])
    labels, _count = ndi.label(v, structure=structure, output=np.int32)
    return labels
`,
};

/** Helpers the top-hats need beside their own. */
const WINDOW_HELPER = `
def _window(v, size, footprint, axes):
    """A size for the cube, or skimage.morphology.ball / disk as a footprint (the ellipsoid for radii that differ)."""
    on = _axes(v, axes)
    if footprint == 'cube':
        return {'size': _only(size, on, 1)}
    r = [s // 2 if f else 0 for s, f in zip(size, on)]
    r2 = [k * k if k > 0 else 1 for k in r]
    big = r2[0] * r2[1] * r2[2]
    dz, dy, dx = np.ogrid[-r[0]:r[0] + 1, -r[1]:r[1] + 1, -r[2]:r[2] + 1]
    inside = dz * dz * (big // r2[0]) + dy * dy * (big // r2[1]) + dx * dx * (big // r2[2]) <= big
    return {'footprint': inside}
`;

const PRELUDE = `
import sys

import numpy as np
import scipy.ndimage as ndi


def read(path):
    """The stored voxels of a .npy, .tif/.tiff (tifffile) or .nii/.nii.gz (nibabel) file as (t, c, z, y, x)."""
    low = path.lower()
    if low.endswith('.npy'):
        a = np.load(path)
        if a.ndim == 2:
            return a[None, None, None]
        if a.ndim == 3:
            return a[None, None]
        if a.ndim == 5:
            return a
        sys.exit(f'{path}: a .npy of shape {a.shape}: expected (y, x), (z, y, x) or (t, c, z, y, x)')
    if low.endswith(('.tif', '.tiff')):
        import tifffile
        with tifffile.TiffFile(path) as tif:
            series = tif.series[0]
            a, axes = series.asarray(), series.axes
        names = {'T': 't', 'C': 'c', 'S': 'c', 'Z': 'z', 'Q': 'z', 'I': 'z', 'Y': 'y', 'X': 'x'}
        for i, ax in enumerate(axes):
            if ax not in names:
                sys.exit(f'{path}: axis {ax} of {axes} is not one of TCZYX')
        order = [names[ax] for ax in axes]
        for ax in 'tczyx':
            if ax not in order:
                a, order = a[None], [ax] + order
        if len(order) != 5:
            sys.exit(f'{path}: axes {axes} name one axis twice')
        return np.transpose(a, [order.index(ax) for ax in 'tczyx'])
    if low.endswith(('.nii', '.nii.gz')):
        import nibabel
        # The stored values, as Voxelscope filters them (an intensity scaling is not applied).
        a = np.asanyarray(nibabel.load(path).dataobj.get_unscaled())
        a = a.reshape(a.shape[:4] + (1,) * (4 - a.ndim))  # x, y, z, t
        return np.transpose(a, (3, 2, 1, 0))[:, None]
    sys.exit(f'{path}: expected a .npy, .tif, .tiff, .nii or .nii.gz file')


def write(path, a):
    """(z, y, x) for one channel and time point, else (t, c, z, y, x), as voxelscope writes .npy."""
    np.save(path, a[0, 0] if a.shape[0] == 1 and a.shape[1] == 1 else a)


def _axes(v, axes):
    """Which of z, y, x are filtered: x and y, and z when the volume has more than one plane."""
    if axes is None:
        axes = 'xyz' if v.shape[0] > 1 else 'xy'
    return [a in axes for a in 'zyx']


def _only(values, on, off):
    return tuple(x if f else off for x, f in zip(values, on))


def _float(v):
    """The output type of the linear filters: float32, float64 for float64 input."""
    return np.float64 if v.dtype == np.float64 else np.float32
`;

const MAIN = `

def main(argv):
    if len(argv) != 3 or not argv[2].lower().endswith('.npy'):
        sys.exit(f'usage: {argv[0]} INPUT OUTPUT.npy')
    a = read(argv[1])
    out = np.stack([np.stack([pipeline(a[t, c]) for c in range(a.shape[1])]) for t in range(a.shape[0])])
    write(argv[2], out)


if __name__ == '__main__':
    main(sys.argv)
`;

/** A JSON-ish value as Python source. */
function py(v: unknown): string {
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? `${v}` : `${v}`;
  if (Array.isArray(v)) return `(${v.map(py).join(', ')}${v.length === 1 ? ',' : ''})`;
  if (v === null || v === undefined) return 'None';
  throw new Error(`cannot write ${typeof v} as Python`);
}

/** Float parameters keep a decimal point, so Python sees floats where scipy expects them. */
const asFloat = (n: number): string => (Number.isInteger(n) ? `${n}.0` : `${n}`);

/** One step's call: per-axis values turned to z, y, x; every parameter spelled out, defaults included. */
function call(op: string, params: Record<string, unknown>): string {
  const args: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (k === 'axes') {
      args.push(`axes='${(v as string[]).join('')}'`);
      continue;
    }
    if (Array.isArray(v) && v.length === 3 && v.every((n) => typeof n === 'number')) {
      const zyx = [...(v as number[])].reverse();
      args.push(`${k}=(${zyx.map((n) => (k === 'size' ? String(n) : asFloat(n))).join(', ')})`);
    } else if (typeof v === 'number' && (k === 'cval' || k === 'truncate')) {
      args.push(`${k}=${asFloat(v)}`);
    } else {
      args.push(`${k}=${py(v)}`);
    }
  }
  return `${op}(v, ${args.join(', ')})`;
}

/** dog's sigma2 as the op computes it when the recipe leaves it out (1.6 * sigma1). */
function withDefaults(op: string, params: Record<string, unknown>): Record<string, unknown> {
  if (op !== 'dog' || params.sigma2 !== undefined) return params;
  const { sigma1, ...rest } = params as { sigma1: number[] };
  return { sigma1, sigma2: sigma1.map((s) => 1.6 * s), ...rest };
}

export interface PythonOptions {
  /** Named in the script's header: the recipe's file name. */
  source: string;
  /** The app that wrote it: "voxelscope 0.1.0 (commit abc1234)". */
  generator: string;
}

export function recipePython(recipe: Recipe, ops: FilterRegistry, o: PythonOptions): string {
  const enabled = (recipe.steps as PipelineStep[]).map((s, i) => ({ s, i })).filter(({ s }) => s.enabled !== false);
  const resolved = resolveSteps(enabled.map(({ s }) => s), ops);
  const used = [...new Set(resolved.map((r) => r.name))];
  const helpers = used.map((op) => {
    const h = HELPERS[op];
    if (!h) throw new Error(`${o.source}: no Python equivalent for op '${op}'`);
    return h;
  });
  if (used.some((op) => op.endsWith('_tophat'))) helpers.unshift(WINDOW_HELPER);
  const lines = resolved.map((r, k) => `    v = ${call(r.name, withDefaults(r.name, r.params as Record<string, unknown>))}  # step ${enabled[k]!.i + 1}`);
  const skipped = recipe.steps.length - enabled.length;
  const header = [
    '#!/usr/bin/python3',
    `"""${o.source} as Python: the recipe's steps with scipy.ndimage and scikit-image, as Voxelscope runs them.`,
    '',
    `Written by ${o.generator}. Usage: python3 ${'SCRIPT.py'} INPUT OUTPUT.npy`,
    'INPUT: .npy, .tif/.tiff (tifffile) or .nii/.nii.gz (nibabel); every channel and time point is filtered on its own.',
    'Parameters are in voxels, per-axis values in numpy\'s z, y, x order.',
    ...(recipe.description ? ['', `Recipe: ${recipe.description.replace(/"""/g, "'''")}`] : []),
    ...(skipped ? ['', `${skipped} step(s) switched off in the recipe are left out.`] : []),
    '"""',
  ];
  const pipeline = [
    '',
    '',
    'def pipeline(v):',
    '    """The recipe\'s enabled steps on one volume v of shape (z, y, x)."""',
    ...lines,
    '    return v',
  ];
  return [...header, PRELUDE, ...helpers, ...pipeline, MAIN].join('\n').replace(/\n{3,}(?=def |if __name__)/g, '\n\n\n').replace(/\n*$/, '\n');
}
