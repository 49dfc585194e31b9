import { isHyperspectral } from '../../app/view/channel-axis.js';
import { formatReadout } from '../widgets/logic/plot-data.js';
import type { AppState } from '../state/app-state.js';
import type { ChannelDisplay } from '../../app/model/display.js';
import { channelTable } from '../views/compositor.js';
import { el } from './dialogs.js';

/** A LUT as a CSS gradient (eight stops of its 256 entries), for the swatch. */
function lutGradient(ch: ChannelDisplay): string {
  const t = channelTable(ch);
  const stops = Array.from({ length: 8 }, (_, k) => {
    const i = Math.round((k / 7) * 255);
    return `rgb(${t[3 * i]},${t[3 * i + 1]},${t[3 * i + 2]})`;
  });
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/**
 * Every channel at once, like napari's layer list or Fiji's Channels Tool: name, colour swatch (the
 * channel's LUT), a visibility box (what composite mode adds up) and the display range. A click on a
 * row makes that channel current, so the display panel, colorbar and window/level act on it. It writes
 * the same state the display panel writes; nothing here is a second copy. Shown for volumes of a few
 * channels (cubes of many bands are browsed band by band instead).
 */
export class ChannelList {
  private readonly box = el('section', { className: 'channel-list', hidden: true });
  private readonly list = el('ul', { className: 'channel-rows' });

  constructor(host: HTMLElement, private readonly state: AppState) {
    this.box.dataset.testid = 'channel-list';
    this.list.setAttribute('role', 'listbox');
    this.list.setAttribute('aria-label', 'Channels');
    this.box.append(el('h3', {}, 'Channels'), this.list);
    host.append(this.box);
    for (const ev of ['volume', 'display', 'cursor'] as const) state.on(ev, () => this.render());
    this.render();
  }

  private render(): void {
    const { state } = this;
    const meta = state.volume?.meta;
    this.box.hidden = !meta || meta.dims.c < 2 || isHyperspectral(meta);
    if (this.box.hidden || !meta) return;
    const { display } = state;
    const current = state.currentChannel();
    const composite = display.mode === 'composite';
    const rows = display.channels.map((ch, c) => {
      const name = meta.channels[c]?.name || `channel ${c + 1}`;
      const row = el('li', { className: 'channel-row', tabIndex: 0 });
      row.dataset.channel = String(c);
      row.setAttribute('role', 'option');
      row.setAttribute('aria-selected', String(c === current));
      const shown = el('input', { type: 'checkbox', checked: ch.visible, disabled: !composite });
      shown.title = composite ? `Show ${name} in the composite` : 'Visibility applies in composite mode (C)';
      shown.setAttribute('aria-label', `show ${name}`);
      shown.addEventListener('click', (e) => e.stopPropagation());
      shown.addEventListener('change', () => state.setChannel(c, { visible: shown.checked }));
      const swatch = el('span', { className: 'channel-swatch' });
      swatch.style.background = lutGradient(ch);
      const m = ch.mapping;
      const range = Number.isFinite(m.min) && Number.isFinite(m.max) ? `${formatReadout(m.min)} – ${formatReadout(m.max)}` : '…';
      row.append(shown, swatch, el('span', { className: 'channel-name', title: name }, name), el('span', { className: 'channel-range', title: `display range ${range}` }, range));
      const select = (): void => state.setCursor({ c });
      row.addEventListener('click', select);
      row.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          e.stopPropagation(); // Space here selects the row; it is not play/pause
          select();
        }
      });
      return row;
    });
    // Keep keyboard focus on the row it was on across the re-render.
    const focused = this.list.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.channel : undefined;
    this.list.replaceChildren(...rows);
    if (focused !== undefined) (this.list.querySelector(`[data-channel="${focused}"]`) as HTMLElement | null)?.focus();
  }
}
