import type { AppState } from '../state/app-state.js';

/** The status bar: a message, a progress bar while loading, and Cancel. */
export function mountStatusBar(el: HTMLElement, state: AppState): void {
  const text = el.querySelector<HTMLElement>('#status-text')!;
  const bar = el.querySelector<HTMLProgressElement>('#progress')!;
  const cancel = el.querySelector<HTMLButtonElement>('#cancel')!;
  state.on('status', (s) => {
    text.textContent = s.text;
    text.dataset.kind = s.kind;
  });
  state.on('progress', (p) => {
    bar.hidden = cancel.hidden = !p;
    if (p) {
      bar.value = p.fraction;
      text.textContent = p.text;
      text.dataset.kind = 'info';
      cancel.onclick = () => p.cancel();
    }
  });
}
