import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { Dims } from '../../../app/model/volume.js';
import { median, quantile, type BenchCase, type BenchContext } from './harness.js';
import { makeInput, writeOurTiff } from './inputs.js';
import { measureChange, measurePlayback, measurePreviewChange, type ChangeSample, type LoadSample, type PlaybackSample, type PreviewSample } from './viewer-page.js';
import { openInViewer, openViewerPage, viewerRoot, viewerUnavailable, type ViewerHost } from './viewer-session.js';

/**
 * The slice viewer's benchmarks, in Chromium (Playwright) against the browser host, on the same
 * software WebGL as the end-to-end tests. No Python reference: the targets are absolute. Without
 * Chromium or playwright-core the cases report themselves skipped.
 */

const ms = (x: number): string => `${x.toFixed(1)} ms`;
/** Median of one field of the samples after the warm-up (the harness runs every case once before measuring). */
const med = <T>(xs: T[], f: (s: T) => number): number => median(xs.slice(1).map(f));

/** A page with a file open, per case; closed in teardown. */
class ViewerCase {
  page: Page | null = null;
  private context: BrowserContext | null = null;

  constructor(private readonly host: ViewerHost) {}

  skip(ctx: BenchContext): Promise<string | null> {
    return viewerUnavailable(this.host, ctx.workDir);
  }

  async root(ctx: BenchContext): Promise<string> {
    return viewerRoot(this.host, ctx.workDir);
  }

  async open(ctx: BenchContext, file?: string): Promise<LoadSample | null> {
    ({ page: this.page, context: this.context } = await openViewerPage(this.host, ctx.workDir));
    return file ? openInViewer(this.page, file) : null;
  }

  async close(): Promise<void> {
    await this.context?.close();
    this.context = this.page = null;
  }
}

/** Milliseconds in [0, one 60 Hz frame), reproducible: when in a frame the "key press" lands. */
function phases(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * (1000 / 60);
  };
}

/**
 * Each change is measured alone, as a key press into an idle viewer: after the previous one has been
 * drawn and presented, and Chromium has stopped producing frames. (While frames are being produced,
 * e.g. with a key held down, a change also waits up to one frame, 16.7 ms, for the next one to start.)
 */
const IDLE_MS = 100;

/** Slice or LUT/range change on a 512x512 plane, timed to the GPU having drawn it. */
function changeCase(host: ViewerHost, kind: 'slice' | 'lut'): BenchCase {
  const v = new ViewerCase(host);
  const samples: ChangeSample[] = [];
  const phase = phases(kind === 'slice' ? 1 : 2);
  const file = 'stack-512.tif';
  const dims = (ctx: BenchContext): Dims => (ctx.quick ? { x: 128, y: 128, z: 8, c: 1, t: 1 } : { x: 512, y: 512, z: 64, c: 1, t: 1 });
  return {
    name: kind === 'slice' ? 'viewer: slice change to pixels (512x512)' : 'viewer: LUT/range change to pixels (512x512)',
    target: 'median < 16 ms',
    bytes: () => 0,
    skip: (ctx) => v.skip(ctx),
    repeats: (ctx) => (ctx.quick ? 4 : 60),
    async setup(ctx) {
      samples.length = 0;
      writeOurTiff(join(await v.root(ctx), file), dims(ctx));
      await v.open(ctx, file);
    },
    async run() {
      const s = await v.page!.evaluate(measureChange, { kind, idleMs: IDLE_MS, phaseMs: phase(), step: samples.length });
      if (s.renders < 1) throw new Error(`${kind} change: the view did not redraw`);
      samples.push(s);
      return s.total / 1000;
    },
    teardown: () => v.close(),
    note: () =>
      samples.length > 1
        ? `p95 ${ms(quantile(samples.slice(1).map((s) => s.total), 0.95))}; medians: wait for frame ${ms(med(samples, (s) => s.wait))}, ` +
          `view draw ${ms(med(samples, (s) => s.draw))}, other callbacks ${ms(med(samples, (s) => s.other))}, GPU finish ${ms(med(samples, (s) => s.gpu))}`
        : null,
  };
}

/** 4D playback of a two-channel 256x256 time series (composited), asked for at 60 fps. */
function playbackCase(host: ViewerHost): BenchCase {
  const v = new ViewerCase(host);
  const samples: PlaybackSample[] = [];
  const file = 'timeseries-256.tif';
  // The quick run only checks the harness, but on a loaded machine a quarter second showed no frame at all.
  const seconds = (ctx: BenchContext): number => (ctx.quick ? 1.5 : 3);
  return {
    name: 'viewer: 4D playback 256x256, 2 channels',
    target: '>= 30 fps sustained',
    bytes: () => 0,
    skip: (ctx) => v.skip(ctx),
    repeats: (ctx) => (ctx.quick ? 1 : 5),
    show: (spf) => `${(1 / spf).toFixed(1)} fps`,
    async setup(ctx) {
      samples.length = 0;
      writeOurTiff(join(await v.root(ctx), file), ctx.quick ? { x: 64, y: 64, z: 1, c: 2, t: 10 } : { x: 256, y: 256, z: 1, c: 2, t: 100 });
      await v.open(ctx, file);
    },
    async run(ctx) {
      const s = await v.page!.evaluate(measurePlayback, { seconds: seconds(ctx), fps: 60 });
      if (s.shown < 1) throw new Error('playback showed no frame');
      samples.push(s);
      return s.seconds / s.shown;
    },
    teardown: () => v.close(),
    note: () => {
      if (samples.length < 2) return null;
      const perS = (f: (s: PlaybackSample) => number): string => med(samples, (s) => f(s) / s.seconds).toFixed(1);
      const draws = samples.slice(1).flatMap((s) => s.drawMs);
      return `asked 60 fps; per second: ${perS((s) => s.renders)} renders (data-render-count), ${perS((s) => s.frames)} animation frames; ` +
        `view draw median ${ms(median(draws))}`;
    },
  };
}

/** The page's longest main-thread task while a 256 MB stack is opened and streams in. */
function streamCase(host: ViewerHost): BenchCase {
  const v = new ViewerCase(host);
  const samples: LoadSample[] = [];
  const file = 'stream-256mb.tif';
  return {
    name: 'viewer: longest main-thread task, 256 MB streaming in',
    target: '< 50 ms',
    bytes: () => 0,
    skip: (ctx) => v.skip(ctx),
    // A maximum per run, near the threshold: more runs than the others for a steadier median.
    repeats: (ctx) => (ctx.quick ? 1 : 5),
    show: (s) => (s > 0 ? ms(s * 1000) : 'none >= 50 ms'),
    async setup(ctx) {
      samples.length = 0;
      // 512^3 uint16, the decode benchmarks' input (--quick: tiny, without the Python round trip).
      const path = join(await v.root(ctx), file);
      if (ctx.quick) writeOurTiff(path, { x: 64, y: 64, z: 16, c: 1, t: 1 });
      else makeInput('tiff', path, { x: 512, y: 512, z: 512 });
      await v.open(ctx);
    },
    async run() {
      const s = await openInViewer(v.page!, file);
      if (s.longest === null) throw new Error('this Chromium has no Long Tasks API');
      samples.push(s);
      return s.longest / 1000;
    },
    teardown: () => v.close(),
    note: () =>
      samples.length > 1
        ? `longest per run ${samples.slice(1).map((s) => s.longest).join('/')} ms: ${Math.max(...samples.slice(1).map((s) => s.longestOpen))} ms at most ` +
          `in the open (before the voxel request), ${Math.max(...samples.slice(1).map((s) => s.longestStreaming))} ms after it (stream, statistics); ` +
          `medians: ${med(samples, (s) => s.count)} long tasks, longest gap between 0 ms timer ticks ${ms(med(samples, (s) => s.maxGap))} ` +
          `(worst ${ms(Math.max(...samples.slice(1).map((s) => s.maxGap)))}), open to loaded ${ms(med(samples, (s) => s.loadMs))}, ` +
          `${med(samples, (s) => s.renders)} view draws`
        : null,
  };
}

/**
 * The live filter preview: a gaussian step (sigma 2) in the pipeline panel over a 512^3 uint16 volume,
 * its sigma changed in the panel's field (2 and 1.9 in turn: the same radius, 8, so the same work),
 * timed from the change to the new preview's pixels on screen (the 512x512 XY plane).
 */
function previewCase(host: ViewerHost): BenchCase {
  const v = new ViewerCase(host);
  const samples: PreviewSample[] = [];
  const phase = phases(3);
  const file = 'preview-512.tif';
  let kernels = '';
  return {
    name: 'viewer: filter preview, gaussian sigma 2 change to pixels (512x512 of 512^3)',
    target: 'median < 30 ms',
    bytes: () => 0,
    skip: (ctx) => v.skip(ctx),
    repeats: (ctx) => (ctx.quick ? 4 : 30),
    async setup(ctx) {
      samples.length = 0;
      writeOurTiff(join(await v.root(ctx), file), ctx.quick ? { x: 64, y: 64, z: 64, c: 1, t: 1 } : { x: 512, y: 512, z: 512, c: 1, t: 1 });
      await v.open(ctx, file);
      const page = v.page!;
      // Through the panel, as a user: add the step (the preview turns on), then sigma 2.
      await page.selectOption('[data-testid="pipeline-add"]', 'gaussian');
      const sigma = page.locator('[data-testid="pipeline-panel"] [data-field="sigma"]');
      await sigma.fill('2');
      await sigma.dispatchEvent('change');
      await page.waitForFunction(() => (globalThis as unknown as { document: { documentElement: { dataset: { renderState?: string } } } }).document.documentElement.dataset.renderState === 'settled');
      kernels = (await page.getAttribute('[data-testid="pipeline-panel"]', 'data-kernels')) ?? '?';
    },
    async run() {
      const s = await v.page!.evaluate(measurePreviewChange, { field: 'sigma', values: ['1.9', '2'], idleMs: IDLE_MS, phaseMs: phase(), step: samples.length });
      if (s.renders < 1) throw new Error('preview change: the view did not redraw');
      samples.push(s);
      return s.total / 1000;
    },
    teardown: () => v.close(),
    note: () => {
      if (samples.length < 2) return null;
      const after = samples.slice(1);
      return `${kernels} kernels; p95 ${ms(quantile(after.map((s) => s.total), 0.95))}; medians from the change: job asked ${ms(med(samples, (s) => s.posted))}, ` +
        `job done ${ms(med(samples, (s) => s.computed))}, plane ready ${ms(med(samples, (s) => s.ready))}, ` +
        `${med(samples, (s) => s.framesBefore)} view draws before it, its draw ${ms(med(samples, (s) => s.draw))}, GPU finish ${ms(med(samples, (s) => s.gpu))}; ` +
        `${after.filter((s) => s.changed).length}/${after.length} changes changed the preview`;
    },
  };
}

export function viewerCases(host: ViewerHost): BenchCase[] {
  return [changeCase(host, 'slice'), changeCase(host, 'lut'), playbackCase(host), streamCase(host), previewCase(host)];
}
