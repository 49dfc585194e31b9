import { describe, expect, it } from 'vitest';
import { OPS } from '../../../app/filters/catalog.js';
import type { PipelineStep } from '../../../app/filters/pipeline.js';
import { niftiWriter } from '../../../app/formats/nifti/index.js';
import { MemorySourceSet } from '../../../app/formats/source.js';
import { applyPipeline } from '../../../app/jobs/apply.js';
import { pipelineJobWith, type VolumeRef } from '../../../app/jobs/handlers/pipeline.js';
import { JobPool, type WorkerPort } from '../../../app/jobs/pool.js';
import type { FromJobWorker } from '../../../app/jobs/protocol.js';
import { resultLayerMeta } from '../../../app/jobs/result-meta.js';
import { jobWorker } from '../../../app/jobs/worker-core.js';
import { lineProfile } from '../../../app/measure/profile.js';
import { roiStats } from '../../../app/measure/roi-stats.js';
import { valueMapping } from '../../../app/model/calibration.js';
import { bytesPerVoxel, typedView } from '../../../app/model/dtype.js';
import { voxelCount, type VolumeMeta } from '../../../app/model/volume.js';
import { extractPlane, planePixelSize, planeSize, type Axis } from '../../../app/view/planes.js';
import { voxelText, voxelToWorld } from '../../../app/view/readout.js';
import { load, nodeCodecs } from '../nifti/helpers.js';

/**
 * A derived volume is a first-class volume (issue 9): the result Apply builds (the pool's output buffer
 * with resultLayerMeta's metadata) reads out, measures and profiles exactly like the same voxels written to a
 * NIfTI file and loaded back through the reader, calibrated values, physical pixel sizes and world
 * positions included (the spacing chosen exact in float32, as NIfTI stores it).
 */
function pool(): JobPool {
  return new JobPool((): WorkerPort => {
    let on: (m: FromJobWorker) => void = () => undefined;
    const handle = jobWorker({ pipeline: pipelineJobWith(OPS) }, (m) => setTimeout(() => on(m), 0));
    return { post: (m) => setTimeout(() => handle(m), 0), onMessage: (f) => (on = f), onError: () => undefined, terminate: () => undefined };
  }, 2);
}

const dims = { x: 9, y: 7, z: 5, c: 1, t: 1 };
const source: VolumeMeta = {
  format: 'nifti', dims, dtype: 'uint16', spacing: { x: 0.5, y: 0.75, z: 2, t: 1 }, unit: 'mm', timeUnit: 's',
  channels: [{ name: 'c0', color: null, wavelength: null }] as never, affine: [[0.5, 0, 0, 3], [0, 0.75, 0, -2], [0, 0, 2, 1], [0, 0, 0, 1]],
  wavelengthUnit: null as never, scaling: { slope: 2, inter: 10 }, extra: { descrip: 'from the scanner' }, warnings: [],
} as VolumeMeta;

async function derived(steps: PipelineStep[]): Promise<{ meta: VolumeMeta; voxels: VolumeRef }> {
  const sab = new SharedArrayBuffer(voxelCount(dims) * 2);
  const v = new Uint16Array(sab);
  for (let i = 0; i < v.length; i++) v[i] = 100 + ((i * 2654435761) >>> 22) % 300 + (i % 9) * 20;
  const out = await applyPipeline(pool(), { sab, dims, dtype: 'uint16' }, steps, OPS).result;
  return { meta: resultLayerMeta(source, steps, out.dtype), voxels: out };
}

/** The result written as NIfTI and read back: the "same voxels loaded from a file". */
async function fromFile(meta: VolumeMeta, voxels: VolumeRef) {
  const bytes = new Uint8Array(voxels.sab, 0, voxelCount(dims) * bytesPerVoxel(voxels.dtype));
  const chunks = niftiWriter.encode(meta, bytes);
  const file = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    file.set(c, at);
    at += c.byteLength;
  }
  const back = await load(new MemorySourceSet('r.nii', new Map([['r.nii', file]])), nodeCodecs);
  return { meta: back.header.meta, data: typedView(back.header.meta.dtype, back.voxels.slice().buffer) };
}

/** What the viewer measures on one plane: the calibrated plane, ROI stats over an ellipse, a profile. */
function measure(meta: VolumeMeta, data: ReturnType<typeof typedView>, axis: Axis, index: number) {
  const { width, height } = planeSize(meta.dims, axis);
  const out = new Float64Array(width * height);
  expect(extractPlane({ data, dims: meta.dims, dtype: meta.dtype, axis, index, c: 0, t: 0, out, values: valueMapping(meta.scaling) })).toBe(true);
  const pixel = planePixelSize(meta.spacing, axis);
  return {
    plane: [...out],
    roi: roiStats({ plane: out, width, height, roi: { kind: 'ellipse', x0: 0.5, y0: 0.2, x1: width - 1, y1: height - 0.5 }, pixel }),
    profile: lineProfile({ plane: out, width, height, x0: 0, y0: 0.5, x1: width - 1.3, y1: height - 1, pixel }),
  };
}

describe('a derived layer reads out and measures like a file', () => {
  const pipelines: [string, PipelineStep[], string][] = [
    ['gaussian (keeps the scaling)', [{ op: 'gaussian', sigma: [1, 1, 0.5] }], 'float32'],
    ['median (stored type, keeps the scaling)', [{ op: 'median', size: 3 }], 'uint16'],
    ['sobel magnitude (slope only)', [{ op: 'sobel', axis: 'magnitude' }], 'float32'],
    ['threshold then label (no scaling)', [{ op: 'threshold', method: 'otsu' }, { op: 'label', connectivity: 26 }], 'int32'],
  ];
  it.each(pipelines)('%s', async (_name, steps, dtype) => {
    const d = await derived(steps);
    expect(d.meta.dtype).toBe(dtype);
    expect(d.meta.extra).toEqual({}); // the result was not read from the scanner's file
    // The geometry is the source's: measurements on the result are in the source's physical units.
    expect([d.meta.spacing, d.meta.unit, d.meta.affine]).toEqual([source.spacing, source.unit, source.affine]);
    const f = await fromFile(d.meta, d.voxels);
    expect(f.meta.dims).toEqual(d.meta.dims);
    expect(f.meta.dtype).toBe(d.meta.dtype);
    expect(f.meta.scaling).toEqual(d.meta.scaling);
    expect(f.meta.spacing).toEqual({ ...d.meta.spacing, t: f.meta.spacing.t });
    expect(f.meta.unit).toBe(d.meta.unit);
    const data = typedView(d.meta.dtype, d.voxels.sab);
    for (const [x, y, z] of [[0, 0, 0], [4, 3, 2], [8, 6, 4], [1, 5, 3]]) {
      const p = { dims, x, y, z, c: 0, t: 0 };
      expect(voxelText({ ...p, data, dtype: d.meta.dtype }, valueMapping(d.meta.scaling))).toBe(voxelText({ ...p, data: f.data, dtype: f.meta.dtype }, valueMapping(f.meta.scaling)));
      const wd = voxelToWorld(d.meta, { x, y, z }), wf = voxelToWorld(f.meta, { x, y, z });
      for (const a of ['x', 'y', 'z'] as const) expect(wd[a]).toBeCloseTo(wf[a], 5);
    }
    for (const [axis, index] of [['xy', 2], ['xz', 3], ['yz', 5]] as [Axis, number][]) {
      const md = measure(d.meta, data, axis, index), mf = measure(f.meta, f.data, axis, index);
      expect(md.plane).toEqual(mf.plane);
      expect(md.roi).toEqual(mf.roi);
      expect(md.roi.count).toBeGreaterThan(0);
      expect([...md.profile.values]).toEqual([...mf.profile.values]);
      expect([...md.profile.distance]).toEqual([...mf.profile.distance]);
    }
  });
});
