import { malformedRequests } from '../../../app/ipc/malformed-fixtures.js';
import { Rng } from './prng.js';

/**
 * One message to the host, from the page's session or another one (which must not reach the page's
 * volumes); '$vol', '$recent' and '$drop' in it stand for the page's last volume id, a recent-list id
 * and the id of the page's drop.
 */
export interface Message { method: unknown; payload: unknown; from: 'page' | 'other'; why: string[] }

/** The name of the file the page dropped. */
export const DROP_NAME = 'dropped.tif';

/** Requests a real page sends (paths: files the runner put under the root, by format). */
function validMessages(paths: readonly string[]): [string, unknown][] {
  const p = (): string => paths[0] ?? 'x.tif';
  return [
    ['appInfo', {}], ['browse', { dir: '' }], ['browse', { dir: paths[0]?.split('/')[0] ?? '' }], ['recentList', {}],
    ...paths.map((path): [string, unknown] => ['openBrowsed', { path }]),
    ['openBrowsed', { path: p(), plan: { zStep: 2 } }], ['openBrowsed', { path: p(), plan: { xyBin: 2, tRange: [0, 0] } }],
    ['openDropped', { dropId: '$drop', name: DROP_NAME }], ['openRecent', { id: '$recent' }], ['openRecent', { id: '$recent', plan: { zStep: 3 } }],
    ['cancelLoad', { volumeId: '$vol' }], ['closeVolume', { volumeId: '$vol' }], ['openDialog', {}],
    ['pickRunInputs', { folders: false }], ['pickRunInputs', { folders: true }], ['pickRunOutput', {}],
    ['runStart', { recipe: { format: 'voxelscope-recipe', version: 2, steps: [] }, inputs: [{ pick: 'p0123456789abcdef' }], out: { pick: 'p0123456789abcdef' } }],
  ];
}

const METHOD_JUNK: unknown[] = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'AppInfo', ' appInfo',
  'appInfo\0', '', null, undefined, 42, {}, [], true, ['appInfo'], 'browse/..', 'a'.repeat(10_000)];

const STRINGS = ['', '.', '..', '/', '\\', '../x', 'a/../b', './', '//', '~', 'C:', 'c:\\x', '\0', 'a\0b', '%2e%2e', '\u202e', 'é.tif',
  ' ', 'tiff', 'tiff/', 'tiff/..', 'nifti/../tiff', 'x'.repeat(5000), 'con', 'v1', 'v0', 'v999999999', 'v1234567890', 'r', 'd0', '$drop',
  'd0123456789abcdef', 'd0123456789ABCDEF', DROP_NAME, `../${DROP_NAME}`, '.hidden'];

/** A value of any shape a structured clone or JSON.parse could hand the host. */
function junk(rng: Rng, depth = 0): unknown {
  return rng.weighted<() => unknown>([
    [3, () => rng.pick(STRINGS)],
    [2, () => rng.pick([0, -0, 1, -1, 1.5, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, NaN, Infinity, -Infinity, 4096, 4097, 64, 65])],
    [1, () => rng.pick([null, undefined, true, false])],
    [1, () => rng.pick([10n, new Date(0), new Map([['a', 1]]), new Set([1]), new Uint8Array(4), /x/])],
    [depth < 3 ? 1 : 0, () => Array.from({ length: rng.int(4) }, () => junk(rng, depth + 1))],
    [depth < 3 ? 1 : 0, () => Object.fromEntries(Array.from({ length: rng.int(4) }, () => [rng.pick(['path', 'dir', 'plan', 'zStep', 'id', 'x', '__proto__', 'constructor']), junk(rng, depth + 1)]))],
    [1, () => JSON.parse('{"__proto__": {"polluted": true}, "path": "x"}')],
    [1, () => deep(rng.range(100, 5000))],
  ])();
}

/** An object nested `n` levels deep (a schema must not recurse into it). */
function deep(n: number): unknown {
  let v: unknown = {};
  for (let i = 0; i < n; i++) v = { plan: v };
  return v;
}

function mutate(rng: Rng, m: Message): void {
  const edit = rng.weighted<string>([[2, 'method'], [2, 'payload'], [5, 'field'], [2, 'drop field'], [2, 'add field'], [2, 'plan']]);
  const plain = m.payload !== null && typeof m.payload === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(m.payload));
  const obj = plain ? (m.payload as Record<string, unknown>) : null;
  if (edit === 'method') {
    m.method = rng.pick(METHOD_JUNK);
    m.why.push(`method -> ${describe(m.method)}`);
  } else if (edit === 'payload' || !obj) {
    m.payload = junk(rng);
    m.why.push(`payload -> ${describe(m.payload)}`);
  } else if (edit === 'field' && Object.keys(obj).length) {
    const k = rng.pick(Object.keys(obj));
    obj[k] = junk(rng);
    m.why.push(`${k} -> ${describe(obj[k])}`);
  } else if (edit === 'drop field' && Object.keys(obj).length) {
    const k = rng.pick(Object.keys(obj));
    delete obj[k];
    m.why.push(`${k} removed`);
  } else if (edit === 'plan') {
    const plan: Record<string, unknown> = { zStep: 1, xyBin: 1, tRange: null };
    const k = rng.pick(['zStep', 'xyBin', 'tRange', 'extra']);
    plan[k] = k === 'tRange' ? rng.pick([[5, 1], [0], [0, 0, 0], [-1, 2], [1e9, 1e9], [0, 2 ** 53], '0,1', null]) : junk(rng);
    obj.plan = plan;
    m.why.push(`plan.${k} -> ${describe(plan[k])}`);
  } else {
    const k = rng.pick(['extra', 'path', 'dir', 'plan', 'volumeId', 'id', 'dropId', 'name', 'pick', 'inputs', 'out', '__proto__']);
    obj[k] = junk(rng);
    m.why.push(`added ${k} = ${describe(obj[k])}`);
  }
}

export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...(${v.length})` : v);
  if (typeof v === 'bigint') return `${v}n`;
  if (v === null || typeof v !== 'object') return String(v);
  try {
    const s = JSON.stringify(v);
    return s && s.length > 60 ? `${s.slice(0, 60)}...` : (s ?? Object.prototype.toString.call(v));
  } catch {
    return Object.prototype.toString.call(v);
  }
}

/**
 * Contract case `index`: one to three messages, each a real request, a malformed fixture or a mutated
 * copy of either. `paths` are the files under the fuzzing host's root.
 */
export function buildContractCase(runSeed: string, index: number, paths: readonly string[]): Message[] {
  const rng = new Rng(`contract:${runSeed}`, index);
  const valid = validMessages(paths);
  const out: Message[] = [];
  const n = rng.weighted([[6, 1], [3, 2], [1, 3]]);
  for (let i = 0; i < n; i++) {
    const fromMalformed = rng.chance(0.25);
    const [method, payload] = fromMalformed ? ((f) => [f.method, f.payload])(rng.pick(malformedRequests)) : rng.pick(valid);
    const from = rng.chance(0.15) ? 'other' : 'page';
    const m: Message = { method, payload: structuredClone(payload), from, why: [`${from === 'other' ? '(another session) ' : ''}${String(method)} ${describe(payload)}`] };
    const edits = rng.weighted([[3, 0], [5, 1], [2, 2], [1, 3]]);
    for (let e = 0; e < edits; e++) mutate(rng, m);
    out.push(m);
  }
  return out;
}
