import { OPS } from '../../app/filters/catalog.js';
import { enabledSteps } from '../../app/filters/pipeline.js';
import { keepsScale } from '../../app/filters/scaling.js';
import { applyPipeline } from '../../app/jobs/apply.js';
import { resultLayerMeta } from '../../app/jobs/result-meta.js';
import { resultKind } from '../preview/preview-engine.js';
import type { AppState } from '../state/app-state.js';
import { applyChannelStats } from '../state/channel-stats.js';
import type { Layer } from '../state/layers.js';
import { beginWork } from '../state/settle.js';
import { VolumeData } from '../state/volume-data.js';
import { channelStatsInWorker } from '../workers/channel-stats-client.js';
import { jobs } from '../workers/jobs.js';
import { describeStep } from './filter-forms.js';

/**
 * Apply: the pipeline over the whole image on screen, on the job pool (the same slabs and code as the
 * command line's `voxelscope filter` and `run`), with progress and Cancel in the status bar. The result
 * is a new layer (an image, a mask drawn over its image, or labels), current at once; Undo removes it.
 */
export class Applier {
  /** Layers made by Apply, last first: what Undo takes back. */
  private readonly made: string[] = [];
  private running: (() => void) | null = null;

  constructor(private readonly state: AppState) {}

  get busy(): boolean {
    return this.running !== null;
  }

  async apply(): Promise<Layer | null> {
    const { state } = this;
    const source = state.shownLayer;
    const steps = enabledSteps({ steps: state.pipeline.steps });
    if (!source || !steps.length || this.running) return null;
    if (!source.voxels.complete) {
      state.status(`${source.name}: wait until the whole volume has arrived before applying a pipeline`, 'error');
      return null;
    }
    const v = source.voxels;
    const done = beginWork();
    const t0 = performance.now();
    let run;
    try {
      run = applyPipeline(jobs(), { sab: v.sab, dims: v.meta.dims, dtype: v.meta.dtype }, steps, OPS, (p) =>
        state.setProgress({ fraction: p.done / p.total, text: `Applying to ${source.name}: ${p.done} of ${p.total} parts`, cancel: () => this.running?.() }));
    } catch (e) {
      done();
      state.status((e as Error).message, 'error');
      return null;
    }
    this.running = run.cancel;
    state.setProgress({ fraction: 0, text: `Applying to ${source.name}…`, cancel: run.cancel });
    try {
      const out = await run.result;
      const kind = resultKind(steps);
      const meta = resultLayerMeta(v.meta, steps, out.dtype);
      const name = `${source.name} · ${steps.map(describeStep).join(' → ')}`;
      const voxels = VolumeData.whole(meta, name, out.sab);
      const display = { ...source.display, channels: source.display.channels.map((ch) => ({ ...ch, mapping: keepsScale(steps) ? ch.mapping : { ...ch.mapping, min: NaN, max: NaN } })) };
      const layer = state.addLayer({
        name, kind, voxels, display, stats: [], visible: true, opacity: kind === 'labels' ? 0.6 : 0.45, derived: { from: source.id, pipeline: { steps } },
      });
      for (let c = 0; c < display.channels.length; c++) voxels.rangeGuessed[c] = !keepsScale(steps);
      this.made.unshift(layer.id);
      // Applying is done with the preview: the result is on screen itself now.
      state.setPipeline({ preview: 'off' });
      state.setProgress(null);
      state.status(`${name}: done in ${Math.round(performance.now() - t0)} ms`);
      const values = { scaling: meta.scaling, complex: 'magnitude' as const };
      applyChannelStats(state, voxels, await channelStatsInWorker(voxels.sab, meta.dims, meta.dtype, values), values);
      return layer;
    } catch (e) {
      state.setProgress(null);
      const cancelled = (e as Error).name === 'JobCancelledError';
      state.status(cancelled ? `Applying to ${source.name} cancelled; nothing was changed` : `${source.name}: ${(e as Error).message}`, cancelled ? 'info' : 'error');
      return null;
    } finally {
      this.running = null;
      done();
    }
  }

  /** Takes back the last Apply (its layer, and what was derived from it); false when there is none. */
  undo(): boolean {
    while (this.made.length) {
      const id = this.made.shift()!;
      if (this.state.layers.some((l) => l.id === id)) {
        this.state.removeLayer(id);
        this.state.status('Undone: the layer Apply made is gone');
        return true;
      }
    }
    return false;
  }
}
