import type { AppState } from '../state/app-state.js';

/** Shortcuts a Fiji or napari user expects: Ctrl/Cmd+O to open, arrows and Page keys through slices. */
export function installKeyboard(state: AppState, actions: { open(): void }): void {
  window.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement | null;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || document.querySelector('.dialog'))) return;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === 'o') {
      e.preventDefault();
      actions.open();
      return;
    }
    const d = state.volume?.info.meta.dims;
    if (!d || mod) return;
    const z = state.position.z;
    const step: Record<string, number> = {
      ArrowUp: 1, ArrowRight: 1, ArrowDown: -1, ArrowLeft: -1,
      PageUp: Math.max(1, Math.round(d.z / 10)), PageDown: -Math.max(1, Math.round(d.z / 10)),
      Home: -z, End: d.z - 1 - z,
    };
    if (e.key in step) {
      e.preventDefault();
      state.setPosition({ z: z + step[e.key] });
    }
  });
}
