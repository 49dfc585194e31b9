import type { AppState } from '../state/app-state.js';
import type { Layer } from '../state/layers.js';
import { el } from './dialogs.js';

const KIND_LABEL = { image: 'image', mask: 'mask', labels: 'labels' } as const;

/**
 * The document's layers, like napari's layer list: the file's volume and what was made from it
 * (filtered images, masks, labels). A click makes a layer current: an image is then the one on screen,
 * a mask or labels layer is drawn over the image it came from (visibility and opacity per layer).
 * Derived layers can be removed. Shown once there is more than the file's own layer.
 */
export class LayerList {
  private readonly box = el('section', { className: 'layer-list', hidden: true });
  private readonly list = el('ul', { className: 'layer-rows' });

  constructor(host: HTMLElement, private readonly state: AppState) {
    this.box.dataset.testid = 'layer-list';
    this.list.setAttribute('role', 'listbox');
    this.list.setAttribute('aria-label', 'Layers');
    this.box.append(el('h3', {}, 'Layers'), this.list);
    host.append(this.box);
    for (const ev of ['volume', 'layers'] as const) state.on(ev, () => this.render());
    this.render();
  }

  private render(): void {
    const { state } = this;
    this.box.hidden = state.layers.length < 2;
    // Hidden, it holds no rows either: none of a layer Undo took away stays behind.
    if (this.box.hidden) {
      this.list.replaceChildren();
      return;
    }
    const current = state.current;
    const shown = state.shownLayer;
    this.list.replaceChildren(...state.layers.map((l) => this.row(l, l === current, l === shown)));
  }

  private row(l: Layer, current: boolean, shown: boolean): HTMLLIElement {
    const { state } = this;
    const row = el('li', { className: `layer-row layer-${l.kind}`, tabIndex: 0, title: l.name });
    row.dataset.layer = l.id;
    row.dataset.kind = l.kind;
    row.setAttribute('role', 'option');
    row.setAttribute('aria-selected', String(current));
    if (shown) row.classList.add('shown');
    row.onclick = () => state.selectLayer(l.id);
    row.onkeydown = (e) => {
      if (e.key === 'Enter' || e.key === ' ') state.selectLayer(l.id);
    };
    const name = el('span', { className: 'layer-name' }, l.name);
    const kind = el('span', { className: 'layer-kind' }, KIND_LABEL[l.kind]);
    row.append(kind, name);
    if (l.kind !== 'image') {
      const visible = el('input', { type: 'checkbox', checked: l.visible, title: 'Draw over its image' });
      visible.setAttribute('aria-label', `show ${l.name}`);
      visible.onclick = (e) => e.stopPropagation();
      visible.onchange = () => state.setOverlay(l.id, { visible: visible.checked });
      const opacity = el('input', { type: 'range', min: '0', max: '1', step: '0.05', value: String(l.opacity), title: 'Opacity' });
      opacity.setAttribute('aria-label', `opacity of ${l.name}`);
      opacity.onclick = (e) => e.stopPropagation();
      opacity.oninput = () => state.setOverlay(l.id, { opacity: Number(opacity.value) });
      row.prepend(visible);
      row.append(opacity);
    }
    if (l.derived) {
      const remove = el('button', { textContent: '✕', title: 'Remove this layer (and what was made from it)' });
      remove.setAttribute('aria-label', `remove ${l.name}`);
      remove.onclick = (e) => {
        e.stopPropagation();
        state.removeLayer(l.id);
      };
      row.append(remove);
    }
    return row;
  }
}
