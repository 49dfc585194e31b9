import type { PipelineStep } from '../../app/filters/pipeline.js';
import { lengthUnit } from '../../app/model/units.js';
import type { AppState, PreviewMode } from '../state/app-state.js';
import { lengthKind, physicalLengths, toPhysical, toVoxels } from '../state/pipeline-lengths.js';
import type { Applier } from './apply.js';
import { el } from './dialogs.js';
import { recipeActions } from './recipe-actions.js';
import { defaultStep, describeStep, formOf, OP_FORMS, PRESETS, type FieldSpec } from './filter-forms.js';

/**
 * The pipeline panel: filter steps to add, remove, reorder, switch off and tune, with the preview of
 * any step (off, filtered, or split with the original), presets, Apply (a new layer) and Undo. Sizes
 * and sigmas are in voxels, or per step in the spacing's unit (pipeline-lengths.ts converts). It
 * writes the state's pipeline; the preview engine and the views follow it.
 */
export class PipelinePanel {
  private readonly box = el('section', { className: 'pipeline-panel', hidden: true });
  private readonly list = el('ol', { className: 'pipeline-steps' });
  private readonly error = el('p', { className: 'pipeline-error error' });
  private readonly applyButton = el('button', { textContent: 'Apply' });
  private readonly undoButton = el('button', { textContent: 'Undo' });
  private readonly modes = new Map<PreviewMode, HTMLButtonElement>();
  /** Where Apply, Undo (and further pipeline actions) sit: add buttons here. */
  readonly actions = el('div', { className: 'pipeline-actions' });

  constructor(host: HTMLElement, private readonly state: AppState, private readonly applier: Applier) {
    this.box.dataset.testid = 'pipeline-panel';
    const presets = el('select', {}, el('option', { value: '' }, 'Presets…'), ...PRESETS.map((p, i) => el('option', { value: String(i) }, p.name)));
    presets.dataset.testid = 'pipeline-preset';
    presets.setAttribute('aria-label', 'Pipeline presets');
    presets.onchange = () => {
      const p = PRESETS[Number(presets.value)];
      presets.value = '';
      if (p) this.setSteps(p.steps.map((s) => ({ ...s })), p.steps.length - 1, true, []);
    };
    const add = el('select', {}, el('option', { value: '' }, '+ Add a step…'), ...OP_FORMS.map((f) => el('option', { value: f.op }, f.label)));
    add.dataset.testid = 'pipeline-add';
    add.setAttribute('aria-label', 'Add a filter step');
    add.onchange = () => {
      const op = add.value;
      add.value = '';
      if (op) this.setSteps([...this.state.pipeline.steps, defaultStep(op)], this.state.pipeline.steps.length, true, [...this.state.pipeline.physical, false]);
    };
    const preview = el('div', { className: 'pipeline-preview' }, el('span', { title: 'P: original / filtered; Shift+P: split view' }, 'Preview (P, Shift+P split): '));
    for (const [mode, label] of [['off', 'Original'], ['after', 'Filtered'], ['split', 'Split']] as [PreviewMode, string][]) {
      const b = el('button', { textContent: label });
      b.dataset.testid = `preview-${mode}`;
      b.onclick = () => state.setPipeline({ preview: mode });
      this.modes.set(mode, b);
      preview.append(b);
    }
    this.applyButton.dataset.testid = 'pipeline-apply';
    this.applyButton.title = 'Run the pipeline over the whole volume: the result is a new layer';
    this.applyButton.onclick = () => void applier.apply().then(() => this.render());
    this.undoButton.dataset.testid = 'pipeline-undo';
    this.undoButton.title = 'Take back the last Apply (Ctrl+Z)';
    this.undoButton.onclick = () => {
      applier.undo();
      this.render();
    };
    this.actions.append(this.applyButton, this.undoButton);
    this.box.append(el('h3', {}, 'Filters'), presets, this.list, add, preview, this.actions, recipeActions(state), this.error);
    host.append(this.box);
    for (const ev of ['volume', 'layers', 'pipeline', 'preview', 'progress'] as const) state.on(ev, () => this.render());
    this.render();
  }

  private setSteps(steps: PipelineStep[], previewStep: number, showPreview: boolean, physical: boolean[]): void {
    const preview = showPreview && this.state.pipeline.preview === 'off' ? 'after' : this.state.pipeline.preview;
    this.state.setPipeline({ steps, previewStep, preview, physical });
  }

  private render(): void {
    const { state } = this;
    const p = state.pipeline;
    this.box.hidden = !state.volume;
    if (this.box.hidden) return;
    for (const [mode, b] of this.modes) b.classList.toggle('active', p.preview === mode);
    this.applyButton.disabled = !p.steps.some((s) => s.enabled !== false) || this.applier.busy || !state.volume?.complete;
    this.error.textContent = state.previewSource?.error ?? '';
    const kernels = state.previewSource?.kernels;
    if (kernels) this.box.dataset.kernels = kernels;
    // Rebuild the list only when its shape changed, so a field keeps its focus while it is edited.
    const meta = state.volume?.meta;
    const units = physicalLengths(meta) ? `${lengthUnit(meta!)}:${meta!.spacing.x},${meta!.spacing.y},${meta!.spacing.z}` : '';
    const shape = p.steps.map((s, i) => `${s.op}${p.physical[i] ? '*' : ''}`).join('|') + `|${p.previewStep}|${units}`;
    if (this.list.dataset.shape === shape) return;
    this.list.dataset.shape = shape;
    this.list.replaceChildren(...p.steps.map((s, i) => this.stepRow(s, i)));
  }

  private stepRow(s: PipelineStep, i: number): HTMLLIElement {
    const { state } = this;
    const form = formOf(s.op);
    const row = el('li', { className: 'pipeline-step' });
    row.dataset.step = String(i);
    row.dataset.op = s.op;
    const on = el('input', { type: 'checkbox', checked: s.enabled !== false, title: 'Run this step' });
    on.setAttribute('aria-label', `run step ${i + 1}`);
    on.onchange = () => this.update(i, { enabled: on.checked });
    const shown = el('input', { type: 'radio', name: 'preview-step', checked: i === state.pipeline.previewStep, title: 'Preview the result of this step' });
    shown.setAttribute('aria-label', `preview step ${i + 1}`);
    shown.onchange = () => state.setPipeline({ previewStep: i, preview: state.pipeline.preview === 'off' ? 'after' : state.pipeline.preview });
    const move = (d: number): void => {
      const steps = [...state.pipeline.steps];
      const physical = [...state.pipeline.physical];
      const j = i + d;
      if (j < 0 || j >= steps.length) return;
      [steps[i], steps[j]] = [steps[j], steps[i]];
      [physical[i], physical[j]] = [physical[j], physical[i]];
      state.setPipeline({ steps, previewStep: j, physical });
    };
    const up = el('button', { textContent: '↑', title: 'Move up' });
    up.onclick = () => move(-1);
    const down = el('button', { textContent: '↓', title: 'Move down' });
    down.onclick = () => move(1);
    const remove = el('button', { textContent: '✕', title: 'Remove this step' });
    remove.setAttribute('aria-label', `remove step ${i + 1}`);
    remove.onclick = () => state.setPipeline({
      steps: state.pipeline.steps.filter((_, k) => k !== i), physical: state.pipeline.physical.filter((_, k) => k !== i),
      previewStep: Math.min(state.pipeline.previewStep, state.pipeline.steps.length - 2),
    });
    const head = el('div', { className: 'pipeline-step-head' }, on, shown, el('strong', { title: describeStep(s) }, `${i + 1}. ${form?.label ?? s.op}`), up, down, remove);
    const meta = state.volume?.meta;
    if (meta && physicalLengths(meta) && form?.fields.some((f) => f.length)) {
      const unit = lengthUnit(meta);
      const inUnit = el('input', { type: 'checkbox', checked: state.pipeline.physical[i], title: `Sizes and sigmas of this step in ${unit} (from the voxel spacing) instead of voxels` });
      inUnit.dataset.testid = 'step-physical';
      inUnit.onchange = () => state.setPipeline({ physical: state.pipeline.physical.map((v, k) => (k === i ? inUnit.checked : v)) });
      head.append(el('label', { className: 'pipeline-units' }, inUnit, ` ${unit}`));
    }
    const fields = el('div', { className: 'pipeline-fields' }, ...(form?.fields ?? []).map((f) => this.field(s, i, f)));
    row.append(head, fields);
    return row;
  }

  private field(s: PipelineStep, i: number, f: FieldSpec): HTMLLabelElement {
    const meta = this.state.volume?.meta;
    const kind = lengthKind(f.name);
    const spacing = meta && kind && physicalLengths(meta) ? meta.spacing : null;
    const physical = !!spacing && this.state.pipeline.physical[i];
    const stored = (s[f.name] ?? f.default) as number | string | number[];
    const value = physical && typeof stored !== 'string' ? toPhysical(stored, spacing) : stored;
    // The value in the other unit, so the user sees what a length means (5 µm → 3 voxels on 2 µm voxels).
    const hint = el('span', { className: 'pipeline-field-hint' });
    hint.dataset.testid = 'field-hint';
    const showHint = (v: unknown): void => {
      if (!spacing || (typeof v !== 'number' && !Array.isArray(v))) return;
      const other = physical ? v : toPhysical(v as number | number[], spacing);
      hint.textContent = `= ${Array.isArray(other) ? other.join(', ') : String(other)} ${physical ? 'voxels' : lengthUnit(meta!)}`;
    };
    showHint(stored);
    let input: HTMLInputElement | HTMLSelectElement;
    if (f.kind === 'choice') {
      input = el('select', {}, ...(f.choices ?? []).map((c) => el('option', { value: c, selected: String(value) === c }, c)));
      input.onchange = () => this.update(i, { [f.name]: f.name === 'connectivity' ? Number(input.value) : input.value });
    } else {
      input = el('input', { type: 'text', value: Array.isArray(value) ? value.join(',') : String(value), size: 8 });
      input.title = f.kind === 'xyz' ? 'one number, or x,y,z' : 'a number';
      input.onchange = () => {
        const v = parseField(input.value, physical ? { ...f, kind: f.kind === 'int' ? 'number' : f.kind } : f);
        if (v === null) {
          input.classList.add('invalid');
          return;
        }
        input.classList.remove('invalid');
        const voxels = physical && kind ? toVoxels(kind, v, spacing) : v;
        showHint(voxels);
        this.update(i, { [f.name]: voxels });
      };
    }
    input.dataset.field = f.name;
    const label = physical ? `${f.label} (${lengthUnit(meta!)})` : kind && spacing ? `${f.label} (voxels)` : f.label;
    return el('label', { className: 'pipeline-field' }, el('span', {}, label), input, hint);
  }

  private update(i: number, patch: Partial<PipelineStep>): void {
    const steps = this.state.pipeline.steps.map((s, k) => (k === i ? { ...s, ...patch } : s));
    this.state.setPipeline({ steps });
  }
}

/** A field's text as its value: a number, or for per-axis fields "x,y,z"; null when it is neither. */
export function parseField(text: string, f: FieldSpec): number | number[] | null {
  const parts = text.split(',').map((t) => t.trim());
  const nums = parts.map(Number);
  if (!parts.every((t) => t !== '') || nums.some((n) => !Number.isFinite(n))) return null;
  if (f.kind === 'xyz') return nums.length === 1 ? nums[0] : nums.length === 3 ? nums : null;
  if (nums.length !== 1) return null;
  if (f.kind === 'int' && !Number.isInteger(nums[0])) return null;
  return nums[0];
}
