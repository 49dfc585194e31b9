import type { RunTarget } from '../../app/ipc/contract.js';
import type { HostClient } from '../client/client.js';
import { el } from './dialogs.js';
import { browseForFile, browseForFolder } from './file-browser.js';

/**
 * What *Run on files…* runs on and where it writes, as each host lets the user choose them: in the
 * browser host, paths under --root picked in the in-app browser (or typed, for the output folder); in
 * the desktop app, the native dialogs, of which the page holds only the host's ids and names.
 */
export interface RunTargets {
  /** The inputs' list and the buttons that add to it. */
  inputsView: HTMLElement;
  /** The output folder's field and its Choose… button. */
  outputView: HTMLElement;
  inputs(): RunTarget[];
  /** null until there is an output folder to run into. */
  out(): RunTarget | null;
  /** A path from the host's events, as the user sees it (relative to the root, or to a pick's folder). */
  shown(path: string): string;
}

export function browserTargets(client: HostClient, changed: () => void): RunTargets {
  const inputs: string[] = [];
  const list = inputList();
  const addInput = el('button', { textContent: 'Add file or folder…', title: 'A file, or a folder (Open folder as stack takes the folder shown): every volume file below it' });
  const show = (): void => fill(list, inputs.map((p) => `/${p}`));
  addInput.onclick = () => browseForFile(client, (rel) => {
    if (!inputs.includes(rel)) inputs.push(rel);
    show();
    changed();
  });
  const out = outputField('voxelscope-out', 'Output folder, relative to the served root');
  // Typing a path stays possible (a folder that does not exist yet is made); this picks an existing one.
  const choose = el('button', { textContent: 'Choose…', title: 'Pick the output folder in the served folder' });
  choose.onclick = () => browseForFolder(client, (rel) => (out.value = rel));
  show();
  return {
    inputsView: el('div', {}, list, addInput),
    outputView: el('div', {}, el('label', {}, 'Output folder ', out), ' ', choose),
    inputs: () => [...inputs],
    out: () => out.value.trim(),
    shown: (p) => `/${p}`,
  };
}

export function pickerTargets(client: HostClient, changed: () => void, failed: (e: Error) => void): RunTargets {
  const picked = new Map<string, string>(); // id -> name
  const list = inputList();
  const show = (): void => fill(list, [...picked.values()]);
  const add = (folders: boolean): void => {
    client.call('pickRunInputs', { folders }).then((picks) => {
      for (const p of picks) picked.set(p.id, p.kind === 'dir' ? `${p.name}/` : p.name);
      show();
      changed();
    }, failed);
  };
  const addFiles = el('button', { textContent: 'Add files…', title: 'Pick volume files' });
  addFiles.onclick = () => add(false);
  const addFolder = el('button', { textContent: 'Add folder…', title: 'Pick folders: every volume file below them' });
  addFolder.onclick = () => add(true);
  // The field shows the picked folder's name; paths cannot be typed here, only picked.
  const out = outputField('', 'The folder the outputs go to (Choose… picks it)');
  out.readOnly = true;
  out.placeholder = '(choose a folder)';
  let outId: string | null = null;
  const choose = el('button', { textContent: 'Choose…', title: 'Pick the output folder' });
  choose.onclick = () => {
    client.call('pickRunOutput', {}).then((p) => {
      if (!p) return;
      outId = p.id;
      out.value = p.name;
      changed();
    }, failed);
  };
  show();
  return {
    inputsView: el('div', {}, list, addFiles, ' ', addFolder),
    outputView: el('div', {}, el('label', {}, 'Output folder ', out), ' ', choose),
    inputs: () => [...picked.keys()].map((pick) => ({ pick })),
    out: () => (outId ? { pick: outId } : null),
    shown: (p) => p,
  };
}

function inputList(): HTMLUListElement {
  const list = el('ul', { className: 'run-inputs' });
  list.dataset.testid = 'run-inputs';
  return list;
}

function fill(list: HTMLElement, names: string[]): void {
  list.replaceChildren(...(names.length ? names.map((n) => el('li', {}, n)) : [el('li', {}, '(none yet)')]));
}

function outputField(value: string, title: string): HTMLInputElement {
  const out = el('input', { type: 'text', value, title });
  out.setAttribute('aria-label', 'Output folder');
  return out;
}
