import type { HostClient } from '../client/client.js';
import { el, showDialog } from './dialogs.js';

/** The browser host's in-app file browser over --root; resolves with the chosen file's relative path. */
export function browseForFile(client: HostClient, onPick: (relPath: string) => void, start = ''): void {
  // A folder of numbered 2D images opens as one z stack (like Fiji's Import > Image Sequence).
  browse(client, 'Open a file', 'Open folder as stack', true, onPick, start);
}

/**
 * The same browser in folder mode (e.g. *Run on files…*'s output folder): folders only, and the folder
 * shown is the one chosen. Resolves with its path relative to --root ('' for the root itself).
 */
export function browseForFolder(client: HostClient, onPick: (relPath: string) => void, start = ''): void {
  browse(client, 'Choose a folder', 'Choose this folder', false, onPick, start);
}

function browse(client: HostClient, title: string, pickShown: string, files: boolean, onPick: (relPath: string) => void, start: string): void {
  const list = el('ul', { className: 'file-list' });
  const where = el('div', { className: 'file-where' });
  const body = el('div', { className: 'file-browser' }, where, list);
  let current = start;
  const close = showDialog(title, body, [{ label: 'Cancel' }, { label: pickShown, action: () => onPick(current) }]);
  const show = async (dir: string): Promise<void> => {
    current = dir;
    where.textContent = '/' + dir;
    list.replaceChildren(el('li', {}, 'loading...'));
    try {
      const { entries } = await client.call('browse', { dir });
      const items: HTMLElement[] = [];
      if (dir) items.push(entry('..', 'dir', () => show(dir.split('/').slice(0, -1).join('/'))));
      for (const e of entries) {
        if (!files && e.kind !== 'dir') continue;
        const rel = dir ? `${dir}/${e.name}` : e.name;
        items.push(entry(e.kind === 'dir' ? `${e.name}/` : `${e.name}  (${human(e.size)})`, e.kind, () => (e.kind === 'dir' ? void show(rel) : (close(), onPick(rel)))));
      }
      list.replaceChildren(...items);
    } catch (err) {
      list.replaceChildren(el('li', { className: 'error' }, (err as Error).message));
    }
  };
  void show(start);
}

function entry(label: string, kind: string, onClick: () => void): HTMLElement {
  const b = el('button', { className: `file-entry ${kind}` }, label);
  b.onclick = onClick;
  return el('li', {}, b);
}

function human(n: number): string {
  return n > 1e9 ? `${(n / 1e9).toFixed(1)} GB` : n > 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n > 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} B`;
}
