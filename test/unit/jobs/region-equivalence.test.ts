import { describe, expect, it } from 'vitest';
import { MODES } from '../../../app/filters/boundary.js';
import { OPS } from '../../../app/filters/catalog.js';
import { parseWith } from '../../../app/filters/params.js';
import type { VolumeView } from '../../../app/filters/types.js';
import type { DType } from '../../../app/model/dtype.js';
import { allocView, cropView, runRegion, runWhole, wholeBox, type Box, type RunStep } from '../../../app/jobs/pipeline-run.js';
import { CASES } from './op-cases.js';

/**
 * The live preview's promise: a slice computed through runRegion equals that slice of the whole-volume
 * result, byte for byte, for every op of the catalogue, every boundary mode, xy/xz/yz slices at the first,
 * a middle and the last index, and a two-step pipeline. Odd and even sizes both (scipy's even windows are
 * lopsided, and the top-hat's dilation mirrors it), on a small volume with odd and even axes.
 */
const DIMS = { x: 11, y: 9, z: 7 };
const DIMS_EVEN = { x: 10, y: 8, z: 6 };

function volume(dims: typeof DIMS, dtype: DType): VolumeView {
  const v = allocView(dims, dtype);
  // A pseudo-random pattern with a few plateaux, so thresholds and labels have objects to find.
  for (let i = 0; i < v.data.length; i++) {
    const r = (i * 7919 + 13) % 101;
    v.data[i] = (r > 60 ? 200 : r) as never;
  }
  return v;
}

const ctx = { throwIfCancelled: () => undefined };
const hasMode = (op: string): boolean => !['threshold', 'label'].includes(op);

function step(op: string, raw: Record<string, unknown>): RunStep {
  return { name: op, op: OPS[op], params: parseWith(op, OPS[op].schema, raw) };
}

/** The xy, xz and yz slices at the first, a middle and the last index. */
function slices(d: typeof DIMS): { name: string; box: Box }[] {
  const out: { name: string; box: Box }[] = [];
  const all = wholeBox(d);
  for (const axis of ['z', 'y', 'x'] as const) {
    for (const i of [0, Math.floor(d[axis] / 2), d[axis] - 1]) {
      out.push({ name: `${axis}=${i}`, box: { ...all, [`${axis}0`]: i, [`${axis}1`]: i + 1 } });
    }
  }
  return out;
}

function expectSameRegions(v: VolumeView, steps: RunStep[], label: string): void {
  const whole = runWhole(v, steps, ctx);
  for (const { name, box } of slices(v.dims)) {
    const part = runRegion(v, steps, box, ctx);
    const want = cropView(whole, box);
    expect(part.dtype, `${label} ${name}`).toBe(want.dtype);
    const a = new Uint8Array(part.data.buffer, part.data.byteOffset, part.data.byteLength);
    const b = new Uint8Array(want.data.buffer, want.data.byteOffset, want.data.byteLength);
    if (!Buffer.from(a).equals(Buffer.from(b))) {
      const i = part.data.findIndex((x, k) => !Object.is(x, want.data[k]));
      expect.fail(`${label} ${name}: region differs from the whole result at voxel ${i} (${part.data[i]} vs ${want.data[i]})`);
    }
  }
}

describe('runRegion equals the crop of runWhole', () => {
  it('covers every op of the catalogue', () => {
    expect(Object.keys(OPS).sort()).toEqual(Object.keys(CASES).sort());
  });

  for (const [op, sets] of Object.entries(CASES)) {
    it(`${op}: every mode, xy/xz/yz slices at both edges and the middle, odd and even dims, three dtypes`, () => {
      for (const raw of sets) {
        for (const mode of hasMode(op) ? MODES : [undefined]) {
          for (const [dims, dtype] of [[DIMS, 'uint8'], [DIMS_EVEN, 'float32'], [DIMS, 'int16']] as const) {
            const params = mode === undefined ? raw : { ...raw, mode, ...(mode === 'constant' ? { cval: 7 } : {}) };
            expectSameRegions(volume(dims, dtype), [step(op, params)], `${op} ${JSON.stringify(params)} ${dtype} ${dims.x}x${dims.y}x${dims.z}`);
          }
        }
      }
    });
  }

  it('two-step pipelines: every neighbourhood op after a gaussian, and each before a threshold or a label', () => {
    for (const mode of MODES) {
      for (const [op, sets] of Object.entries(CASES)) {
        if (!hasMode(op)) continue;
        const second = step(op, { ...sets[sets.length - 1], mode });
        for (const dims of [DIMS, DIMS_EVEN]) {
          const v = volume(dims, 'uint16');
          expectSameRegions(v, [step('gaussian', { sigma: 1, mode }), second], `gaussian→${op} ${mode} ${dims.x}x${dims.y}x${dims.z}`);
          expectSameRegions(v, [second, step('threshold', { method: 'otsu' })], `${op}→threshold ${mode}`);
          expectSameRegions(v, [step('label', {}), second], `label→${op} ${mode}`);
        }
      }
    }
  });
});
