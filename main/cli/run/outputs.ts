import { join, resolve } from 'node:path';
import type { InputEntry } from './inputs.js';

/** The formats `voxelscope run --format` writes (DESIGN.md). */
export const RUN_FORMATS = ['tif', 'nii', 'nii.gz', 'npy'] as const;
export type RunFormat = (typeof RUN_FORMATS)[number];

/**
 * A format's extension at the end of a name, longest first so `a.nii.gz` loses `.nii.gz` and `a.ome.tif`
 * loses `.ome.tif`; any other dot in the name is part of the name (`cell.v2.tif` gives `cell.v2`).
 */
const FORMAT_EXTENSION = /\.(ome\.tiff?|nii\.gz|hdr\.gz|tiff?|btf|tf8|nii|hdr|npy|png|[^.]*)$/i;

/** The input's name without its extensions, as the output is named. */
export function outputStem(name: string): string {
  const stem = name.replace(FORMAT_EXTENSION, '');
  return stem === '' ? name : stem;
}

/** The input's own format where Voxelscope writes it, else TIFF (DESIGN.md). */
export function defaultFormat(name: string): RunFormat {
  const n = name.toLowerCase();
  if (n.endsWith('.nii.gz')) return 'nii.gz';
  if (n.endsWith('.nii')) return 'nii';
  if (n.endsWith('.npy')) return 'npy';
  return 'tif';
}

/** One input of a run with where its output goes, or why it cannot run. */
export interface PlannedItem {
  input: string;
  /** Absolute path of the output, or null when the input names nothing. */
  output: string | null;
  /** Known before running: a missing input, an output another input already writes. */
  error: string | null;
}

/**
 * Outputs for every input: `DIR/<relative folders>/<name without extensions>.<format>`. Two inputs that
 * would write the same output are an error for the second (reported, the first still runs).
 */
export function planOutputs(entries: readonly InputEntry[], outDir: string, format: RunFormat | undefined): PlannedItem[] {
  const root = resolve(outDir);
  const taken = new Map<string, string>();
  return entries.map((e): PlannedItem => {
    if (e.problem) return { input: e.path, output: null, error: `${e.arg}: ${e.problem}` };
    const parts = e.rel.split('/');
    const name = parts.pop()!;
    const output = join(root, ...parts, `${outputStem(name)}.${format ?? defaultFormat(name)}`);
    const first = taken.get(output);
    if (first !== undefined) {
      return { input: e.path, output, error: `${e.path}: would write ${output}, which ${first === e.path ? 'the same input, named twice,' : first} already writes` };
    }
    taken.set(output, e.path);
    return { input: e.path, output, error: null };
  });
}
