import { serializeCustomLut, type CustomLut } from '../../app/lut/custom-lut.js';
import { button, downloadText, el } from './dom.js';
import { fileNameFor, importLutFile, loadSavedLuts, saveLut, type KeyValueStore } from './logic/lut-library.js';

export interface LutLibraryBarOptions {
  testId: string;
  /** Where saved LUTs go; null when storage is unavailable (saving then says so). */
  storage: KeyValueStore | null;
  /** The LUT to save or export, named. */
  current: () => CustomLut;
  /** A saved LUT was loaded or a file imported. */
  onPick: (lut: CustomLut) => void;
}

/**
 * The LUT editor's row of library buttons: saved LUTs (localStorage) to load, Save, Import (.json or
 * ImageJ .lut) and Export (.json), with a status line saying what happened or what went wrong.
 */
export class LutLibraryBar {
  readonly toolbar: HTMLDivElement;
  readonly message: HTMLDivElement;
  private readonly select: HTMLSelectElement;
  private readonly fileInput: HTMLInputElement;

  constructor(private readonly o: LutLibraryBarOptions) {
    const id = o.testId;
    this.select = el('select', { title: 'Saved LUTs' }, `${id}-saved`);
    this.fileInput = el('input', { type: 'file', accept: '.json,.lut,application/json', hidden: true }, `${id}-import-file`);
    this.fileInput.addEventListener('change', this.onFileChosen);
    this.toolbar = el('div', { className: 'vs-toolbar' });
    this.toolbar.append(
      this.select,
      button('Load', 'Load the chosen saved LUT', `${id}-load`, () => this.loadChosen()),
      button('Save', 'Save this LUT under its name', `${id}-save`, () => this.save()),
      button('Import', 'Import a LUT file (.json or ImageJ .lut)', `${id}-import`, () => this.fileInput.click()),
      button('Export', 'Download this LUT as .json', `${id}-export`, () => this.exportJson()),
      this.fileInput,
    );
    this.message = el('div', { className: 'vs-message' }, `${id}-message`);
    this.message.setAttribute('role', 'status');
    this.refresh();
  }

  dispose(): void {
    this.fileInput.removeEventListener('change', this.onFileChosen);
  }

  say(text: string, isError = false): void {
    this.message.textContent = text;
    this.message.classList.toggle('error', isError);
  }

  private refresh(chosen?: string): void {
    const luts = this.o.storage ? loadSavedLuts(this.o.storage) : [];
    this.select.replaceChildren(...luts.map((l) => el('option', { value: l.name, textContent: l.name })));
    if (luts.length === 0) this.select.append(el('option', { value: '', textContent: 'No saved LUTs' }));
    if (chosen) this.select.value = chosen;
    this.select.disabled = luts.length === 0;
  }

  private save(): void {
    if (!this.o.storage) return this.say('Saving is not available here', true);
    const lut = this.o.current();
    try {
      saveLut(this.o.storage, lut);
    } catch (e) {
      return this.say(`Could not save: ${(e as Error).message}`, true);
    }
    this.refresh(lut.name);
    this.say(`Saved “${lut.name}”`);
  }

  private loadChosen(): void {
    const lut = this.o.storage ? loadSavedLuts(this.o.storage).find((l) => l.name === this.select.value) : undefined;
    if (!lut) return this.say('Choose a saved LUT first', true);
    this.o.onPick(lut);
    this.say(`Loaded “${lut.name}”`);
  }

  private readonly onFileChosen = async (): Promise<void> => {
    const file = this.fileInput.files?.[0];
    this.fileInput.value = ''; // choosing the same file again must fire change again
    if (!file) return;
    try {
      const lut = importLutFile(file.name, new Uint8Array(await file.arrayBuffer()), (b) => new TextDecoder().decode(b));
      this.o.onPick(lut);
      this.say(`Imported “${lut.name}” (${lut.points.length} points)`);
    } catch (e) {
      this.say(`Could not import ${file.name}: ${(e as Error).message}`, true);
    }
  };

  private exportJson(): void {
    const lut = this.o.current();
    downloadText(serializeCustomLut(lut), fileNameFor(lut.name, 'json'), 'application/json');
  }
}
