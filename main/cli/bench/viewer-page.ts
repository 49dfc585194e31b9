/**
 * Code that runs inside the viewer page (Chromium), passed to Playwright's page.evaluate /
 * addInitScript. Playwright sends each function's source text, so every function here is
 * self-contained: no imports, no module-level values, only its argument and the page's globals.
 * main/ is compiled without the DOM library, so the few page APIs used are typed below.
 */

interface Dims { x: number; y: number; z: number; c: number; t: number }
interface PageState {
  cursor: { z: number; c: number; t: number };
  previewSource: { plane(axis: string, slice: number, c: number, t: number): { values: Float32Array } | null } | null;
  on(ev: 'preview', fn: () => void): () => void;
  volume: { meta: { dims: Dims } } | null;
  display: { channels: { lut: string; mapping: { min: number; max: number } }[] };
  on(ev: 'status', fn: (s: { text: string; kind: string }) => void): () => void;
  setChannel(c: number, patch: { lut?: string }, mapping?: { min?: number; max?: number }): void;
  setPlayback(p: { playing?: boolean; fps?: number; loop?: boolean }): void;
}
interface Gl { RGBA: number; UNSIGNED_BYTE: number; readPixels(x: number, y: number, w: number, h: number, f: number, t: number, out: Uint8Array): void }
interface El { dataset: Record<string, string | undefined>; value: string; dispatchEvent(e: unknown): boolean; getContext(kind: 'webgl2'): Gl | null }
interface Probe {
  /** Long tasks (>= 50 ms) of the page's main thread, from a PerformanceObserver installed before the app. */
  longtasks: { start: number; duration: number }[];
  observer: { takeRecords(): { startTime: number; duration: number }[] } | null;
  watch: { t0: number; renders0: number; maxGap: number; timer: number; loaded: Promise<number> } | null;
  /** Slice stepping direction and the display to alternate around, kept between measurements. */
  down: boolean;
  flip: boolean;
  base: { lut: string; min: number; max: number } | null;
}
interface Page {
  __voxelscope: { state: PageState; framesShown(): number; lastDrawMs(): number };
  __vsBench: Probe;
  document: { documentElement: El; querySelector(sel: string): El | null };
  performance: { now(): number; getEntriesByType(type: 'resource'): { name: string; startTime: number }[] };
  requestAnimationFrame(fn: (ts: number) => void): number;
  setTimeout(fn: () => void, ms: number): number;
  setInterval(fn: () => void, ms: number): number;
  clearInterval(id: number): void;
  clearTimeout(id: number): void;
  KeyboardEvent: new (type: string, init: { key: string; bubbles: boolean; cancelable: boolean }) => unknown;
  Event: new (type: string, init: { bubbles: boolean }) => unknown;
  PerformanceObserver: new (fn: (list: { getEntries(): { startTime: number; duration: number }[] }) => void) => {
    observe(o: { type: string; buffered: boolean }): void;
    takeRecords(): { startTime: number; duration: number }[];
  };
}

/** One change measured to pixels: all in ms, on the page's clock. */
export interface ChangeSample {
  /** From the change to the GPU having finished the frame that shows it. */
  total: number;
  /** From the change to the start of the animation frame callbacks that draw it (vsync and scheduling). */
  wait: number;
  /** The view's own draw in that frame (compose + texture upload + render calls). */
  draw: number;
  /** Other main-thread work of that frame before the readback (other views' and widgets' callbacks). */
  other: number;
  /** The 1-pixel readPixels: waits for the GPU process to execute the frame's WebGL commands. */
  gpu: number;
  /** data-render-count increase (0 means the view did not redraw: a broken measurement). */
  renders: number;
}

export interface PlaybackSample {
  seconds: number;
  /** Time points shown (the playback's own counter). */
  shown: number;
  /** data-render-count increase. */
  renders: number;
  /** Animation frames the page got in the same time. */
  frames: number;
  /** The view's draw time, sampled every frame. */
  drawMs: number[];
}

export interface LoadSample {
  /** From the open request to the status bar's "loaded" (every voxel in and the statistics done). */
  loadMs: number;
  /** Longest long task (>= 50 ms) while loading, 0 if none; null without the Long Tasks API. */
  longest: number | null;
  /** The same, split at the voxel request: the open (RPC, panels rebuilt) and after it (stream, statistics). */
  longestOpen: number;
  longestStreaming: number;
  count: number;
  /** Longest gap between ticks of a 0 ms interval timer (timers yield to other tasks, so it can exceed the longest task). */
  maxGap: number;
  /** data-render-count increase while loading: view draws. */
  renders: number;
}

/** Installed before the app's own scripts (addInitScript): the long-task observer must predate the load. */
export function installProbe(): void {
  const w = globalThis as unknown as Page;
  const probe: Probe = { longtasks: [], observer: null, watch: null, down: false, flip: false, base: null };
  try {
    const obs = new w.PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.longtasks.push({ start: e.startTime, duration: e.duration });
    });
    obs.observe({ type: 'longtask', buffered: true });
    probe.observer = obs;
  } catch {
    // No Long Tasks API: the interval sampler still measures.
  }
  w.__vsBench = probe;
}

/**
 * Starts watching a load: the time, a 0 ms interval sampling the main thread's gaps, and a promise
 * that resolves when the status bar says `name: ... loaded` (rejects on an error status).
 */
export function startLoadWatch(name: string): void {
  const w = globalThis as unknown as Page;
  const p = w.__vsBench;
  const t0 = w.performance.now();
  let last = t0;
  const watch = { t0, renders0: Number(w.document.documentElement.dataset.renderCount), maxGap: 0, timer: 0, loaded: Promise.resolve(0) };
  watch.timer = w.setInterval(() => {
    const t = w.performance.now();
    watch.maxGap = Math.max(watch.maxGap, t - last);
    last = t;
  }, 0);
  watch.loaded = new Promise<number>((ok, fail) => {
    const off = w.__voxelscope.state.on('status', (s) => {
      if (s.kind === 'error') {
        off();
        fail(new Error(s.text.includes(name) ? s.text : `${name}: ${s.text}`));
      } else if (s.text.startsWith(`${name}: `) && s.text.includes(' loaded in ')) {
        off();
        ok(w.performance.now());
      }
    });
  });
  p.watch = watch;
}

/** Waits for the watched load to finish and reports it. */
export async function finishLoadWatch(timeoutMs: number): Promise<LoadSample> {
  const w = globalThis as unknown as Page;
  const p = w.__vsBench;
  const watch = p.watch!;
  const timeout = new Promise<number>((_, fail) => w.setTimeout(() => fail(new Error(`not loaded after ${timeoutMs} ms`)), timeoutMs));
  try {
    const done = await Promise.race([watch.loaded, timeout]);
    // The load starts with the open request (the dialog before it is the user's, not the load's).
    const open = w.performance.getEntriesByType('resource').filter((e) => /\/rpc\/open/.test(e.name) && e.startTime >= watch.t0).pop();
    const start = open?.startTime ?? watch.t0;
    for (const e of p.observer?.takeRecords() ?? []) p.longtasks.push({ start: e.startTime, duration: e.duration });
    const tasks = p.longtasks.filter((t) => t.start >= watch.t0 && t.start <= done);
    // When the voxel request went out (its resource timing entry is there once the response is done).
    const stream = w.performance.getEntriesByType('resource').filter((e) => /\/volume\/[^/]+\/data/.test(e.name) && e.startTime >= watch.t0).pop();
    const split = stream?.startTime ?? watch.t0;
    const longestOf = (xs: { duration: number }[]): number => Math.max(0, ...xs.map((t) => t.duration));
    return {
      loadMs: done - start, longest: p.observer ? longestOf(tasks) : null,
      longestOpen: longestOf(tasks.filter((t) => t.start < split)), longestStreaming: longestOf(tasks.filter((t) => t.start >= split)),
      count: tasks.length, maxGap: watch.maxGap, renders: Number(w.document.documentElement.dataset.renderCount) - watch.renders0,
    };
  } finally {
    w.clearInterval(watch.timer);
    p.watch = null;
  }
}

/**
 * One display change timed to pixels. After letting the previous change drain (three frames, each
 * ending with a GPU finish), `idleMs` without frames and a random delay (input arrives at any point of
 * a frame), makes the change: a real ArrowUp/ArrowDown
 * keydown on the XY view for 'slice' (it bubbles to the app's window listener), or for 'lut' a range
 * change and a colormap change in turn. Then a rAF registered after the change runs right after the
 * view's draw in the same frame, and forces the GPU to finish with a 1-pixel readPixels.
 */
export async function measureChange(a: { kind: 'slice' | 'lut'; idleMs: number; phaseMs: number; step: number }): Promise<ChangeSample> {
  const w = globalThis as unknown as Page;
  const vs = w.__voxelscope;
  const st = vs.state;
  const p = w.__vsBench;
  const gl = w.document.querySelector('#slice-canvas')!.getContext('webgl2')!;
  const px = new Uint8Array(4);
  // Drain: a readPixels returns only once the GPU process has done everything queued before it,
  // including presenting the previous change (which takes tens of ms in SwiftShader).
  for (let i = 0; i < 3; i++) {
    await new Promise<number>((r) => w.requestAnimationFrame(r));
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
  }
  await new Promise<void>((r) => w.setTimeout(r, a.idleMs + a.phaseMs));
  const root = w.document.documentElement;
  const renders0 = Number(root.dataset.renderCount);
  const c = st.cursor.c;
  // Registered before the change, so it runs first in the frame that draws it: when that frame's
  // callbacks began. (The rAF timestamp is the frame's nominal begin time, which can precede the change.)
  let frameStart = 0;
  w.requestAnimationFrame(() => (frameStart = w.performance.now()));
  const t0 = w.performance.now();
  if (a.kind === 'slice') {
    const z = st.cursor.z;
    const last = st.volume!.meta.dims.z - 1;
    if (z >= last) p.down = true;
    else if (z <= 0) p.down = false;
    const ev = new w.KeyboardEvent('keydown', { key: p.down ? 'ArrowDown' : 'ArrowUp', bubbles: true, cancelable: true });
    w.document.querySelector('[data-view="xy"]')!.dispatchEvent(ev);
  } else {
    const ch = st.display.channels[c];
    p.base ??= { lut: ch.lut, min: ch.mapping.min, max: ch.mapping.max };
    const b = p.base;
    if (a.step % 2) st.setChannel(c, { lut: ch.lut === b.lut ? (b.lut === 'viridis' ? 'magma' : 'viridis') : b.lut });
    else {
      p.flip = !p.flip;
      st.setChannel(c, {}, { min: b.min, max: p.flip ? b.min + 0.8 * (b.max - b.min) : b.max });
    }
  }
  const [inFrame, done] = await new Promise<[number, number]>((r) =>
    w.requestAnimationFrame(() => {
      const f = w.performance.now();
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
      r([f, w.performance.now()]);
    }),
  );
  const draw = vs.lastDrawMs();
  return {
    total: done - t0, wait: frameStart - t0, draw, other: Math.max(0, inFrame - frameStart - draw), gpu: done - inFrame,
    renders: Number(root.dataset.renderCount) - renders0,
  };
}

/** Plays the time series at `fps` for `seconds` and counts what was shown. */
export async function measurePlayback(a: { seconds: number; fps: number }): Promise<PlaybackSample> {
  const w = globalThis as unknown as Page;
  const vs = w.__voxelscope;
  const root = w.document.documentElement;
  for (let i = 0; i < 3; i++) await new Promise<number>((r) => w.requestAnimationFrame(r));
  const drawMs: number[] = [];
  let frames = 0;
  let on = true;
  const count = (): void => {
    if (!on) return;
    frames++;
    drawMs.push(vs.lastDrawMs());
    w.requestAnimationFrame(count);
  };
  const shown0 = vs.framesShown();
  const renders0 = Number(root.dataset.renderCount);
  const t0 = w.performance.now();
  w.requestAnimationFrame(count);
  vs.state.setPlayback({ playing: true, fps: a.fps, loop: true });
  await new Promise<void>((r) => w.setTimeout(r, a.seconds * 1000));
  const shown = vs.framesShown() - shown0;
  const renders = Number(root.dataset.renderCount) - renders0;
  const seconds = (w.performance.now() - t0) / 1000;
  on = false;
  vs.state.setPlayback({ playing: false });
  return { seconds, shown, renders, frames, drawMs };
}

/** The reference load: a plain fetch of `bytes` bytes into a SharedArrayBuffer, chunk by chunk; ms. */
export async function plainFetch(a: { url: string; bytes: number }): Promise<number> {
  const w = globalThis as unknown as Page & { fetch(url: string): Promise<{ body: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }> } } }> };
  const dest = new Uint8Array(new SharedArrayBuffer(a.bytes));
  const t0 = w.performance.now();
  const reader = (await w.fetch(a.url)).body.getReader();
  let at = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    dest.set(value!, at);
    at += value!.byteLength;
  }
  if (at !== a.bytes) throw new Error(`fetched ${at} of ${a.bytes} bytes`);
  return w.performance.now() - t0;
}

/** One preview parameter change timed to pixels: all in ms, on the page's clock. */
export interface PreviewSample {
  /** From the change to the GPU having finished the frame that shows the new preview. */
  total: number;
  /** From the change to the new preview plane being ready in the page (computed and handed back). */
  ready: number;
  /** From the change to the preview job's request to the pool, and to its result back in the page. */
  posted: number;
  computed: number;
  /** View draws (frames) between the change and the one that showed the new preview. */
  framesBefore: number;
  /** The view's draw of the new preview (compose + texture upload + render calls), and the GPU finish after it. */
  draw: number;
  gpu: number;
  /** data-render-count increase (0 means the view did not redraw: a broken measurement). */
  renders: number;
  /** The shown preview's values differ from the previous change's (the change reached the pixels). */
  changed: boolean;
}

/**
 * One parameter change of the pipeline panel's first step, timed to pixels, measured alone like
 * measureChange (the previous change drained, `idleMs` without frames, a random phase). The change is
 * made as a user makes it: the field's text set and its change event fired (what Enter or leaving the
 * field does). The end is the first animation frame after the new preview plane is ready: the view's
 * own frame callback, registered when the plane arrived ('preview' event, the view listens first),
 * draws it just before ours, which forces the GPU to finish with a 1-pixel readPixels.
 */
export async function measurePreviewChange(a: { field: string; values: string[]; idleMs: number; phaseMs: number; step: number }): Promise<PreviewSample> {
  const w = globalThis as unknown as Page & { __vsPreviewSum?: number };
  const st = w.__voxelscope.state;
  const gl = w.document.querySelector('#slice-canvas')!.getContext('webgl2')!;
  const input = w.document.querySelector(`[data-testid="pipeline-panel"] [data-field="${a.field}"]`);
  if (!input) throw new Error(`no pipeline field ${a.field}`);
  const px = new Uint8Array(4);
  // Times the engine's jobs (its pool is a private field in TypeScript only): when the preview job
  // was asked for, and when its result came back.
  type Pool = { run(kind: string, p: unknown, o?: unknown): { result: Promise<unknown> }; __vsTimed?: boolean };
  const engine = st.previewSource as unknown as { pool(): Pool };
  const timing = { posted: 0, computed: 0 };
  const pool = engine.pool();
  if (!pool.__vsTimed) {
    const run = pool.run.bind(pool);
    pool.run = (kind, p, o) => {
      const h = run(kind, p, o);
      const probe = (w as unknown as { __vsJobTiming?: { posted: number; computed: number } }).__vsJobTiming;
      if (probe && !probe.posted) {
        probe.posted = w.performance.now();
        void h.result.then(() => (probe.computed = w.performance.now()), () => undefined);
      }
      return h;
    };
    pool.__vsTimed = true;
  }
  for (let i = 0; i < 3; i++) {
    await new Promise<number>((r) => w.requestAnimationFrame(r));
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
  }
  await new Promise<void>((r) => w.setTimeout(r, a.idleMs + a.phaseMs));
  (w as unknown as { __vsJobTiming?: { posted: number; computed: number } }).__vsJobTiming = timing;
  const root = w.document.documentElement;
  const renders0 = Number(root.dataset.renderCount);
  let rendersAtReady = renders0;
  const { z, c, t } = st.cursor;
  let ready = 0;
  let inFrame = 0;
  const shown = new Promise<number>((resolve, reject) => {
    const timer = w.setTimeout(() => reject(new Error('the preview did not update within 10 s')), 10_000);
    const off = st.on('preview', () => {
      if (ready || !st.previewSource?.plane('xy', z, c, t)) return;
      ready = w.performance.now();
      rendersAtReady = Number(root.dataset.renderCount);
      off();
      w.requestAnimationFrame(() => {
        inFrame = w.performance.now();
        gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
        w.clearTimeout(timer);
        resolve(w.performance.now());
      });
    });
  });
  const t0 = w.performance.now();
  input.value = a.values[a.step % a.values.length];
  input.dispatchEvent(new w.Event('change', { bubbles: true }));
  const done = await shown;
  const values = st.previewSource!.plane('xy', z, c, t)!.values;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const changed = w.__vsPreviewSum !== undefined && sum !== w.__vsPreviewSum;
  w.__vsPreviewSum = sum;
  (w as unknown as { __vsJobTiming?: unknown }).__vsJobTiming = undefined;
  return {
    total: done - t0, ready: ready - t0, posted: timing.posted - t0, computed: timing.computed - t0, framesBefore: rendersAtReady - renders0,
    draw: w.__voxelscope.lastDrawMs(), gpu: done - inFrame,
    renders: Number(root.dataset.renderCount) - renders0, changed,
  };
}
