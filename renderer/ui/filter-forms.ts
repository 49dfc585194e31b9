import { OPS } from '../../app/filters/catalog.js';
import type { PipelineStep } from '../../app/filters/pipeline.js';

/**
 * How each op's parameters are edited in the pipeline panel: which fields, of what kind. A field's
 * default is its op schema's (app/filters: scipy.ndimage's and scikit-image's, one source of truth);
 * only parameters the schema requires (sigma, size) get a starting value here. The op's schema still
 * validates every step; this only lays out the form.
 */
export type FieldKind = 'number' | 'xyz' | 'int' | 'choice';

export interface FieldSpec {
  name: string;
  label: string;
  kind: FieldKind;
  default: number | string | number[];
  choices?: readonly string[];
  /** A length in voxels (per axis for xyz): may be given in the volume's physical unit instead. */
  length?: boolean;
  min?: number;
  step?: number;
}

export interface OpForm {
  op: string;
  label: string;
  fields: FieldSpec[];
}

const MODES = ['reflect', 'mirror', 'nearest', 'constant', 'wrap'] as const;
const boundary: FieldSpec[] = [
  { name: 'mode', label: 'boundary', kind: 'choice', default: 'reflect', choices: MODES },
  { name: 'cval', label: 'constant value', kind: 'number', default: 0 },
];
const size = (d: number): FieldSpec => ({ name: 'size', label: 'size', kind: 'xyz', default: d, length: true, min: 1, step: 1 });

const LAYOUT: readonly OpForm[] = [
  {
    op: 'gaussian', label: 'Gaussian blur',
    fields: [{ name: 'sigma', label: 'sigma', kind: 'xyz', default: 1, length: true, min: 0, step: 0.1 }, { name: 'truncate', label: 'truncate (sigmas)', kind: 'number', default: 4, min: 0.5, step: 0.5 }, ...boundary],
  },
  { op: 'uniform', label: 'Mean (uniform)', fields: [size(3), ...boundary] },
  { op: 'median', label: 'Median', fields: [size(3), ...boundary] },
  { op: 'minimum', label: 'Minimum', fields: [size(3), ...boundary] },
  { op: 'maximum', label: 'Maximum', fields: [size(3), ...boundary] },
  { op: 'variance', label: 'Variance', fields: [size(3), ...boundary] },
  { op: 'std', label: 'Standard deviation', fields: [size(3), ...boundary] },
  { op: 'sobel', label: 'Sobel edges', fields: [{ name: 'axis', label: 'axis', kind: 'choice', default: 'magnitude', choices: ['magnitude', 'x', 'y', 'z'] }, ...boundary] },
  { op: 'laplace', label: 'Laplace', fields: [...boundary] },
  {
    op: 'dog', label: 'Difference of Gaussians',
    fields: [
      { name: 'sigma1', label: 'sigma 1', kind: 'xyz', default: 1, length: true, min: 0, step: 0.1 },
      { name: 'sigma2', label: 'sigma 2', kind: 'xyz', default: 2, length: true, min: 0, step: 0.1 },
      ...boundary,
    ],
  },
  { op: 'white_tophat', label: 'White top-hat', fields: [size(5), { name: 'footprint', label: 'footprint', kind: 'choice', default: 'cube', choices: ['cube', 'ball'] }, ...boundary] },
  { op: 'black_tophat', label: 'Black top-hat', fields: [size(5), { name: 'footprint', label: 'footprint', kind: 'choice', default: 'cube', choices: ['cube', 'ball'] }, ...boundary] },
  { op: 'threshold', label: 'Threshold (mask)', fields: [{ name: 'method', label: 'method', kind: 'choice', default: 'otsu', choices: ['otsu', 'li', 'triangle', 'yen', 'isodata', 'mean'] }] },
  { op: 'label', label: 'Label objects', fields: [{ name: 'connectivity', label: 'connectivity', kind: 'choice', default: 6, choices: ['6', '18', '26'] }] },
];

/** The default the op's schema gives a parameter left out, or undefined when it requires one. */
export function schemaDefault(op: string, name: string): unknown {
  const schema = OPS[op]?.schema as { shape?: Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }> } | undefined;
  const field = schema?.shape?.[name];
  const r = field?.safeParse(undefined);
  return r?.success ? r.data : undefined;
}

export const OP_FORMS: readonly OpForm[] = LAYOUT.map((form) => ({
  ...form,
  fields: form.fields.map((f) => {
    const d = schemaDefault(form.op, f.name);
    return typeof d === 'number' || typeof d === 'string' ? { ...f, default: d } : f;
  }),
}));

export function formOf(op: string): OpForm | undefined {
  return OP_FORMS.find((f) => f.op === op);
}

/** A new step of `op` with the form's defaults (connectivity as the number the schema takes). */
export function defaultStep(op: string): PipelineStep {
  const step: PipelineStep = { op };
  for (const f of formOf(op)?.fields ?? []) {
    if (f.name === 'cval') continue; // only meaningful with mode constant
    step[f.name] = f.name === 'connectivity' ? Number(f.default) : f.default;
  }
  return step;
}

/** Ready-made pipelines for common tasks. */
export const PRESETS: readonly { name: string; steps: PipelineStep[] }[] = [
  { name: 'Smooth (Gaussian, sigma 1)', steps: [{ op: 'gaussian', sigma: 1, truncate: 4, mode: 'reflect' }] },
  { name: 'Remove speckle noise (median 3)', steps: [{ op: 'median', size: 3, mode: 'reflect' }] },
  { name: 'Edges (Sobel magnitude)', steps: [{ op: 'gaussian', sigma: 1, truncate: 4, mode: 'reflect' }, { op: 'sobel', axis: 'magnitude', mode: 'reflect' }] },
  { name: 'Spots (difference of Gaussians 1, 3)', steps: [{ op: 'dog', sigma1: 1, sigma2: 3, mode: 'reflect' }] },
  { name: 'Uneven background (white top-hat 15)', steps: [{ op: 'white_tophat', size: 15, footprint: 'ball', mode: 'reflect' }] },
  {
    name: 'Segment bright objects (Gaussian, Otsu, label)',
    steps: [{ op: 'gaussian', sigma: 1, truncate: 4, mode: 'reflect' }, { op: 'threshold', method: 'otsu' }, { op: 'label', connectivity: 26 }],
  },
];

/** One line describing a step, for layer names and the list ("gaussian sigma 2"). */
export function describeStep(s: PipelineStep): string {
  const form = formOf(s.op);
  const shown = (form?.fields ?? []).filter((f) => f.name !== 'mode' && f.name !== 'cval' && f.name !== 'truncate' && s[f.name] !== undefined);
  const parts = shown.map((f) => `${f.name} ${Array.isArray(s[f.name]) ? (s[f.name] as number[]).join(',') : String(s[f.name])}`);
  return [s.op, ...parts].join(' ');
}
