import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { events, methods, validateRequest, type EventName, type Result } from '../../../app/ipc/contract.js';
import { HostApi, type HostPlatform } from '../../services/host-api.js';
import { RecentFiles } from '../../services/recent-files.js';
import type { VolumeStore } from '../../services/volume-store.js';
import { buildContractCase, describe, DROP_ID, DROP_NAME, type Message } from './contract-cases.js';
import type { ToRunner } from './protocol.js';
import type { CaseResult } from './runner.js';
import { READER_FORMATS } from './seeds.js';

type Init = Extract<ToRunner, { type: 'init' }>;

/** Codes a host may answer a bad request with; 'internal' means something escaped that should not have. */
const CLEAN_CODES = new Set(['invalid-request', 'unknown-method', 'not-available', 'format', 'over-budget', 'not-found']);

interface Host { api: HostApi; store: VolumeStore; paths: string[]; problems: string[]; lastVolume: string; recentId: string }
let host: Host | null = null;

/**
 * The browser host's API over a real VolumeStore and a temporary root holding the first seed of every
 * reader format (and a drop folder), as `voxelscope serve` sets it up. Built once per runner.
 */
function setUp(cfg: Init, store: VolumeStore): Host {
  const root = join(cfg.dir, 'root');
  const drops = join(cfg.dir, 'drops', DROP_ID);
  mkdirSync(drops, { recursive: true });
  const paths: string[] = [];
  for (const format of READER_FORMATS) {
    const seed = cfg.seeds.find((s) => s.format === format);
    if (!seed) continue;
    mkdirSync(join(root, format), { recursive: true });
    for (const [name, bytes] of seed.files) writeFileSync(join(root, format, name), bytes);
    paths.push(...seed.targets.map((t) => (t === '.' ? format : `${format}/${t}`)));
  }
  const tiff = cfg.seeds.find((s) => s.format === 'tiff');
  if (tiff) writeFileSync(join(drops, DROP_NAME), tiff.files[0][1]);
  const h: Host = { api: null as unknown as HostApi, store, paths, problems: [], lastVolume: 'v1', recentId: 'r0' };
  const platform: HostPlatform = {
    kind: 'browser', name: 'Voxelscope', version: 'fuzz', versions: { node: process.versions.node }, memoryBudget: cfg.budget,
    root,
    // As the browser host's DropStore resolves a drop: the group's folder joined with the name's base name.
    resolveDrop: (dropId, name) => (dropId === DROP_ID ? join(drops, name.split(/[\\/]/).pop() ?? '') : null),
    emit: (name: EventName, payload: unknown) => {
      const ok = events[name]?.safeParse(payload);
      if (!ok?.success) h.problems.push(`event ${name} does not match the contract: ${describe(payload)}`);
    },
  };
  h.api = new HostApi(store, new RecentFiles(join(cfg.dir, 'config')), platform);
  return h;
}

/** The placeholders ('$vol', '$recent') of a payload's own fields, filled in (payloads may be nested thousands deep). */
function substitute(v: unknown, h: Host): unknown {
  const fill = (x: unknown): unknown => (x === '$vol' ? h.lastVolume : x === '$recent' ? h.recentId : x);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    for (const k of Object.keys(v)) (v as Record<string, unknown>)[k] = fill((v as Record<string, unknown>)[k]);
  }
  return fill(v);
}

/** What is wrong with one answer, or null: it must be a contract answer or a clean refusal. */
function check(m: Message, r: Result<unknown>, validated: Result<unknown>): string | null {
  if (!r || typeof r !== 'object' || typeof r.ok !== 'boolean') return `dispatch returned ${describe(r)}`;
  if (!validated.ok && (r.ok || r.error.code !== validated.error.code)) return 'dispatch and validateRequest disagree';
  if (r.ok) {
    const schema = methods[m.method as keyof typeof methods].response;
    const parsed = schema.safeParse(r.value);
    return parsed.success ? null : `answer does not match the contract: ${parsed.error.issues[0]?.message}`;
  }
  const e = r.error;
  if (!CLEAN_CODES.has(e.code)) return `${e.code} error: ${e.message}`;
  if (typeof e.message !== 'string' || !e.message.trim() || e.message.includes('\n')) return `refusal without one clear line: ${describe(e.message)}`;
  return null;
}

/**
 * Sends contract case `index` to validateRequest and HostApi.dispatch: every message must be refused
 * with a clean code or answered as the contract says; events must match their schemas. Volumes opened
 * by the case are closed after it (once loaded, so no load outlives its case).
 */
export async function runContractCase(cfg: Init, store: VolumeStore, runSeed: string, index: number): Promise<CaseResult> {
  host ??= setUp(cfg, store);
  const h = host;
  h.problems.length = 0;
  const opened: string[] = [];
  const messages = buildContractCase(runSeed, index, h.paths);
  const said: string[] = [];
  let refused = false;
  try {
    for (const m of messages) {
      m.payload = substitute(m.payload, h);
      said.push(m.why.join(', '));
      let validated: Result<unknown>;
      try {
        validated = validateRequest(m.method, m.payload);
      } catch (e) {
        return { outcome: 'internal-error', message: `validateRequest threw ${(e as Error).message} for ${said.join(' | ')}` };
      }
      const r = await h.api.dispatch(m.method, m.payload);
      const problem = check(m, r, validated);
      if (problem) return { outcome: 'internal-error', message: `${problem} (for ${said.join(' | ')})` };
      if (!r.ok) {
        refused = true;
        continue;
      }
      const value = r.value as { volumeId?: unknown } | { id: string }[] | null;
      if (Array.isArray(value)) h.recentId = value[0]?.id ?? h.recentId;
      else if (value && typeof value.volumeId === 'string') opened.push((h.lastVolume = value.volumeId));
    }
  } finally {
    for (const id of opened) {
      await store.get(id)?.whenLoaded().catch(() => undefined);
      store.close(id);
    }
  }
  if (h.problems.length) return { outcome: 'internal-error', message: `${h.problems[0]} (for ${said.join(' | ')})` };
  return { outcome: refused ? 'clean-error' : 'ok', message: said.join(' | ') };
}
