import type { AppState } from '../state/app-state.js';
import { Colorbar } from '../widgets/colorbar.js';
import { channelTable } from './compositor.js';

/** A colorbar for the channel being looked at, with its value range, in the corner of the views. */
export function mountColorbar(host: HTMLElement, state: AppState): void {
  const bar = new Colorbar(host);
  let frame = 0;
  const draw = (): void => {
    frame = 0;
    const meta = state.volume?.info.meta;
    const c = state.cursor.c;
    const ch = state.display.channels[c];
    host.hidden = !meta || !ch || state.display.mode === 'rgb';
    if (host.hidden || !ch || !meta) return;
    const m = ch.mapping;
    if (!Number.isFinite(m.min) || !Number.isFinite(m.max)) return;
    const name = meta.dims.c > 1 ? meta.channels[c]?.name || `channel ${c + 1}` : '';
    bar.draw(channelTable(ch), m.min, m.max, name);
  };
  const request = (): void => {
    frame ||= requestAnimationFrame(draw);
  };
  for (const ev of ['volume', 'display', 'cursor'] as const) state.on(ev, request);
}
