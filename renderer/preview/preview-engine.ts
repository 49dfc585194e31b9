import { OPS } from '../../app/filters/catalog.js';
import { enabledSteps, type PipelineStep } from '../../app/filters/pipeline.js';
import { keepsScale, resultScaling } from '../../app/filters/scaling.js';
import type { PipelineJobResult, PipelinePayload, VolumeRef } from '../../app/jobs/handlers/pipeline.js';
import { lastGlobalStep, outputDtypeOf, wholeBox, type Box } from '../../app/jobs/pipeline-run.js';
import { resolveSteps } from '../../app/jobs/pipeline-steps.js';
import type { JobPool } from '../../app/jobs/pool.js';
import { bytesPerVoxel, typedView } from '../../app/model/dtype.js';
import { voxelCount, type Dims } from '../../app/model/volume.js';
import { extractPlane, planeSize, type Axis } from '../../app/view/planes.js';
import type { AppState } from '../state/app-state.js';
import { beginWork } from '../state/settle.js';
import type { PreviewSource } from '../state/preview-source.js';
import type { VolumeData } from '../state/volume-data.js';

import type { PreviewPlane, ResultKind } from '../state/preview-source.js';

export function resultKind(steps: readonly PipelineStep[]): ResultKind {
  const last = steps.at(-1)?.op;
  return last === 'threshold' ? 'mask' : last === 'label' ? 'labels' : 'image';
}

/**
 * The live preview: only what is on screen is computed. For each plane a view asks for (axis, slice,
 * channel, time point) the pipeline runs on just the region that plane needs, on the job pool
 * (pipeline-run.ts gives there exactly what the whole volume would), and a newer request for the same
 * view supersedes a stale one. Steps that need the whole volume (a threshold from the histogram,
 * labeling) are run whole once per channel and time point and kept while the pipeline up to them stays
 * the same. A plane that is not ready yet is null; the views redraw on the state's 'preview' event.
 */
export class PreviewEngine implements PreviewSource {
  private readonly planes = new Map<string, PreviewPlane>();
  private readonly pending = new Set<string>();
  private readonly wholes = new Map<string, Promise<VolumeRef>>();
  private readonly failed = new Set<string>();
  /** The plane each view asked for last (by axis): what is on screen, recomputed right at a change. */
  private readonly shown = new Map<Axis, [Axis, number, number, number]>();
  /** Axes whose view showed a preview when the parameters changed: the plane coming, and until when the view may wait for it. */
  private readonly held = new Map<Axis, { key: string; until: number }>();
  /** The layer the cached planes are of. */
  private layer = '';
  /** Display range per channel for results on another scale than the image: the first plane's. */
  private readonly ranges = new Map<number, [number, number]>();
  /** The pipeline the cached planes belong to. */
  private key = '';
  private steps: PipelineStep[] = [];
  error: string | null = null;
  /** Which kernels the workers ran the last preview on ('wasm' or 'ts'), shown in the panel. */
  kernels: string | null = null;
  highlight = 0;

  constructor(private readonly state: AppState, private readonly pool: () => JobPool) {
    state.on('pipeline', () => this.reset());
    state.on('layers', () => this.reset());
    state.on('volume', () => this.reset());
  }

  /** The steps the preview runs (the enabled ones up to the step chosen for preview). */
  previewedSteps(): PipelineStep[] {
    const p = this.state.pipeline;
    return enabledSteps({ steps: p.steps.slice(0, p.previewStep + 1) });
  }

  get active(): boolean {
    return this.state.pipeline.preview !== 'off' && this.steps.length > 0 && !!this.state.volume?.complete;
  }

  get kind(): ResultKind {
    return resultKind(this.steps);
  }

  /** The display range of channel c's result: the image's own when the steps keep its scale. */
  range(c: number): [number, number] | null {
    return keepsScale(this.steps) ? null : (this.ranges.get(c) ?? null);
  }

  /** The preview of a plane, or null while it is being computed (the request is made here). */
  plane(axis: Axis, slice: number, c: number, t: number): PreviewPlane | null {
    if (!this.active) return null;
    const k = planeKey(axis, slice, c, t);
    this.shown.set(axis, [axis, slice, c, t]);
    const p = this.planes.get(k);
    if (p) return p;
    if (!this.pending.has(k) && !this.failed.has(k)) this.request(k, axis, slice, c, t);
    return null;
  }

  /** The whole label image the labels preview's planes are cut from (the same cached job, not a second one). */
  wholeLabels(c: number, t: number): { key: string; labels: Promise<VolumeRef> } | null {
    const vol = this.state.volume;
    if (!vol || !this.active || this.error || this.kind !== 'labels') return null;
    const d = vol.meta.dims;
    const [cc, tt] = [Math.min(c, d.c - 1), Math.min(t, d.t - 1)];
    // Labeling is a whole-volume step and the last one here, so compute() asks whole() for these very steps.
    return { key: `${this.key}|${cc}|${tt}`, labels: this.whole(vol, this.steps, cc, tt) };
  }

  holding(axis: Axis): boolean {
    const h = this.held.get(axis);
    if (!h) return false;
    if (performance.now() < h.until && this.pending.has(h.key)) return true;
    this.held.delete(axis);
    return false;
  }

  private reset(): void {
    const steps = this.previewedSteps();
    const key = JSON.stringify(steps) + '|' + (this.state.shownLayer?.id ?? '');
    if (key === this.key) return;
    // A change of parameters only (same kind of result, same layer): the views showing a preview keep
    // it until the new one lands, for HOLD_MS at most (then they show the original, "computing").
    const layer = this.state.shownLayer?.id ?? '';
    const sameShape = layer === this.layer && steps.length > 0 && resultKind(steps) === this.kind && this.active;
    const showing = [...this.shown.values()].filter((s) => this.planes.has(planeKey(...s)));
    this.held.clear();
    if (sameShape && showing.length) {
      const until = performance.now() + HOLD_MS;
      for (const s of showing) this.held.set(s[0], { key: planeKey(...s), until });
      setTimeout(() => this.state.emit('preview', null), HOLD_MS + 1);
    }
    this.layer = layer;
    this.key = key;
    this.steps = steps;
    this.planes.clear();
    this.pending.clear();
    this.failed.clear();
    this.wholes.clear();
    this.ranges.clear();
    this.highlight = 0;
    this.error = null;
    try {
      resolveSteps(this.state.pipeline.steps.slice(0, this.state.pipeline.previewStep + 1), OPS); // numbered as the panel numbers steps
    } catch (e) {
      this.error = (e as Error).message;
    }
    // The planes on screen are asked for now, not when the views next draw (up to a frame later).
    // Only those asked for since the last change: a view hidden since then asks for nothing.
    const shown = [...this.shown.values()];
    this.shown.clear();
    if (this.active && !this.error) for (const [axis, slice, c, t] of shown) this.request(planeKey(axis, slice, c, t), axis, slice, c, t);
    this.state.emit('preview', null);
  }

  private request(k: string, axis: Axis, slice: number, c: number, t: number): void {
    const vol = this.state.volume;
    if (!vol || this.error) return;
    const key = this.key;
    this.pending.add(k);
    // The views are not settled while a preview they show is being computed.
    const done = beginWork();
    void this.compute(vol, axis, slice, c, t).finally(done).then(
      (plane) => {
        if (key !== this.key) return;
        this.pending.delete(k);
        this.planes.set(k, plane);
        if (!this.ranges.has(c)) this.ranges.set(c, finiteRange(plane.values));
        this.state.emit('preview', null);
      },
      (e: Error) => {
        if (key !== this.key) return;
        this.pending.delete(k);
        // A superseded request is asked again when the view wants it; a real failure is reported once.
        if (e.name !== 'JobCancelledError') {
          this.failed.add(k);
          this.error = e.message;
          this.state.emit('preview', null);
        }
      },
    );
  }

  private async compute(vol: VolumeData, axis: Axis, slice: number, c: number, t: number): Promise<PreviewPlane> {
    const d = vol.meta.dims;
    const resolved = resolveSteps(this.steps, OPS);
    const g = lastGlobalStep(resolved);
    // Whole-volume steps (and those before them): once per channel and time point.
    const input: VolumeRef = g >= 0 ? await this.whole(vol, this.steps.slice(0, g + 1), c, t) : { sab: vol.sab, dims: d, dtype: vol.meta.dtype };
    const rest = this.steps.slice(g + 1);
    const region = planeRegion(d, axis, slice);
    const rd = { x: region.x1 - region.x0, y: region.y1 - region.y0, z: region.z1 - region.z0, c: 1, t: 1 };
    const dtype = outputDtypeOf(resolveSteps(rest, OPS), input.dtype);
    const out: VolumeRef = { dims: rd, dtype, sab: new SharedArrayBuffer(voxelCount(rd) * bytesPerVoxel(dtype)) };
    const ic = g >= 0 ? 0 : c;
    const it = g >= 0 ? 0 : t;
    const payload: PipelinePayload = { input, c: ic, t: it, steps: rest, region, output: { ...out, c: 0, t: 0, at: { x: 0, y: 0, z: 0 } } };
    const ran = (await this.pool().run('pipeline', payload, { key: `preview|${axis}` }).result) as PipelineJobResult;
    this.kernels = ran.kernels;
    const { width, height } = planeSize(d, axis);
    // In the values the image is shown in, where the result is on its scale (a smoothed CT in HU).
    const scaling = resultScaling(this.steps, vol.meta.scaling);
    // A float32 result on its own scale is those values already, laid out as the plane is for xy and
    // xz (x fastest): no copy. (yz planes run z along the screen's x: extracted.)
    if (dtype === 'float32' && !scaling && axis !== 'yz') return { values: new Float32Array(out.sab, 0, width * height), kind: resultKind(this.steps) };
    const values = new Float32Array(width * height);
    extractPlane({ data: typedView(dtype, out.sab), dims: rd, dtype, axis, index: 0, c: 0, t: 0, out: values, values: { scaling, complex: 'magnitude' } });
    return { values, kind: resultKind(this.steps) };
  }

  /** The steps over the whole of channel c, time point t, kept for the pipeline they belong to. */
  private whole(vol: VolumeData, steps: PipelineStep[], c: number, t: number): Promise<VolumeRef> {
    const k = `${JSON.stringify(steps)}|${c}|${t}`;
    let w = this.wholes.get(k);
    if (!w) {
      const d = vol.meta.dims;
      const one = { ...d, c: 1, t: 1 };
      const dtype = outputDtypeOf(resolveSteps(steps, OPS), vol.meta.dtype);
      const out: VolumeRef = { dims: one, dtype, sab: new SharedArrayBuffer(voxelCount(one) * bytesPerVoxel(dtype)) };
      const payload: PipelinePayload = {
        input: { sab: vol.sab, dims: d, dtype: vol.meta.dtype }, c, t, steps, region: wholeBox(d), output: { ...out, c: 0, t: 0, at: { x: 0, y: 0, z: 0 } },
      };
      w = this.pool().run('pipeline', payload).result.then(() => out);
      w.catch(() => this.wholes.delete(k));
      this.wholes.set(k, w);
    }
    return w;
  }
}

/** How long a view keeps its old preview while the new one is computed, at most (ms). */
const HOLD_MS = 150;

function planeKey(axis: Axis, slice: number, c: number, t: number): string {
  return `${axis}|${slice}|${c}|${t}`;
}

/** The box of voxels one plane of a view covers. */
export function planeRegion(d: Dims, axis: Axis, slice: number): Box {
  const all = wholeBox(d);
  if (axis === 'xy') return { ...all, z0: slice, z1: slice + 1 };
  if (axis === 'xz') return { ...all, y0: slice, y1: slice + 1 };
  return { ...all, x0: slice, x1: slice + 1 };
}

function finiteRange(v: Float32Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return lo <= hi ? [lo, hi > lo ? hi : lo + 1] : [0, 1];
}
