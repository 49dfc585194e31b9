import type { HostClient } from '../client/client.js';
import { el, showDialog } from './dialogs.js';

/** The browser host's in-app file browser over --root; resolves with the chosen file's relative path. */
export function browseForFile(client: HostClient, onPick: (relPath: string) => void, start = ''): void {
  const list = el('ul', { className: 'file-list' });
  const where = el('div', { className: 'file-where' });
  const body = el('div', { className: 'file-browser' }, where, list);
  let current = start;
  // A folder of numbered 2D images opens as one z stack (like Fiji's Import > Image Sequence).
  const close = showDialog('Open a file', body, [{ label: 'Cancel' }, { label: 'Open folder as stack', action: () => onPick(current) }]);
  const show = async (dir: string): Promise<void> => {
    current = dir;
    where.textContent = '/' + dir;
    list.replaceChildren(el('li', {}, 'loading...'));
    try {
      const { entries } = await client.call('browse', { dir });
      const items: HTMLElement[] = [];
      if (dir) items.push(entry('..', 'dir', () => show(dir.split('/').slice(0, -1).join('/'))));
      for (const e of entries) {
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
