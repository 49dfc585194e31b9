import type { AppState } from '../state/app-state.js';
import { Colorbar } from '../widgets/colorbar.js';
import { channelTable } from './compositor.js';

/** A colorbar for the channel being looked at, with its value range, in the corner of the views. */
export function mountColorbar(host: HTMLElement, state: AppState): void {
  const bar = new Colorbar(host);
  let frame = 0;
  // What the bar shows now: redrawing an unchanged bar (every slice or time step sends 'cursor') costs
  // a canvas repaint and a new compositor frame for nothing.
  let shown: { table: Uint8Array; min: number; max: number; name: string } | null = null;
  const draw = (): void => {
    frame = 0;
    const meta = state.volume?.meta;
    const c = state.currentChannel();
    const ch = state.display.channels[c];
    host.hidden = !meta || !ch || state.display.mode === 'rgb';
    if (host.hidden || !ch || !meta) return;
    const m = ch.mapping;
    if (!Number.isFinite(m.min) || !Number.isFinite(m.max)) return;
    const name = meta.dims.c > 1 ? meta.channels[c]?.name || `channel ${c + 1}` : '';
    const table = channelTable(ch);
    if (shown && sameBytes(shown.table, table) && shown.min === m.min && shown.max === m.max && shown.name === name) return;
    // A copy, so a table edited in place still counts as a change.
    shown = { table: table.slice(), min: m.min, max: m.max, name };
    bar.draw(table, m.min, m.max, name);
  };
  const request = (): void => {
    frame ||= requestAnimationFrame(draw);
  };
  for (const ev of ['volume', 'display', 'cursor'] as const) state.on(ev, request);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
