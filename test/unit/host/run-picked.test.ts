import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAllReaders } from '../../../app/formats/all-readers.js';
import type { EventName, EventPayload } from '../../../app/ipc/contract.js';
import { events, methods } from '../../../app/ipc/contract.js';
import { FileAccess } from '../../../main/services/file-access.js';
import { HostApi, type HostPlatform } from '../../../main/services/host-api.js';
import { RecentFiles } from '../../../main/services/recent-files.js';
import type { ClientSession } from '../../../main/services/sessions.js';
import { VolumeStore } from '../../../main/services/volume-store.js';
import { REPO } from '../paths.js';
import { tempDir, until, writeTiff } from './host-kit.js';

/*
 * Run on files… in the desktop app, at the HostApi level: a platform whose "native dialogs" return the
 * paths a user chose (there is no Electron binary here), the batch itself real (real files, the built
 * decode and job workers on worker threads), its outputs byte for byte those of `voxelscope run`. The
 * renderer only ever holds pick ids; the run reads only what was picked and writes only below the
 * picked output folder.
 */
registerAllReaders();
const DIST = join(REPO, 'dist/main');
const RECIPE = { format: 'voxelscope-recipe', version: 2, steps: [{ op: 'gaussian', sigma: 1 }, { op: 'threshold', method: 'otsu' }] };

let dir = '';
let store: VolumeStore;
let api: HostApi;
/** What the next dialog returns (as if the user chose these). */
let chosen: string[] = [];
let dialogs = 0;
const got: { name: EventName; payload: unknown }[] = [];
const session = (id: string): ClientSession => ({ id, emit: (name, payload) => got.push({ name, payload }) });
const a = session('sa');
const b = session('sb');

beforeAll(async () => {
  if (!existsSync(join(DIST, 'hash-worker.mjs')) || !existsSync(join(REPO, 'dist/main/cli.mjs'))) {
    const r = spawnSync(process.execPath, [join(REPO, 'scripts/build.mjs')], { cwd: REPO, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  }
  dir = tempDir('vs-picked-');
  for (const d of ['data/sub', 'single', 'secret', 'links']) mkdirSync(join(dir, d), { recursive: true });
  writeTiff(join(dir, 'data/a.tif'), 12, 10, 4);
  writeTiff(join(dir, 'data/sub/b.tif'), 9, 8, 3);
  writeTiff(join(dir, 'single/c.tif'), 7, 6, 2);
  writeTiff(join(dir, 'secret/s.tif'), 5, 5, 2);
  writeTiff(join(dir, 'links/own.tif'), 6, 5, 2);
  symlinkSync(join(dir, 'secret/s.tif'), join(dir, 'links/leak.tif'));
  mkdirSync(join(dir, 'out'));
  mkdirSync(join(dir, 'out-linked'));
  symlinkSync(join(dir, 'secret'), join(dir, 'out-linked/sub'));
  writeFileSync(join(dir, 'recipe.json'), JSON.stringify(RECIPE));
  store = new VolumeStore(pathToFileURL(join(DIST, 'decode-worker.mjs')), 2);
  const platform: HostPlatform = {
    kind: 'electron', name: 'Voxelscope', version: 'test', versions: {}, memoryBudget: 256 << 20, root: null,
    resolveDrop: () => null,
    pickRunInputs: async () => (dialogs++, chosen),
    pickRunOutput: async () => (dialogs++, chosen[0] ?? null),
    batchWorkers: { decode: pathToFileURL(join(DIST, 'decode-worker.mjs')), job: pathToFileURL(join(DIST, 'job-worker.mjs')), hash: pathToFileURL(join(DIST, 'hash-worker.mjs')) },
  };
  api = new HostApi(store, new RecentFiles(tempDir('vs-picked-config-')), platform);
});
afterAll(async () => {
  await store?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function call<T>(s: ClientSession, method: string, payload: unknown): Promise<T> {
  const r = await api.dispatch(s, method, payload);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  // What crosses the boundary is what the contract says.
  expect(methods[method as keyof typeof methods].response.safeParse(r.value).success, method).toBe(true);
  return r.value as T;
}
const refusal = async (s: ClientSession, method: string, payload: unknown): Promise<string> => {
  const r = await api.dispatch(s, method, payload);
  expect(r.ok, `${method} ${JSON.stringify(payload)}`).toBe(false);
  return r.ok ? '' : `${r.error.code}: ${r.error.message}`;
};

type Pick = { id: string; name: string; kind: 'file' | 'dir' };
async function pick(s: ClientSession, paths: string[], folders: boolean): Promise<Pick[]> {
  chosen = paths.map((p) => join(dir, p));
  return call<Pick[]>(s, 'pickRunInputs', { folders });
}
async function pickOut(s: ClientSession, path: string): Promise<Pick> {
  chosen = [join(dir, path)];
  return call<Pick>(s, 'pickRunOutput', {});
}
async function finished(runId: string): Promise<EventPayload<'runFinished'>> {
  await until(() => got.some((e) => e.name === 'runFinished' && (e.payload as { runId: string }).runId === runId), 60_000);
  return got.find((e) => e.name === 'runFinished' && (e.payload as { runId: string }).runId === runId)!.payload as EventPayload<'runFinished'>;
}

describe('Run on files in the desktop app (picked files and folders)', () => {
  it('says it can pick for a run, and gives ids and names for what was picked, never paths', async () => {
    const info = await call<{ canPickForRun: boolean; canBrowse: boolean }>(a, 'appInfo', {});
    expect(info).toMatchObject({ canPickForRun: true, canBrowse: false });
    const picks = await pick(a, ['data', 'single/c.tif'], true);
    // The folder dialog returned a file too: only folders are taken from it.
    expect(picks.map((p) => [p.name, p.kind])).toEqual([['data', 'dir']]);
    expect(JSON.stringify(picks)).not.toContain(dir);
    expect(picks[0].id).toMatch(/^p[0-9a-f]{16}$/);
    // The same folder picked again is the same pick, so a run never reads it twice.
    expect((await pick(a, ['data'], true)).map((p) => p.id)).toEqual([picks[0].id]);
    chosen = [];
    expect(await call(a, 'pickRunInputs', { folders: false })).toEqual([]); // cancelled
    expect(await call(a, 'pickRunOutput', {})).toBeNull();
  });

  it('runs the recipe over a picked folder and a picked file into a picked folder, equal to voxelscope run', async () => {
    const [data] = await pick(a, ['data'], true);
    const [c] = await pick(a, ['single/c.tif'], false);
    const out = await pickOut(a, 'out');
    got.length = 0;
    const r = await call<{ runId: string; total: number; log: string }>(a, 'runStart', { recipe: RECIPE, inputs: [{ pick: data.id }, { pick: c.id }], out: { pick: out.id } });
    expect(r).toMatchObject({ total: 3, log: 'out/voxelscope-run.json' });
    const f = await finished(r.runId);
    expect(f).toMatchObject({ cancelled: false, failures: [], summary: { ok: 3, failed: 0 }, log: 'out/voxelscope-run.json' });
    for (const e of got) expect(events[e.name].safeParse(e.payload).success).toBe(true);
    // Progress names inputs relative to the folder holding each pick, never by the host's absolute paths.
    const current = got.filter((e) => e.name === 'runProgress').map((e) => (e.payload as { current: string }).current).sort();
    expect(current).toEqual(['c.tif', 'data/a.tif', 'data/sub/b.tif']);

    const cli = spawnSync(process.execPath, [join(REPO, 'bin/voxelscope.mjs'), 'run', join(dir, 'recipe.json'), join(dir, 'data'), join(dir, 'single/c.tif'), '--out', join(dir, 'cli-out')], { encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    for (const name of ['a.tif', 'sub/b.tif', 'c.tif']) {
      expect(readFileSync(join(dir, 'out', name)).equals(readFileSync(join(dir, 'cli-out', name))), name).toBe(true);
    }
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['a.tif', 'c.tif', 'sub', 'voxelscope-run.json']);
  });

  it('names nothing but picks: paths, made-up ids and another session\'s ids are refused', async () => {
    const [data] = await pick(a, ['data'], true);
    const out = await pickOut(a, 'out');
    const start = (s: ClientSession, inputs: unknown[], o: unknown) => refusal(s, 'runStart', { recipe: RECIPE, inputs, out: o, overwrite: true });
    expect(await start(a, ['data'], { pick: out.id })).toMatch(/^not-available: /);
    expect(await start(a, [{ pick: data.id }], 'out')).toMatch(/^not-available: /);
    expect(await start(a, [{ pick: data.id }], dir)).toMatch(/^invalid-request: /); // absolute: refused by the contract
    expect(await start(a, [{ pick: `p${'0'.repeat(16)}` }], { pick: out.id })).toMatch(/^not-found: /);
    expect(await start(b, [{ pick: data.id }], { pick: out.id })).toMatch(/^not-found: /);
    const [file] = await pick(a, ['single/c.tif'], false);
    expect(await start(a, [{ pick: data.id }], { pick: file.id })).toMatch(/^invalid-request: .*not a folder/);
    // A session's picks go when it ends.
    api.endSession(a);
    expect(await start(a, [{ pick: data.id }], { pick: out.id })).toMatch(/^not-found: /);
  });

  it('reads only what was picked (a link out of a picked folder fails) and writes only below the picked output folder', async () => {
    const [links] = await pick(a, ['links'], true);
    const out = await pickOut(a, 'out-linked');
    got.length = 0;
    const r = await call<{ runId: string }>(a, 'runStart', { recipe: RECIPE, inputs: [{ pick: links.id }], out: { pick: out.id } });
    const f = await finished(r.runId);
    expect(f.summary).toMatchObject({ ok: 1, failed: 1 });
    expect(f.failures).toEqual([{ input: 'links/leak.tif', error: expect.stringMatching(/outside the files and folders picked/) }]);
    expect(readdirSync(join(dir, 'out-linked')).sort()).toEqual(['own.tif', 'sub', 'voxelscope-run.json']);
    expect(readdirSync(join(dir, 'secret'))).toEqual(['s.tif']);

    // An output whose folder is a link out of the picked output folder is not written.
    const [data] = await pick(a, ['data'], true);
    got.length = 0;
    const r2 = await call<{ runId: string }>(a, 'runStart', { recipe: RECIPE, inputs: [{ pick: data.id }], out: { pick: out.id } });
    const f2 = await finished(r2.runId);
    expect(f2.failures.map((x) => x.error)).toEqual([expect.stringMatching(/^out-linked\/sub\/b\.tif: resolves outside the files and folders picked/)]);
    expect(readdirSync(join(dir, 'secret'))).toEqual(['s.tif']);
    expect(dialogs).toBeGreaterThan(0);
  });

  it('a picked file grants itself and its companions beside it (an .hdr\'s data file), nothing else there', async () => {
    for (const n of ['scan.hdr', 'scan.img', 'SCAN.IMG.gz', 'other.tif', 'scanner.tif']) writeFileSync(join(dir, 'single', n), 'x');
    const access = FileAccess.picked([{ path: join(dir, 'single/scan.hdr'), kind: 'file' }]);
    const ok = async (n: string): Promise<boolean> => access.contains(join(dir, 'single', n));
    expect([await ok('scan.hdr'), await ok('scan.img'), await ok('SCAN.IMG.gz')]).toEqual([true, true, true]);
    expect([await ok('other.tif'), await ok('scanner.tif'), await ok('c.tif'), await access.contains(join(dir, 'data/a.tif'))]).toEqual([false, false, false, false]);
  });
});
