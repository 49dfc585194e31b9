#!/usr/bin/python3
"""Small reference results for the neighbourhood filters: test/fixtures/filters/{index.json,cases.bin}.

Run with Debian's python3 (numpy, scipy, scikit-image): /usr/bin/python3 scripts/gen-filter-fixtures.py
The outputs are committed; the unit tests (test/unit/filters/fixtures.test.ts) need nothing but them.

Every input dtype (uint8..int64, float32/64), a 2D image (z = 1), plane-by-plane filtering of a volume
(axes x, y), even window sizes, windows larger than an axis, ball and disk footprints and constant-mode
fills. Linear filters come from scipy.ndimage in float64; order statistics (median, minimum, maximum,
top-hats) from explicit windows over numpy's padding, exact in the input's own type (scipy's rank filters
go through double, which rounds 64-bit integers), and checked against scipy where scipy is exact.
"""
import json
import os
import sys

import numpy as np
import scipy
import scipy.ndimage as ndi
import skimage
import skimage.morphology as morph
from numpy.lib.stride_tricks import sliding_window_view

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'filters')
PAD = {'reflect': 'symmetric', 'mirror': 'reflect', 'nearest': 'edge', 'wrap': 'wrap', 'constant': 'constant'}
rng = np.random.default_rng(20240611)

DTYPES = ['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'uint64', 'int64', 'float32', 'float64']


def make_input(dtype, shape):
    """Values over the type's whole range (64-bit ones past 2^53), floats with repeats and negatives."""
    n = int(np.prod(shape))
    if dtype.startswith('float'):
        v = rng.normal(0, 100, n).round(1)
        v[rng.integers(0, n, n // 10)] = 12.5  # ties for the order statistics
        return v.astype(dtype).reshape(shape)
    info = np.iinfo(dtype)
    v = rng.integers(info.min, info.max, n, dtype=dtype, endpoint=True)
    v[: 4] = [info.min, info.max, info.min + 1, info.max - 1]
    return v.reshape(shape)


def cast_cval(cval, dtype):
    """The fill value in the input's type, as app/filters converts it (toward zero, saturating)."""
    if np.dtype(dtype).kind == 'f':
        return np.array(cval, dtype=dtype)
    info = np.iinfo(dtype)
    return np.array(min(max(int(np.trunc(cval)), info.min), info.max), dtype=dtype)


def windows(v, win, mode, cval):
    """Sliding windows over v padded by the mode: win is ((lo, hi) per axis z, y, x)."""
    pad = [(-lo, hi) for lo, hi in win]
    kw = {'constant_values': cast_cval(cval, v.dtype)} if mode == 'constant' else {}
    p = np.pad(v, pad, mode=PAD[mode], **kw)
    return sliding_window_view(p, [hi - lo + 1 for lo, hi in win])


def box(size):
    return (-(size // 2), size - size // 2 - 1)


def order_box(v, sizes, mode, cval, how, mirror=False):
    win = [box(s) for s in sizes]
    if mirror:
        win = [(-hi, -lo) for lo, hi in win]
    w = windows(v, win, mode, cval).reshape(v.shape + (-1,))
    if how == 'min':
        return w.min(axis=-1)
    if how == 'max':
        return w.max(axis=-1)
    return np.sort(w, axis=-1)[..., w.shape[-1] // 2]


def ball(radii):
    assert len(set(radii)) == 1, 'ball fixtures use one radius'
    return morph.ball(radii[0]).astype(bool)


def order_foot(v, fp, mode, cval, how):
    win = [(-(n // 2), n // 2) for n in fp.shape]
    w = windows(v, win, mode, cval)[..., fp]
    return w.min(axis=-1) if how == 'min' else w.max(axis=-1)


def tophat(v, sizes, mode, cval, kind, footprint):
    """white = v - dilate(erode(v)), black = erode(dilate(v)) - v, each step padding its own input."""
    first, second = ('min', 'max') if kind == 'white' else ('max', 'min')
    if footprint == 'cube':
        a = order_box(v, sizes, mode, cval, first, mirror=first == 'max')
        b = order_box(a, sizes, mode, cval, second, mirror=second == 'max')
    else:
        fp = ball([s // 2 for s in sizes])
        a = order_foot(v, fp, mode, cval, first)
        b = order_foot(a, fp, mode, cval, second)
    with np.errstate(over='ignore'):
        return np.subtract(v, b) if kind == 'white' else np.subtract(b, v)


def variance(v, sizes, mode, cval, root):
    w = windows(v.astype(np.float64), [box(s) for s in sizes], mode, cval).reshape(v.shape + (-1,))
    r = w.var(axis=-1)
    return np.sqrt(r) if root else r


def sobel_mag(f, axes, mode, cval):
    return np.sqrt(sum(ndi.sobel(f, a, mode=mode, cval=cval) ** 2 for a in axes))


def laplace(f, axes, mode, cval):
    out = np.zeros_like(f)
    for a in axes:
        out += ndi.correlate1d(f, [1, -2, 1], a, mode=mode, cval=cval)
    return out


def reference(op, v, p):
    """Our op with params p (x, y, z order) on v (z, y, x), as scipy / numpy compute it."""
    mode, cval = p.get('mode', 'reflect'), p.get('cval', 0.0)
    nz = v.shape[0]
    axes = p.get('axes', ['x', 'y', 'z'] if nz > 1 else ['x', 'y'])
    if nz == 1 or 'z' not in axes:  # scipy on each 2D plane
        assert 'x' in axes and 'y' in axes
        q = dict(p, axes=['x', 'y'])
        return np.stack([reference2d(op, v[z], q) for z in range(nz)])
    return reference3d(op, v, p, mode, cval)


def zyx(value):
    return list(value[::-1]) if isinstance(value, list) else [value] * 3


def reference3d(op, v, p, mode, cval):
    f = v.astype(np.float64)
    if op == 'gaussian':
        return ndi.gaussian_filter(f, zyx(p['sigma']), mode=mode, cval=cval, truncate=p.get('truncate', 4.0))
    if op == 'dog':
        s1 = zyx(p['sigma1'])
        s2 = zyx(p['sigma2']) if 'sigma2' in p else [1.6 * s for s in s1]
        t = p.get('truncate', 4.0)
        return ndi.gaussian_filter(f, s1, mode=mode, cval=cval, truncate=t) - ndi.gaussian_filter(f, s2, mode=mode, cval=cval, truncate=t)
    if op == 'uniform':
        return ndi.uniform_filter(f, zyx(p.get('size', 3)), mode=mode, cval=cval)
    if op in ('variance', 'std'):
        return variance(v, zyx(p['size']), mode, cval, op == 'std')
    if op == 'sobel':
        if p.get('axis', 'x') == 'magnitude':
            return sobel_mag(f, [0, 1, 2], mode, cval)
        return ndi.sobel(f, 'zyx'.index(p.get('axis', 'x')), mode=mode, cval=cval)
    if op == 'laplace':
        return ndi.laplace(f, mode=mode, cval=cval)
    if op in ('median', 'minimum', 'maximum'):
        return order_box(v, zyx(p['size']), mode, cval, {'median': 'median', 'minimum': 'min', 'maximum': 'max'}[op])
    if op in ('white_tophat', 'black_tophat'):
        return tophat(v, zyx(p['size']), mode, cval, op.split('_')[0], p.get('footprint', 'cube'))
    raise ValueError(op)


def reference2d(op, plane, p):
    v = plane[None]
    q = dict(p)
    q.pop('axes')
    mode, cval = p.get('mode', 'reflect'), p.get('cval', 0.0)
    f = plane.astype(np.float64)
    yx = lambda value: zyx(value)[1:]
    if op == 'gaussian':
        return ndi.gaussian_filter(f, yx(p['sigma']), mode=mode, cval=cval, truncate=p.get('truncate', 4.0))
    if op == 'dog':
        s1 = yx(p['sigma1'])
        s2 = yx(p['sigma2']) if 'sigma2' in p else [1.6 * s for s in s1]
        t = p.get('truncate', 4.0)
        return ndi.gaussian_filter(f, s1, mode=mode, cval=cval, truncate=t) - ndi.gaussian_filter(f, s2, mode=mode, cval=cval, truncate=t)
    if op == 'uniform':
        return ndi.uniform_filter(f, yx(p.get('size', 3)), mode=mode, cval=cval)
    if op == 'sobel':
        if p.get('axis', 'x') == 'magnitude':
            return sobel_mag(f, [0, 1], mode, cval)
        return ndi.sobel(f, 'yx'.index(p.get('axis', 'x')), mode=mode, cval=cval)
    if op == 'laplace':
        return ndi.laplace(f, mode=mode, cval=cval)
    # Order statistics and variance: the 3D references with a window of 1 along z.
    sizes = yx(p['size'])
    if op in ('variance', 'std'):
        return variance(v, [1] + sizes, mode, cval, op == 'std')[0]
    if op in ('median', 'minimum', 'maximum'):
        return order_box(v, [1] + sizes, mode, cval, {'median': 'median', 'minimum': 'min', 'maximum': 'max'}[op])[0]
    if op in ('white_tophat', 'black_tophat'):
        kind = op.split('_')[0]
        if p.get('footprint', 'cube') == 'cube':
            return tophat(v, [1] + sizes, mode, cval, kind, 'cube')[0]
        fp = morph.disk(sizes[0] // 2).astype(bool)[None]
        first, second = ('min', 'max') if kind == 'white' else ('max', 'min')
        a = order_foot(v, fp, mode, cval, first)
        b = order_foot(a, fp, mode, cval, second)
        with np.errstate(over='ignore'):
            return (np.subtract(v, b) if kind == 'white' else np.subtract(b, v))[0]
    raise ValueError(op)


ORDER_OPS = {'median', 'minimum', 'maximum', 'white_tophat', 'black_tophat'}


def out_dtype(op, dtype):
    if op in ORDER_OPS:
        return dtype
    return 'float64' if dtype == 'float64' else 'float32'


def check_against_scipy():
    """The explicit order-statistic references agree with scipy where scipy is exact (float64, int16)."""
    for dtype in ('float64', 'int16'):
        v = make_input(dtype, (5, 6, 7))
        for mode in PAD:
            for sizes in ([3, 3, 3], [4, 2, 3], [1, 5, 2]):
                s = sizes[::-1]
                assert np.array_equal(order_box(v, s, mode, 2.0, 'median'), ndi.median_filter(v, s, mode=mode, cval=2.0)), (mode, sizes)
                assert np.array_equal(order_box(v, s, mode, 2.0, 'min'), ndi.minimum_filter(v, s, mode=mode, cval=2.0)), (mode, sizes)
                assert np.array_equal(order_box(v, s, mode, 2.0, 'max'), ndi.maximum_filter(v, s, mode=mode, cval=2.0)), (mode, sizes)
                with np.errstate(over='ignore'):
                    assert np.array_equal(tophat(v, s, mode, 2.0, 'white', 'cube'), ndi.white_tophat(v, s, mode=mode, cval=2.0)), (mode, sizes)
                    assert np.array_equal(tophat(v, s, mode, 2.0, 'black', 'cube'), ndi.black_tophat(v, s, mode=mode, cval=2.0)), (mode, sizes)
            fp = morph.ball(1).astype(bool)
            with np.errstate(over='ignore'):
                assert np.array_equal(tophat(v, [3, 3, 3], mode, 2.0, 'white', 'ball'), ndi.white_tophat(v, footprint=fp, mode=mode, cval=2.0)), mode
            a = v.astype(np.float64)
            assert np.allclose(variance(v, [3, 3, 3], mode, 2.0, False), ndi.generic_filter(a, np.var, size=3, mode=mode, cval=2.0))


def cases():
    """(input name, op, params) triples."""
    per_dtype = [
        ('gaussian', {'sigma': [1.5, 1.0, 0.7]}),
        ('uniform', {'size': 3}),
        ('median', {'size': 3}),
        ('minimum', {'size': 3}),
        ('maximum', {'size': 3}),
        ('variance', {'size': 3}),
        ('std', {'size': [3, 2, 3]}),
        ('sobel', {'axis': 'magnitude'}),
        ('sobel', {'axis': 'y'}),
        ('laplace', {}),
        ('dog', {'sigma1': 1.0}),
        ('white_tophat', {'size': 3}),
        ('black_tophat', {'size': 3, 'footprint': 'ball'}),
        ('median', {'size': 3, 'mode': 'constant', 'cval': 7.5}),
        ('white_tophat', {'size': 3, 'mode': 'wrap'}),
    ]
    out = [(f'vol_{d}', op, p) for d in DTYPES for op, p in per_dtype]
    f = 'vol_float32'
    modes = list(PAD)
    for mode in modes:
        m = {'mode': mode, 'cval': -3.5} if mode == 'constant' else {'mode': mode}
        out += [
            (f, 'uniform', {'size': 4, **m}),
            (f, 'uniform', {'size': [9, 1, 2], **m}),  # 9 > the 6 voxels along x
            (f, 'gaussian', {'sigma': 3.0, 'truncate': 2.0, **m}),  # radius 6 > every axis
            (f, 'median', {'size': 4, **m}),
            (f, 'median', {'size': [5, 3, 2], **m}),
            (f, 'median', {'size': [3, 3, 1], **m}),
            (f, 'median', {'size': [3, 1, 3], **m}),
            (f, 'minimum', {'size': [4, 2, 3], **m}),
            (f, 'maximum', {'size': 2, **m}),
            (f, 'variance', {'size': [4, 3, 2], **m}),
            (f, 'white_tophat', {'size': 4, **m}),
            (f, 'black_tophat', {'size': [4, 3, 2], **m}),
            (f, 'white_tophat', {'size': 5, 'footprint': 'ball', **m}),
            (f, 'black_tophat', {'size': 3, 'footprint': 'ball', **m}),
            (f, 'sobel', {'axis': 'z', **m}),
            (f, 'laplace', m),
            (f, 'dog', {'sigma1': [1.0, 0.5, 0.8], 'sigma2': [2.0, 1.5, 0.8], **m}),
        ]
    # A 2D image (z = 1): scipy on the 2D array.
    for m in ({'mode': 'reflect'}, {'mode': 'constant', 'cval': 1.5}, {'mode': 'wrap'}):
        for op, p in [
            ('gaussian', {'sigma': 1.2}), ('uniform', {'size': 3}), ('median', {'size': 3}), ('median', {'size': 4}),
            ('minimum', {'size': 3}), ('maximum', {'size': [2, 3, 1]}), ('variance', {'size': 3}), ('std', {'size': 3}),
            ('sobel', {'axis': 'magnitude'}), ('sobel', {'axis': 'y'}), ('sobel', {'axis': 'x'}), ('laplace', {}),
            ('dog', {'sigma1': 0.8, 'sigma2': 1.6}), ('white_tophat', {'size': 3}), ('black_tophat', {'size': 5, 'footprint': 'ball'}),
        ]:
            out.append(('plane_float32', op, {**p, **m}))
        out.append(('plane_uint16', 'median', {'size': 3, **m}))
        out.append(('plane_int8', 'white_tophat', {'size': 3, 'footprint': 'ball', **m}))
    # Axes of length 1 (mirror repeats the one sample), in every mode.
    for mode in modes:
        m = {'mode': mode, 'cval': 6.5} if mode == 'constant' else {'mode': mode}
        for op, p in [('uniform', {'size': 3}), ('median', {'size': 3}), ('gaussian', {'sigma': 1.0}), ('sobel', {'axis': 'magnitude'}),
                      ('laplace', {}), ('white_tophat', {'size': 3, 'footprint': 'ball'}), ('variance', {'size': 3})]:
            out.append(('thin_float32', op, {**p, **m}))
        out.append(('line_uint8', 'median', {'size': 3, **m}))
        out.append(('line_uint8', 'minimum', {'size': [3, 3, 1], **m}))
    # A volume filtered plane by plane (axes x, y): scipy on each plane.
    for op, p in [
        ('gaussian', {'sigma': [1.0, 2.0, 5.0]}), ('median', {'size': 3}), ('median', {'size': [2, 3, 9]}), ('sobel', {'axis': 'magnitude'}),
        ('laplace', {}), ('uniform', {'size': 3}), ('white_tophat', {'size': 3, 'footprint': 'ball'}), ('variance', {'size': 3}),
    ]:
        out.append((f, op, {**p, 'axes': ['x', 'y'], 'mode': 'mirror'}))
    return out


def main():
    check_against_scipy()
    shape3, shape2 = (4, 5, 6), (1, 8, 9)  # z, y, x
    inputs = {f'vol_{d}': make_input(d, shape3) for d in DTYPES}
    inputs['plane_float32'] = make_input('float32', shape2)
    inputs['plane_uint16'] = make_input('uint16', shape2)
    inputs['plane_int8'] = make_input('int8', shape2)
    inputs['thin_float32'] = make_input('float32', (4, 1, 6))
    inputs['line_uint8'] = make_input('uint8', (1, 1, 7))
    blob = bytearray()
    index = {
        'generator': 'scripts/gen-filter-fixtures.py',
        'versions': {'python': sys.version.split()[0], 'numpy': np.__version__, 'scipy': scipy.__version__, 'skimage': skimage.__version__},
        'layout': 'little-endian arrays in cases.bin, x fastest (numpy C order of shape z, y, x); params as app/filters takes them (x, y, z)',
        'tolerance': 'order statistics exact; others |ours - ref| <= rtol * |ref| + rtol * scale, rtol 1e-5 (float32 output) or 1e-12 (float64), scale max|ref| for variance, else 16 * max|input|',
        'inputs': {},
        'cases': [],
    }

    def put(a):
        a = np.ascontiguousarray(a).astype(a.dtype.newbyteorder('<'))
        at = len(blob)
        blob.extend(a.tobytes())
        blob.extend(b'\0' * (-len(blob) % 8))
        return at, a.nbytes

    for name, v in inputs.items():
        at, nbytes = put(v)
        index['inputs'][name] = {'dtype': str(v.dtype), 'dims': {'x': v.shape[2], 'y': v.shape[1], 'z': v.shape[0]}, 'offset': at, 'bytes': nbytes}
    for name, op, p in cases():
        v = inputs[name]
        dt = out_dtype(op, str(v.dtype))
        ref = reference(op, v, p)
        ref = ref.astype(dt)
        at, nbytes = put(ref)
        index['cases'].append({'input': name, 'op': op, 'params': p, 'dtype': dt, 'exact': op in ORDER_OPS, 'offset': at, 'bytes': nbytes})
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, 'cases.bin'), 'wb') as fh:
        fh.write(blob)
    with open(os.path.join(OUT, 'index.json'), 'w') as fh:
        # One case per line: small, and a regenerated file diffs case by case.
        rows = index.pop('cases')
        head = json.dumps(index, indent=1)[:-2]
        fh.write(head + ',\n "cases": [\n' + ',\n'.join('  ' + json.dumps(c) for c in rows) + '\n ]\n}\n')
    print(f'{len(rows)} cases, {len(blob)} bytes')


if __name__ == '__main__':
    main()
