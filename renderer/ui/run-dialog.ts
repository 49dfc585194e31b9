import type { EventPayload, Response } from '../../app/ipc/contract.js';
import { enabledSteps } from '../../app/filters/pipeline.js';
import { appInfo } from '../../app/recipe/app-info.js';
import { makeRecipe } from '../../app/recipe/recipe.js';
import type { HostClient } from '../client/client.js';
import type { AppState } from '../state/app-state.js';
import { el, showDialog } from './dialogs.js';
import { browserTargets, pickerTargets } from './run-targets.js';

type Progress = EventPayload<'runProgress'>;
type Finished = EventPayload<'runFinished'>;

/**
 * *Run on files…*: the pipeline as a recipe over files and folders, into an output folder, run by the
 * host exactly as `voxelscope run` runs it (the same code, the same log): under the browser host's root,
 * or what the user picked in the desktop app's native dialogs (run-targets.ts). Shows files done and
 * failed while it runs, Cancel, then the summary with every failure and where the log is. Closing the
 * dialog while it runs cancels the run (nothing partial is left, as on Ctrl+C).
 */
export function showRunDialog(client: HostClient, state: AppState, info: Response<'appInfo'>): void {
  const showError = (e: Error): void => result.replaceChildren(el('p', { className: 'error' }, e.message));
  const targets = info.canPickForRun ? pickerTargets(client, () => showInputs(), showError) : browserTargets(client, () => showInputs());
  const format = el('select', { title: 'Format of the outputs (default: each input’s own where Voxelscope writes it, else TIFF)' });
  format.setAttribute('aria-label', 'Output format');
  for (const [value, label] of [['', 'as the input'], ['tif', 'TIFF'], ['nii', 'NIfTI'], ['nii.gz', 'NIfTI (gzip)'], ['npy', 'NumPy']]) format.append(el('option', { value, textContent: label }));
  const overwrite = el('input', { type: 'checkbox', title: 'Replace outputs that already exist' });
  const bar = el('progress', { max: 1, value: 0 });
  bar.setAttribute('aria-label', 'Run progress');
  bar.style.width = '100%';
  const status = el('p', { className: 'run-status' });
  status.dataset.testid = 'run-status';
  const result = el('div', { className: 'run-result' });
  result.dataset.testid = 'run-result';
  const run = el('button', { textContent: 'Run' });
  const cancel = el('button', { textContent: 'Cancel run', disabled: true });
  const body = el(
    'div', { className: 'run-dialog' },
    el('p', {}, `${stepsLine(state)}, on:`), targets.inputsView,
    targets.outputView, el('div', {}, el('label', {}, 'Format ', format), ' ', el('label', {}, overwrite, ' overwrite')),
    el('div', { className: 'dialog-buttons' }, run, cancel), bar, status, result,
  );

  let runId: string | null = null;
  let running = false;
  const early: (Progress | Finished)[] = [];
  const showInputs = (): void => {
    run.disabled = running || targets.inputs().length === 0 || targets.out() === null;
  };
  let started = 0;
  const onProgress = (p: Progress): void => {
    bar.max = p.total || 1;
    bar.value = p.done;
    status.textContent = `${p.done}/${p.total} files${p.failed ? `, ${p.failed} failed` : ''}${timeLeft(p, performance.now() - started)}${p.current ? ` — ${p.current}` : ''}`;
  };
  const onFinished = (f: Finished): void => {
    running = false;
    cancel.disabled = true;
    showInputs();
    const s = f.summary;
    status.textContent = `${f.cancelled ? 'Cancelled: ' : ''}${s.ok} done, ${s.failed} failed, ${s.skipped} skipped in ${s.seconds.toFixed(1)} s`;
    // The host's line names the file by its name; the input's path under the root says which one.
    const failures = f.failures.map((x) => el('li', { className: 'error' }, x.error.startsWith(x.input) ? x.error : `${targets.shown(x.input)} — ${x.error}`));
    result.replaceChildren(...(failures.length ? [el('ul', {}, ...failures)] : []), el('p', {}, `Run log: ${targets.shown(f.log)}`));
  };
  const route = (e: Progress | Finished, then: () => void): void => {
    if (runId === null) early.push(e); // the event came before runStart's answer
    else if (e.runId === runId) then();
  };
  const offs = [
    client.on('runProgress', (p) => route(p, () => onProgress(p))),
    client.on('runFinished', (f) => route(f, () => onFinished(f))),
  ];
  run.onclick = async () => {
    runId = null;
    running = true;
    run.disabled = true;
    result.replaceChildren();
    status.textContent = 'starting…';
    started = performance.now();
    try {
      const recipe = makeRecipe(state.pipeline.steps, { app: appInfo(), created: new Date().toISOString() });
      const fmt = format.value as 'tif' | 'nii' | 'nii.gz' | 'npy' | '';
      const r = await client.call('runStart', { recipe, inputs: targets.inputs(), out: targets.out()!, ...(fmt ? { format: fmt } : {}), overwrite: overwrite.checked });
      runId = r.runId;
      cancel.disabled = false;
      onProgress({ runId, done: 0, total: r.total, failed: 0 });
      for (const e of early.splice(0)) {
        if (e.runId !== runId) continue;
        if ('summary' in e) onFinished(e);
        else onProgress(e);
      }
    } catch (e) {
      running = false;
      showInputs();
      status.textContent = '';
      result.replaceChildren(el('p', { className: 'error' }, (e as Error).message));
    }
  };
  cancel.onclick = () => {
    if (runId) void client.call('runCancel', { runId });
  };
  const leave = (): void => {
    if (running && runId) void client.call('runCancel', { runId });
    for (const off of offs) off();
  };
  showInputs();
  showDialog('Run on files', body, [{ label: 'Close', action: leave }], leave);
}

/** ", about 12 s left" from the pace so far, once a file is done and while some are left. */
function timeLeft(p: Progress, elapsedMs: number): string {
  if (p.done === 0 || p.done >= p.total) return '';
  const s = ((elapsedMs / p.done) * (p.total - p.done)) / 1000;
  return `, about ${s < 60 ? `${Math.ceil(s)} s` : `${Math.ceil(s / 60)} min`} left`;
}

/** What runs, as a recipe runs it (switched-off steps are left out): "2 steps: gaussian → threshold". */
function stepsLine(state: AppState): string {
  const on = enabledSteps(state.pipeline);
  const off = state.pipeline.steps.length - on.length;
  const steps = on.length === 0 ? 'No step switched on' : `${on.length} ${on.length === 1 ? 'step' : 'steps'}: ${on.map((s) => s.op).join(' → ')}`;
  return `${steps}${off ? ` (${off} switched off, left out)` : ''}`;
}

/** The pipeline panel's *Run on files…* button: enabled when there are steps to run. */
export function runButton(open: () => void, state: AppState): HTMLButtonElement {
  const b = el('button', { textContent: 'Run on files…', title: 'Run the pipeline on files or a folder, as voxelscope run (Ctrl+B)' });
  b.dataset.testid = 'run-on-files';
  b.onclick = open;
  const update = (): void => {
    b.disabled = state.pipeline.steps.length === 0;
  };
  state.on('pipeline', update);
  update();
  return b;
}
