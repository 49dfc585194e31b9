import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { tiffWriter } from '../../../app/formats/tiff-writer/index.js';
import type { Dims, VolumeMeta } from '../../../app/model/volume.js';
import { havePythonModule, timePython } from './python-ref.js';

/** Stack sizes, x fastest. */
export interface Size { x: number; y: number; z: number }

export type InputKind = 'tiff' | 'tiff-deflate' | 'tiff-zstd' | 'nifti-gz';

/**
 * Microscopy-like test data: a slowly varying background, a few dozen Gaussian "cells" and a little
 * camera noise. Constant data would make deflate look unrealistically good, random data unrealistically
 * bad; this compresses about as real stacks do. The blobs are separable, so each plane is a few outer
 * products and only blobs near the plane are evaluated (256 MB is made in seconds).
 */
const GENERATE = `
import numpy as np
def volume(Z, Y, X, dtype, hi):
    rng = np.random.default_rng(7)
    x = np.arange(X, dtype=np.float32); y = np.arange(Y, dtype=np.float32)
    n = 48
    cz, cy, cx = rng.uniform(0, Z, n), rng.uniform(0, Y, n), rng.uniform(0, X, n)
    r = rng.uniform(max(X, Y) / 60, max(X, Y) / 12, n).astype(np.float32)
    gx = [np.exp(-(x - cx[i]) ** 2 / (2 * r[i] ** 2)) for i in range(n)]
    gy = [np.exp(-(y - cy[i]) ** 2 / (2 * r[i] ** 2)) for i in range(n)]
    out = np.empty((Z, Y, X), dtype)
    for z in range(Z):
        f = 300 + 200 * np.outer(np.cos(y / 43), np.sin(x / 57 + z / 71))
        for i in range(n):
            w = 3000 * np.exp(-(z - cz[i]) ** 2 / (2 * r[i] ** 2))
            if w > 1: f += w * np.outer(gy[i], gx[i])
        f += rng.standard_normal((Y, X), dtype=np.float32) * 8
        out[z] = np.clip(f, 0, hi)
    return out
`;

const WRITE: Record<InputKind, { module: string; imports: string; code: string }> = {
  // One uncompressed page per plane (tifffile's default layout for a 3D array).
  tiff: { module: 'tifffile', imports: 'import tifffile', code: 'tifffile.imwrite(p, volume(Z, Y, X, np.uint16, 65535))' },
  // 64 KB strips (rowsperstrip chunks), as microscopes and Fiji write compressed stacks.
  'tiff-deflate': {
    module: 'tifffile',
    imports: 'import tifffile',
    code: "tifffile.imwrite(p, volume(Z, Y, X, np.uint16, 65535), compression='zlib', rowsperstrip=max(1, 32768 // X))",
  },
  // zstd with horizontal differencing, 64 KB strips, compressed by libtiff (tifffile needs imagecodecs).
  'tiff-zstd': {
    module: 'tifffile',
    imports: 'import os, subprocess, tifffile',
    code: "tifffile.imwrite(p + '.src.tif', volume(Z, Y, X, np.uint16, 65535))\n"
      + "subprocess.run(['tiffcp', '-c', 'zstd:2', '-r', str(max(1, 32768 // X)), p + '.src.tif', p], check=True)\n"
      + "os.remove(p + '.src.tif')",
  },
  // nibabel takes (x, y, z) and writes Fortran order: the transposed view is our C-order block.
  'nifti-gz': { module: 'nibabel', imports: 'import nibabel as nib', code: 'nib.save(nib.Nifti1Image(volume(Z, Y, X, np.int16, 32767).transpose(2, 1, 0), np.eye(4)), p)' },
};

/** What making this input needs beyond our own TIFF writer, for the message when it cannot be made. */
export function inputNeeds(kind: InputKind): string {
  return kind === 'tiff-zstd' ? 'tifffile in the reference Python and libtiff-tools (tiffcp)' : `${WRITE[kind].module} in the reference Python`;
}

/** Can this input be made here (tifffile / nibabel in the reference Python, tiffcp, or our own TIFF writer)? */
export function canMake(kind: InputKind): boolean {
  if (kind === 'tiff') return true;
  if (kind === 'tiff-zstd' && spawnSync('tiffcp', [], { stdio: 'ignore' }).error) return false;
  return havePythonModule(`numpy, ${WRITE[kind].module}`);
}

/** Writes the input file at `path`, with the reference Python where it has the writer. */
export function makeInput(kind: InputKind, path: string, s: Size): void {
  const w = WRITE[kind];
  if (havePythonModule(`numpy, ${w.module}`)) {
    // timePython with 0 repeats runs the body once (its warm-up): here that is the write.
    const ok = timePython(`${w.imports}\n${GENERATE}`, `p, Z, Y, X = args[0], int(args[1]), int(args[2]), int(args[3])\n${w.code}`, [path, String(s.z), String(s.y), String(s.x)], 0);
    if (!ok) throw new Error(`could not write the ${kind} bench input with Python`);
    return;
  }
  if (kind !== 'tiff') throw new Error(`${w.module} is needed to write the ${kind} bench input`);
  writeOurTiff(path, { ...s, c: 1, t: 1 });
}

/**
 * A uint16 ImageJ hyperstack through our own TIFF writer (also the fallback without tifffile): the same
 * kind of data as above (smooth + noise, no blobs), different in every channel and time point.
 */
export function writeOurTiff(path: string, d: Dims): void {
  const a = new Uint16Array(d.x * d.y * d.z * d.c * d.t);
  let seed = 7;
  let i = 0;
  // Canonical order: x fastest, then y, z, c, t.
  for (let t = 0; t < d.t; t++) {
    for (let c = 0; c < d.c; c++) {
      for (let z = 0; z < d.z; z++) {
        for (let y = 0; y < d.y; y++) {
          for (let x = 0; x < d.x; x++, i++) {
            seed = (seed * 1103515245 + 12345) >>> 0;
            a[i] = 1000 + 800 * Math.cos(y / 43 + c) * Math.sin(x / 57 + z / 71 + t / 9) + ((seed >>> 16) & 15);
          }
        }
      }
    }
  }
  const meta: VolumeMeta = {
    format: 'tiff', dims: d, dtype: 'uint16', spacing: { x: 1, y: 1, z: 1, t: 1 }, unit: '', timeUnit: '',
    channels: Array.from({ length: d.c }, () => ({ name: '', wavelength: null })), scaling: null, affine: null, extra: {}, warnings: [],
  };
  const fd = openSync(path, 'w');
  try {
    for (const chunk of tiffWriter.encode(meta, new Uint8Array(a.buffer))) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}
