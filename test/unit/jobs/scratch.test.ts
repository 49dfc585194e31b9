import { describe, expect, it } from 'vitest';
import { OPS } from '../../../app/filters/catalog.js';
import { parseWith } from '../../../app/filters/params.js';
import type { Dims3, VolumeView } from '../../../app/filters/types.js';
import { runRegion, wholeBox, type Box, type RunContext, type RunStep } from '../../../app/jobs/pipeline-run.js';
import { ScratchBuffers } from '../../../app/jobs/scratch.js';
import { bytesPerVoxel, typedView, type DType } from '../../../app/model/dtype.js';
import { BACKENDS, HAVE_WASM, withBackend } from '../filters/backends.js';
import { CASES } from './op-cases.js';

describe('ScratchBuffers', () => {
  const d = { x: 8, y: 4, z: 2 };

  it('lends a reclaimed buffer again, as it was left', () => {
    const s = new ScratchBuffers();
    const a = s.view(d, 'float32');
    a.data[3] = 42;
    s.reclaim();
    expect(s.keptBytes).toBe(256);
    const b = s.view(d, 'float32');
    expect(b.data.buffer).toBe(a.data.buffer);
    expect(b.data[3]).toBe(42);
    // The same bytes serve another type of that size.
    s.reclaim();
    expect(s.view({ x: 8, y: 4, z: 8 }, 'uint8').data.buffer).toBe(a.data.buffer);
  });

  it('never lends one buffer twice within a job', () => {
    const s = new ScratchBuffers();
    s.view(d, 'uint8');
    s.view(d, 'uint8');
    s.reclaim();
    const x = s.view(d, 'uint8');
    const y = s.view(d, 'uint8');
    const z = s.view(d, 'uint8');
    expect(new Set([x.data.buffer, y.data.buffer, z.data.buffer]).size).toBe(3);
  });

  it('keeps at most its limit, making room for the last job\'s sizes by dropping others', () => {
    const s = new ScratchBuffers(1000);
    s.view({ x: 600, y: 1, z: 1 }, 'uint8');
    s.view({ x: 2000, y: 1, z: 1 }, 'uint8'); // larger than the limit: never kept
    s.reclaim();
    expect(s.keptBytes).toBe(600);
    s.view({ x: 300, y: 1, z: 1 }, 'uint8');
    s.view({ x: 300, y: 1, z: 1 }, 'uint8');
    s.reclaim();
    expect(s.keptBytes).toBe(600); // both of 300: the second made room by dropping the 600
    s.view({ x: 300, y: 1, z: 1 }, 'uint8');
    s.view({ x: 100, y: 1, z: 1 }, 'uint8');
    s.reclaim();
    expect(s.keptBytes).toBe(700); // one of 300 lent and back, beside the other, and one of 100
    s.view({ x: 500, y: 1, z: 1 }, 'uint8');
    s.reclaim();
    expect(s.keptBytes).toBe(500);
  });
});

/**
 * Scratch buffers are lent dirty, which is exact only if every op writes every voxel of the planes it is
 * asked for. Each op of the catalogue, on both kernel backends, through runRegion with every result on
 * the way in a buffer full of garbage, must give what it gives in fresh (zeroed) buffers.
 */
describe('every op writes every voxel of its result', () => {
  const DIMS = { x: 11, y: 9, z: 7 };
  const step = (op: string, raw: Record<string, unknown>): RunStep => ({ name: op, op: OPS[op], params: parseWith(op, OPS[op].schema, raw) });
  const dirty = (fill: number): RunContext['alloc'] => (dims: Dims3, dtype: DType) => {
    const bytes = new Uint8Array(dims.x * dims.y * dims.z * bytesPerVoxel(dtype)).fill(fill);
    return { dims, dtype, data: typedView(dtype, bytes.buffer) };
  };
  const regions = (): Box[] => {
    const all = wholeBox(DIMS);
    return [all, { ...all, z0: 3, z1: 4 }, { ...all, y0: 0, y1: 1 }, { ...all, x0: 10, x1: 11 }, { x0: 2, x1: 7, y0: 1, y1: 8, z0: 2, z1: 6 }];
  };
  function input(dtype: DType): VolumeView {
    const n = DIMS.x * DIMS.y * DIMS.z;
    const v: VolumeView = { dims: DIMS, dtype, data: typedView(dtype, new ArrayBuffer(n * bytesPerVoxel(dtype))) };
    for (let i = 0; i < n; i++) v.data[i] = (((i * 7919 + 13) % 101 > 60 ? 200 : (i * 31) % 97) as never);
    return v;
  }
  const bytesOf = (v: VolumeView): Buffer => Buffer.from(v.data.buffer, v.data.byteOffset, v.data.byteLength);

  function expectClean(steps: RunStep[], label: string): void {
    for (const dtype of ['uint16', 'float32'] as const) {
      const v = input(dtype);
      for (const box of regions()) {
        const want = bytesOf(runRegion(v, steps, box, { throwIfCancelled: () => undefined }));
        for (const fill of [0xa5, 0xff]) {
          const got = bytesOf(runRegion(v, steps, box, { throwIfCancelled: () => undefined, alloc: dirty(fill) }));
          if (!got.equals(want)) expect.fail(`${label} ${dtype} ${JSON.stringify(box)}: differs in buffers filled with 0x${fill.toString(16)}`);
        }
      }
    }
  }

  for (const backend of BACKENDS) {
    it.skipIf(backend === 'wasm' && !HAVE_WASM)(`${backend} kernels: every op alone, and chained after a gaussian and before a threshold`, () => {
      withBackend(backend, () => {
        for (const [op, sets] of Object.entries(CASES)) {
          for (const raw of sets) {
            expectClean([step(op, raw)], `${op} ${JSON.stringify(raw)}`);
            expectClean([step('gaussian', { sigma: 1 }), step(op, raw), step('threshold', { method: 'otsu' })], `gaussian→${op}→threshold`);
          }
        }
        expectClean([step('gaussian', { sigma: 1 }), step('threshold', { method: 'otsu' }), step('label', { connectivity: 26 })], 'the batch recipe');
      });
    });
  }
});
