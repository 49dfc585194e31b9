import type { AppState, Tool } from '../state/app-state.js';
import { el } from './dialogs.js';

const TOOLS: { tool: Tool; label: string; key: string; title: string }[] = [
  { tool: 'navigate', label: '✛', key: 'N', title: 'Navigate: click to move the crosshair' },
  { tool: 'line', label: '╱', key: 'L', title: 'Line: draw a line for its intensity profile' },
  { tool: 'rect', label: '▭', key: 'R', title: 'Rectangle: measure a region (and its mean spectrum)' },
  { tool: 'ellipse', label: '◯', key: 'E', title: 'Ellipse: measure a region' },
];

/** The tool buttons of the app bar, like Fiji's toolbar; the pressed one is the active tool. */
export function mountToolbar(host: HTMLElement, state: AppState): void {
  const buttons = TOOLS.map(({ tool, label, key, title }) => {
    const b = el('button', { className: 'tool', title: `${title} (${key})` }, label);
    b.dataset.tool = tool;
    b.setAttribute('aria-label', tool);
    b.onclick = () => state.setTool(tool);
    return b;
  });
  const ortho = el('button', { className: 'tool', title: 'Orthogonal views XY, XZ, YZ (O)' }, 'Ortho');
  ortho.dataset.testid = 'ortho-toggle';
  ortho.onclick = () => state.setLayout({ kind: state.layout.kind === 'ortho' ? 'single' : 'ortho' });
  host.append(...buttons, ortho);
  const sync = (): void => {
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.tool === state.tool));
    ortho.setAttribute('aria-pressed', String(state.layout.kind === 'ortho'));
  };
  state.on('tool', sync);
  state.on('layout', sync);
  sync();
}
