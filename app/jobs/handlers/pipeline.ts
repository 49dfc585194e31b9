import { OPS } from '../../filters/catalog.js';
import { activeBackend, type Backend } from '../../filters/kernels/engine.js';
import type { PipelineStep } from '../../filters/pipeline.js';
import type { FilterRegistry, VolumeView } from '../../filters/types.js';
import { bytesPerVoxel, typedView, type DType } from '../../model/dtype.js';
import type { Dims } from '../../model/volume.js';
import { boxDims, pasteView, runRegion, type Box } from '../pipeline-run.js';
import { resolveSteps } from '../pipeline-steps.js';
import { ScratchBuffers } from '../scratch.js';
import type { JobContext, JobHandler } from '../worker-core.js';

/** A volume in shared memory, all its channels and time points (canonical order, x fastest). */
export interface VolumeRef { sab: SharedArrayBuffer; dims: Dims; dtype: DType }

/**
 * A pipeline over a region of one channel and time point of a volume, written into a box of another
 * volume (the same place of the result volume for Apply's slabs; a small plane-sized volume for a
 * preview). The steps travel as plain pipeline steps and are validated here, by the ops' schemas.
 */
export interface PipelinePayload {
  input: VolumeRef;
  c: number;
  t: number;
  steps: PipelineStep[];
  region: Box;
  output: VolumeRef & { c: number; t: number; at: { x: number; y: number; z: number } };
}

/** The 3D volume of channel c, time point t (a view, no copy). */
export function channelVolume(ref: VolumeRef, c: number, t: number): VolumeView {
  const { x, y, z, c: C } = ref.dims;
  const voxels = x * y * z;
  return { dims: { x, y, z }, dtype: ref.dtype, data: typedView(ref.dtype, ref.sab, (c + C * t) * voxels * bytesPerVoxel(ref.dtype), voxels) };
}

/** The pipeline job over a catalogue of ops (the app's: OPS). */
export function pipelineJobWith(ops: FilterRegistry): JobHandler {
  return (payload, ctx) => runPipelineJob(payload as PipelinePayload, ops, ctx);
}

export const pipelineJob = pipelineJobWith(OPS);

/** What a pipeline job reports back: which kernels ran it (the results are the same either way). */
export interface PipelineJobResult { kernels: Backend }

/** This worker's buffers for the results a job computes on the way (one job runs at a time, synchronously). */
const scratch = new ScratchBuffers();

function runPipelineJob(p: PipelinePayload, ops: FilterRegistry, ctx: JobContext): PipelineJobResult {
  const steps = resolveSteps(p.steps, ops);
  const total = steps.length;
  let done = 0;
  const d = boxDims(p.region);
  const { at } = p.output;
  const dest = channelVolume(p.output, p.output.c, p.output.t);
  const into = contiguousPart(dest, d, at);
  try {
    const result = runRegion(channelVolume(p.input, p.c, p.t), steps, p.region, {
      throwIfCancelled: () => ctx.throwIfCancelled(),
      step: () => ctx.progress(Math.min(total, ++done), total),
      alloc: (dims, dtype) => scratch.view(dims, dtype),
    }, into ?? undefined);
    if (result !== into) pasteView(dest, { x0: at.x, x1: at.x + d.x, y0: at.y, y1: at.y + d.y, z0: at.z, z1: at.z + d.z }, result);
    return { kernels: activeBackend() };
  } finally {
    scratch.reclaim();
  }
}

/**
 * The box of `dest` at `at` of dims `d` as a view of its own, where its voxels are contiguous there
 * (whole planes of dest: Apply's slabs, a preview plane's own volume; whole rows of one plane: part of
 * a preview plane), so the last step can write into the result directly; null otherwise.
 */
function contiguousPart(dest: VolumeView, d: { x: number; y: number; z: number }, at: { x: number; y: number; z: number }): VolumeView | null {
  const { x: X, y: Y, z: Z } = dest.dims;
  const rows = d.z === 1 || (at.y === 0 && d.y === Y);
  if (at.x !== 0 || d.x !== X || !rows || at.y + d.y > Y || at.z + d.z > Z) return null;
  const offset = (at.z * Y + at.y) * X * bytesPerVoxel(dest.dtype);
  return { dims: d, dtype: dest.dtype, data: typedView(dest.dtype, dest.data.buffer, dest.data.byteOffset + offset, d.x * d.y * d.z) };
}
