/**
 * Recipe versions and the migrations between them. A recipe of an older version is brought up to the
 * current one step by step, each migration a pure function of the JSON (tested on the shipped fixture of
 * every old version); a recipe of a newer version is refused, never guessed at. CHANGELOG.md names what
 * each version changed.
 *
 * - Version 1: the top-hats' footprint was named `selem` (scikit-image's name before 0.19).
 * - Version 2: `selem` renamed `footprint`, as scikit-image renamed it.
 */
export const RECIPE_VERSION = 2;

type Json = Record<string, unknown>;
type Migration = (recipe: Json) => Json;

/** MIGRATIONS[v] turns a version v recipe into a version v + 1 one. */
const MIGRATIONS: Record<number, Migration> = {
  1: (r) => ({
    ...r,
    version: 2,
    steps: Array.isArray(r.steps) ? r.steps.map((s: unknown) => renameField(s, 'selem', 'footprint')) : r.steps,
  }),
};

function renameField(step: unknown, from: string, to: string): unknown {
  if (!isObject(step) || !(from in step)) return step;
  if (to in step) throw new Error(`step names both '${from}' and '${to}' (version 1 knew only '${from}')`);
  const out: Json = {};
  for (const [k, v] of Object.entries(step)) out[k === from ? to : k] = v;
  return out;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The recipe in the current version's shape, or an error saying why it cannot be. */
export function migrateToCurrent(raw: unknown): unknown {
  if (!isObject(raw)) throw new Error('expected a JSON object');
  const v = raw.version;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new Error(`version: expected a whole number from 1 to ${RECIPE_VERSION}, got ${JSON.stringify(v)}`);
  if (v > RECIPE_VERSION) throw new Error(`recipe version ${v} was written by a newer Voxelscope; this one reads versions 1 to ${RECIPE_VERSION}: update Voxelscope to use it`);
  let r: Json = raw;
  for (let from = v; from < RECIPE_VERSION; from++) r = MIGRATIONS[from]!(r);
  return r;
}
