/**
 * The dialogs on screen, the top one last: Escape dismisses only the top one (a file browser opened
 * from *Run on files…* closes, the run dialog under it stays).
 */
const open: HTMLElement[] = [];
/** Escape presses a dialog has acted on: the next dialog down, now on top, must not act on the same one. */
const handled = new WeakSet<Event>();

/**
 * A small modal dialog built from DOM nodes (no innerHTML with data: file names are data). Escape or a
 * click beside it dismisses it (onDismiss), as does the returned function.
 */
export function showDialog(
  title: string, body: Node, buttons: { label: string; action?: () => void }[] = [{ label: 'Close' }], onDismiss?: () => void,
): () => void {
  const backdrop = document.createElement('div');
  backdrop.className = 'dialog-backdrop';
  const dlg = document.createElement('div');
  dlg.className = 'dialog';
  dlg.setAttribute('role', 'dialog');
  dlg.setAttribute('aria-label', title);
  const h = document.createElement('h2');
  h.textContent = title;
  const row = document.createElement('div');
  row.className = 'dialog-buttons';
  const close = (): void => {
    backdrop.remove();
    document.removeEventListener('keydown', onKey);
    if (open.includes(backdrop)) open.splice(open.indexOf(backdrop), 1);
  };
  const dismiss = (): void => {
    close();
    onDismiss?.();
  };
  const onKey = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape' || open.at(-1) !== backdrop || handled.has(e)) return;
    handled.add(e);
    dismiss();
  };
  for (const b of buttons) {
    const btn = document.createElement('button');
    btn.textContent = b.label;
    btn.onclick = () => {
      close();
      b.action?.();
    };
    row.append(btn);
  }
  dlg.append(h, body, row);
  backdrop.append(dlg);
  backdrop.addEventListener('click', (e) => e.target === backdrop && dismiss());
  document.addEventListener('keydown', onKey);
  document.body.append(backdrop);
  open.push(backdrop);
  (row.querySelector('button') as HTMLButtonElement | null)?.focus();
  return close;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}
