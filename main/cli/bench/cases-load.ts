import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startBareServer, type BareServer } from './bare-server.js';
import { median, type BenchCase, type BenchContext } from './harness.js';
import { makeInput, writeOurTiff } from './inputs.js';
import { plainFetch, type LoadSample } from './viewer-page.js';
import { openInViewer, openViewerPage, viewerRoot, viewerUnavailable, type ViewerHost } from './viewer-session.js';

/**
 * Open to fully loaded in the viewer (Chromium, browser host): from the open request (the user picked
 * the file in the Open dialog) to the status bar's "loaded" (every plane on this side and the statistics done), beside a plain fetch of the same
 * number of bytes from a bare Node server into a SharedArrayBuffer in the same browser, measured in
 * the same run: what the transport itself allows here.
 */
interface LoadInput {
  name: string;
  /** Writes the file(s) into the served folder; returns the name to open and the voxel bytes. */
  make(root: string, ctx: BenchContext, host: ViewerHost): { file: string; bytes: number };
  /** Why this input cannot be made here, or null. */
  missing?(host: ViewerHost): string | null;
  target: string;
}

function loadCase(host: ViewerHost, input: LoadInput): BenchCase {
  let page: Page | null = null;
  let close = async (): Promise<void> => undefined;
  let bare: BareServer | null = null;
  let bare0: Page | null = null;
  let file = '';
  let bytes = 0;
  const reference: number[] = [];
  const samples: (LoadSample & { firstSliceMs: number; streamMs: number })[] = [];
  return {
    name: `viewer: open to loaded, ${input.name}`,
    target: input.target,
    bytes: () => bytes,
    skip: async (ctx) => input.missing?.(host) ?? viewerUnavailable(host, ctx.workDir),
    async setup(ctx) {
      reference.length = samples.length = 0;
      ({ file, bytes } = input.make(await viewerRoot(host, ctx.workDir), ctx, host));
      const opened = await openViewerPage(host, ctx.workDir);
      page = opened.page;
      close = () => opened.context.close();
      bare = await startBareServer();
      bare0 = await opened.context.newPage();
      await bare0.goto(bare.origin);
    },
    async run() {
      // Reference and case alternate, so the machine's load drifts over both alike. Each page is brought
      // to the front for its turn: a page in the background gets its timers throttled to one a second.
      await bare0!.bringToFront();
      reference.push((await bare0!.evaluate(plainFetch, { url: `${bare!.origin}/bytes?n=${bytes}`, bytes })) / 1000);
      await page!.bringToFront();
      const s = await openInViewer(page!, file);
      const marks = await page!.evaluate(() => (globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset);
      samples.push({ ...s, firstSliceMs: Number(marks.firstSliceMs), streamMs: Number(marks.streamMs) });
      return s.loadMs / 1000;
    },
    async teardown() {
      await close();
      await bare?.close();
      page = bare0 = bare = null;
    },
    // The warm-up run is in both lists: drop it from both.
    reference: () => ({ name: 'plain fetch, bare server', seconds: reference.slice(1) }),
    note: () =>
      samples.length > 1
        ? `medians: first slice on screen ${median(samples.slice(1).map((s) => s.firstSliceMs)).toFixed(0)} ms, ` +
          `last voxel in ${median(samples.slice(1).map((s) => s.streamMs)).toFixed(0)} ms (then statistics), ` +
          `${median(samples.slice(1).map((s) => s.renders))} view draws while loading`
        : null,
  };
}

const stack: LoadInput = {
  name: '256 MB uint16 stack',
  target: '>= 0.83x plain fetch (within 1.2x); first slice < 300 ms',
  make(root, ctx) {
    const file = 'load-256mb.tif';
    const size = ctx.quick ? { x: 64, y: 64, z: 16 } : { x: 512, y: 512, z: 512 };
    if (ctx.quick) writeOurTiff(join(root, file), { ...size, c: 1, t: 1 });
    else makeInput('tiff', join(root, file), size);
    return { file, bytes: size.x * size.y * size.z * 2 };
  },
};

/** The project's fixtures, beside the built renderer in a checkout (dist/renderer -> test/fixtures). */
const fixtures = (host: ViewerHost): string => join(host.rendererDir, '../../test/fixtures/real');
const CUBE = ['aviris-ng_rdn_10x10x425_bil', 'aviris-ng_rdn_10x10x425_bil.hdr'];

const cube: LoadInput = {
  name: '166 KiB cube, 425 bands (AVIRIS-NG)',
  target: '< 100 ms',
  missing: (host) => (existsSync(join(fixtures(host), CUBE[1])) ? null : `no test fixtures at ${fixtures(host)} (run from a checkout)`),
  make(root, _ctx, host) {
    // A real many-band ENVI cube, the project's own fixture: the cost there is per plane, not per byte.
    for (const f of CUBE) copyFileSync(join(fixtures(host), f), join(root, f));
    return { file: CUBE[1], bytes: 10 * 10 * 425 * 4 };
  },
};

export function loadCases(host: ViewerHost): BenchCase[] {
  return [loadCase(host, stack), loadCase(host, cube)];
}
