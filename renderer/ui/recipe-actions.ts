import { OPS } from '../../app/filters/catalog.js';
import { inputDescription } from '../../app/recipe/input-description.js';
import { appInfo, versionLine, APP_NAME } from '../../app/recipe/app-info.js';
import { recipePython } from '../../app/recipe/python.js';
import { makeRecipe, parseRecipe, recipeSteps, recipeText, type Recipe } from '../../app/recipe/recipe.js';
import type { AppState } from '../state/app-state.js';
import { el, showDialog } from './dialogs.js';

/**
 * Save recipe… / Load recipe… / Export as Python… for the pipeline panel. The files go through the
 * page's own download and file input, which the browser host and the Electron window (its native save
 * and open dialogs) both give, so the host contract needs no new call. A recipe that cannot be loaded
 * is one dialog naming the file and the step and field (app/recipe's RecipeError).
 */
export function recipeActions(state: AppState): HTMLElement {
  const button = (label: string, testid: string, title: string, action: () => void): HTMLButtonElement => {
    const b = el('button', { textContent: label, title });
    b.dataset.testid = testid;
    b.onclick = action;
    return b;
  };
  const picker = el('input', { type: 'file', accept: '.json,application/json', hidden: true });
  picker.dataset.testid = 'recipe-file';
  picker.onchange = () => {
    const file = picker.files?.[0];
    picker.value = '';
    if (file) void file.text().then((text) => loadRecipe(state, text, file.name), (e: unknown) => loadFailed(`${file.name}: cannot read it (${String(e)})`));
  };
  const hasSteps = (): boolean => state.pipeline.steps.length > 0;
  const save = button('Save recipe…', 'recipe-save', 'Save the pipeline as a recipe (JSON) to run again, here or with voxelscope run', () => {
    if (hasSteps()) void currentRecipe(state).then((r) => download(`${stem(state)}.recipe.json`, recipeText(r), 'application/json'));
  });
  const load = button('Load recipe…', 'recipe-load', 'Replace the pipeline with the steps of a recipe file', () => picker.click());
  const python = button('Export as Python…', 'recipe-python', 'The pipeline as a Python script (scipy.ndimage, scikit-image)', () => {
    if (!hasSteps()) return;
    void currentRecipe(state).then((r) => {
      const name = `${stem(state)}.py`;
      download(name, recipePython(r, OPS, { source: name, generator: `${APP_NAME} ${versionLine()}` }), 'text/x-python');
    });
  });
  const box = el('div', { className: 'pipeline-actions recipe-actions' }, save, load, python, picker);
  const update = (): void => {
    save.disabled = python.disabled = !hasSteps();
  };
  state.on('pipeline', update);
  update();
  return box;
}

/** The file's name without its extensions: "stack" for stack.ome.tif. */
function stem(state: AppState): string {
  const name = (state.fileLayer ?? state.shownLayer)?.voxels.name ?? 'pipeline';
  return name.replace(/\.[^.]+(\.gz)?$/i, '').replace(/\.ome$/i, '') || 'pipeline';
}

/** The pipeline with where it came from: this app, now, and the file it was tuned on (with its voxels' SHA-256). */
async function currentRecipe(state: AppState): Promise<Recipe> {
  const v = (state.fileLayer ?? state.shownLayer)?.voxels;
  const input = v ? inputDescription(v.name, v.meta, v.complete ? await sha256(v.sab) : undefined) : undefined;
  return makeRecipe(state.pipeline.steps, { app: appInfo(), created: new Date().toISOString(), ...(input ? { input } : {}) });
}

async function sha256(sab: SharedArrayBuffer): Promise<string> {
  // subtle.digest does not take shared memory: hash a copy.
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(sab).slice());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function loadRecipe(state: AppState, text: string, name: string): void {
  let r: Recipe;
  try {
    r = parseRecipe(text, name, OPS);
  } catch (e) {
    loadFailed((e as Error).message);
    return;
  }
  const steps = recipeSteps(r);
  state.setPipeline({ steps, previewStep: steps.length - 1, preview: state.pipeline.preview === 'off' ? 'after' : state.pipeline.preview });
}

function loadFailed(message: string): void {
  const p = el('p', { className: 'error', textContent: message });
  p.dataset.testid = 'recipe-error';
  showDialog('Could not load the recipe', p);
}

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
