import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { niftiGzWriter } from '../app/formats/nifti/write';
import { npyWriter } from '../app/formats/npy/writer';
import { tiffWriter } from '../app/formats/tiff-writer/index';
import type { VolumeWriter } from '../app/formats/writer';
import type { Dims, VolumeMeta } from '../app/model/volume';
import { REPO } from './host';

/** Helpers of the `voxelscope run` end-to-end tests: the real CLI on real files. */
export const CLI = join(REPO, 'bin/voxelscope.mjs');

export function cli(args: string[], cwd?: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, maxBuffer: 64 << 20 });
}

/** The CLI as a child that can be killed; resolves with its exit code or signal and its output. */
export function cliChild(args: string[], onStdout?: (all: string, kill: (sig: NodeJS.Signals) => void) => void) {
  const p = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  p.stdout.on('data', (b: Buffer) => {
    out += b.toString();
    onStdout?.(out, (sig) => p.kill(sig));
  });
  p.stderr.on('data', (b: Buffer) => (err += b.toString()));
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((ok) =>
    p.on('close', (code, signal) => ok({ code, signal, stdout: out, stderr: err })));
}

const WRITERS: Record<string, VolumeWriter> = { npy: npyWriter, tif: tiffWriter, 'nii.gz': niftiGzWriter };

/**
 * A small uint16 volume with a few bright blobs over noise (so Otsu and labelling have work), the same
 * for the same seed, written in the format its name ends with (.npy, .tif or .nii.gz).
 */
export function writeVolume(path: string, seed: number, dims: Dims = { x: 8, y: 7, z: 6, c: 1, t: 1 }): void {
  const n = dims.x * dims.y * dims.z * dims.c * dims.t;
  const v = new Uint16Array(n);
  let s = (seed * 2654435761 + 12345) >>> 0;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const blobs = Array.from({ length: 3 }, () => [rnd() * dims.x, rnd() * dims.y, rnd() * dims.z]);
  for (let i = 0; i < n; i++) {
    const x = i % dims.x;
    const y = Math.floor(i / dims.x) % dims.y;
    const z = Math.floor(i / (dims.x * dims.y)) % dims.z;
    const near = blobs.some(([bx, by, bz]) => (x - bx) ** 2 + (y - by) ** 2 + (z - bz) ** 2 < 4);
    v[i] = Math.floor(rnd() * 200) + (near ? 1000 : 0);
  }
  const ext = path.endsWith('.nii.gz') ? 'nii.gz' : path.split('.').pop()!;
  const meta: VolumeMeta = {
    format: 'test', dims, dtype: 'uint16', spacing: { x: 0.5, y: 0.5, z: 2, t: 1 }, unit: 'um', timeUnit: 's',
    channels: [], scaling: null, affine: null, extra: {}, warnings: [],
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, Buffer.concat(WRITERS[ext].encode(meta, new Uint8Array(v.buffer))));
}

/** The kinds of bad input the runs must report (and survive). */
export const BAD_KINDS = [
  'truncated-npy', 'wrong-magic-tif', 'empty', 'folder-named-tif', 'truncated-tif', 'absurd-shape-npy', 'broken-gzip-nii',
  'broken-link', 'garbage-npy', 'tif-offsets-past-end',
] as const;
export type BadKind = (typeof BAD_KINDS)[number];

/** Writes a bad input of the kind; returns its path (the name says what it is). */
export function writeBad(dir: string, kind: BadKind, i: number): string {
  const ext = kind.includes('tif') ? 'tif' : kind.includes('nii') ? 'nii.gz' : kind === 'empty' ? 'tif' : 'npy';
  const p = join(dir, `bad-${kind}-${i}.${ext}`);
  mkdirSync(dir, { recursive: true });
  switch (kind) {
    case 'truncated-npy': {
      writeVolume(p, i);
      const b = readFileSync(p);
      writeFileSync(p, b.subarray(0, b.length - 17));
      break;
    }
    case 'wrong-magic-tif': writeFileSync(p, Buffer.from('XX*\0\x08\0\0\0 not a tiff at all', 'latin1')); break;
    case 'empty': writeFileSync(p, ''); break;
    case 'folder-named-tif': mkdirSync(p); break;
    case 'truncated-tif': {
      writeVolume(p, i);
      const b = readFileSync(p);
      writeFileSync(p, b.subarray(0, Math.floor(b.length / 2)));
      break;
    }
    case 'absurd-shape-npy': {
      let h = "{'descr': '<u2', 'fortran_order': False, 'shape': (100000, 100000, 100000), }";
      h = h.padEnd(128 - 10 - 1, ' ') + '\n';
      writeFileSync(p, Buffer.concat([Buffer.from('\x93NUMPY\x01\x00', 'latin1'), Buffer.from([h.length, 0]), Buffer.from(h, 'latin1'), Buffer.alloc(64)]));
      break;
    }
    case 'broken-gzip-nii': {
      writeVolume(p, i);
      const b = readFileSync(p);
      b.fill(0x55, 20, 60); // inside the deflate stream
      writeFileSync(p, b);
      break;
    }
    case 'broken-link': symlinkSync(join(dir, `missing-${i}.npy`), p); break;
    case 'garbage-npy': writeFileSync(p, Buffer.from(`\x93NUMPY\x01\x00\x10\x00{'descr': 'zz'}`, 'latin1')); break;
    case 'tif-offsets-past-end': {
      writeVolume(p, i);
      writeFileSync(p, patchOffsets(readFileSync(p)));
      break;
    }
  }
  return p;
}

/** A TIFF whose first IFD offset points past the end of the file. */
function patchOffsets(b: Buffer): Buffer {
  const c = Buffer.from(b);
  c.writeUInt32LE(c.length + 4096, 4);
  return c;
}

/** Every file below a folder, '/'-separated paths relative to it, sorted. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(root, p).split('\\').join('/'));
    }
  };
  walk(root);
  return out.sort();
}

export function partials(root: string): string[] {
  return listFiles(root).filter((f) => /\.partial$/.test(f) || f.includes('.voxelscope-run.journal'));
}

export interface LogItemJson {
  input: string; status: 'ok' | 'error'; output: string | null; error: string | null;
  input_sha256: string | null; output_sha256: string | null; resumed?: boolean;
}

export function readLog(outDir: string): { recipe: unknown; version: string; items: LogItemJson[] } {
  return JSON.parse(readFileSync(join(outDir, 'voxelscope-run.json'), 'utf8'));
}

export const THREE_STEPS = {
  format: 'voxelscope-recipe', version: 2,
  steps: [{ op: 'gaussian', sigma: 1 }, { op: 'threshold', method: 'otsu' }, { op: 'label', connectivity: 26 }],
};
