import { mkdirSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { events, methods, validateRequest, type EventName, type Result } from '../../../app/ipc/contract.js';
import { DropStore, dropLimits } from '../../serve/drops.js';
import { HostApi, type HostPlatform } from '../../services/host-api.js';
import { RecentFiles } from '../../services/recent-files.js';
import type { ClientSession } from '../../services/sessions.js';
import type { VolumeStore } from '../../services/volume-store.js';
import { buildContractCase, describe, DROP_NAME, type Message } from './contract-cases.js';
import type { ToRunner } from './protocol.js';
import type { CaseResult } from './runner.js';
import { READER_FORMATS } from './seeds.js';

type Init = Extract<ToRunner, { type: 'init' }>;

/** Codes a host may answer a bad request with; 'internal' means something escaped that should not have. */
const CLEAN_CODES = new Set(['invalid-request', 'unknown-method', 'not-available', 'format', 'over-budget', 'not-found']);
/** Calls that name a volume: another session must never have them answered. */
const VOLUME_CALLS = new Set(['cancelLoad', 'closeVolume']);

interface Host {
  api: HostApi;
  store: VolumeStore;
  drops: DropStore;
  dropBytes: Uint8Array;
  sessions: Record<Message['from'], ClientSession>;
  paths: string[];
  problems: string[];
  lastVolume: string;
  recentId: string;
  dropId: string;
}
let host: Host | null = null;

/**
 * The browser host's API over a real VolumeStore, a temporary root holding the first seed of every
 * reader format and a real DropStore, with two client sessions: the page, and another one. Built once
 * per runner.
 */
function setUp(cfg: Init, store: VolumeStore): Host {
  const root = join(cfg.dir, 'root');
  const paths: string[] = [];
  for (const format of READER_FORMATS) {
    const seed = cfg.seeds.find((s) => s.format === format);
    if (!seed) continue;
    mkdirSync(join(root, format), { recursive: true });
    for (const [name, bytes] of seed.files) writeFileSync(join(root, format, name), bytes);
    paths.push(...seed.targets.map((t) => (t === '.' ? format : `${format}/${t}`)));
  }
  mkdirSync(join(cfg.dir, 'drops'), { recursive: true });
  const drops = new DropStore(dropLimits(cfg.budget), join(cfg.dir, 'drops'));
  const problems: string[] = [];
  const session = (id: string): ClientSession => ({
    id,
    emit: (name: EventName, payload: unknown) => {
      const ok = events[name]?.safeParse(payload);
      if (!ok?.success) problems.push(`event ${name} does not match the contract: ${describe(payload)}`);
    },
  });
  const platform: HostPlatform = {
    kind: 'browser', name: 'Voxelscope', version: 'fuzz', versions: { node: process.versions.node }, memoryBudget: cfg.budget,
    root,
    resolveDrop: (s, dropId, name) => drops.resolve(s.id, dropId, name),
  };
  const tiff = cfg.seeds.find((s) => s.format === 'tiff');
  return {
    api: new HostApi(store, new RecentFiles(join(cfg.dir, 'config')), platform), store, drops,
    dropBytes: tiff ? tiff.files[0][1] : new Uint8Array(0), sessions: { page: session('spage'), other: session('sother') },
    paths, problems, lastVolume: 'v1', recentId: 'r0', dropId: 'd0',
  };
}

/** The page's drop, uploaded again when the last case's volume took it away (a drop goes with its volume). */
async function ensureDrop(h: Host): Promise<void> {
  if (h.drops.resolve(h.sessions.page.id, h.dropId, DROP_NAME)) return;
  const upload = Object.assign(Readable.from([h.dropBytes]), { headers: { 'content-length': String(h.dropBytes.length) } });
  h.dropId = await h.drops.receive(upload as unknown as IncomingMessage, h.sessions.page.id, DROP_NAME, null);
}

/** The placeholders of a payload's own fields, filled in (payloads may be nested thousands deep). */
function substitute(v: unknown, h: Host): unknown {
  const fill = (x: unknown): unknown => (x === '$vol' ? h.lastVolume : x === '$recent' ? h.recentId : x === '$drop' ? h.dropId : x);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    for (const k of Object.keys(v)) (v as Record<string, unknown>)[k] = fill((v as Record<string, unknown>)[k]);
  }
  return fill(v);
}

/** What is wrong with one answer, or null: it must be a contract answer or a clean refusal. */
function check(m: Message, r: Result<unknown>, validated: Result<unknown>, h: Host): string | null {
  if (!r || typeof r !== 'object' || typeof r.ok !== 'boolean') return `dispatch returned ${describe(r)}`;
  if (!validated.ok && (r.ok || r.error.code !== validated.error.code)) return 'dispatch and validateRequest disagree';
  if (r.ok) {
    const name = m.method as keyof typeof methods;
    if (m.from === 'other' && VOLUME_CALLS.has(name) && (m.payload as { volumeId: string }).volumeId === h.lastVolume) {
      return `another session's ${name} of the page's volume ${h.lastVolume} was answered`;
    }
    const parsed = methods[name].response.safeParse(r.value);
    return parsed.success ? null : `answer does not match the contract: ${parsed.error.issues[0]?.message}`;
  }
  const e = r.error;
  if (!CLEAN_CODES.has(e.code)) return `${e.code} error: ${e.message}`;
  if (typeof e.message !== 'string' || !e.message.trim() || e.message.includes('\n')) return `refusal without one clear line: ${describe(e.message)}`;
  return null;
}

/**
 * Sends contract case `index` of run `runSeed` to validateRequest and HostApi.dispatch: every message
 * must be refused with a clean code or answered as the contract says, events must match their
 * schemas, and another session must not reach the page's volumes. Volumes opened by the case are
 * closed after it (once loaded, so no load outlives its case).
 */
export async function runContractCase(cfg: Init, store: VolumeStore, runSeed: string, index: number): Promise<CaseResult> {
  host ??= setUp(cfg, store);
  const h = host;
  h.problems.length = 0;
  await ensureDrop(h);
  const opened: [string, ClientSession][] = [];
  const messages = buildContractCase(runSeed, index, h.paths);
  const said: string[] = [];
  let refused = false;
  try {
    for (const m of messages) {
      m.payload = substitute(m.payload, h);
      said.push(m.why.join(', '));
      const session = h.sessions[m.from];
      let validated: Result<unknown>;
      try {
        validated = validateRequest(m.method, m.payload);
      } catch (e) {
        return { outcome: 'internal-error', message: `validateRequest threw ${(e as Error).message} for ${said.join(' | ')}` };
      }
      const r = await h.api.dispatch(session, m.method, m.payload);
      const problem = check(m, r, validated, h);
      if (problem) return { outcome: 'internal-error', message: `${problem} (for ${said.join(' | ')})` };
      if (!r.ok) {
        refused = true;
        continue;
      }
      const value = r.value as { volumeId?: unknown } | { id: string }[] | null;
      if (Array.isArray(value)) h.recentId = value[0]?.id ?? h.recentId;
      else if (value && typeof value.volumeId === 'string') {
        opened.push([value.volumeId, session]);
        if (m.from === 'page') h.lastVolume = value.volumeId;
      }
    }
  } finally {
    for (const [id, s] of opened) {
      await store.get(id, s.id)?.whenLoaded().catch(() => undefined);
      store.close(id, s.id);
    }
  }
  if (h.problems.length) return { outcome: 'internal-error', message: `${h.problems[0]} (for ${said.join(' | ')})` };
  return { outcome: refused ? 'clean-error' : 'ok', message: said.join(' | ') };
}
