import { resultCellText, resultColumns, resultsCsv, resultsTsv, type ResultRow } from '../../app/measure/results.js';
import type { AppState } from '../state/app-state.js';
import { measureCurrent } from '../state/measure.js';
import { button, copyText, downloadText, el } from '../widgets/dom.js';

const TITLES: Partial<Record<keyof ResultRow, string>> = { n: '#', count: 'pixels' };

/**
 * Fiji's Results window in the dock: one row per channel for each measurement (the Measure button or
 * M on the drawn rectangle, ellipse or line), with copy (tab-separated, for a spreadsheet), CSV export,
 * a delete button per row and Clear. Rows stay while the app runs, whatever file is open.
 */
export class ResultsTable {
  readonly box = el('section', { className: 'dock-box results-table-box', hidden: true }, 'results-table');
  private readonly table = el('table', { className: 'results' });
  private readonly count = el('span', { className: 'results-count' });
  private readonly scroller = el('div', { className: 'results-scroll' });

  constructor(private readonly state: AppState) {
    const tools = el('div', { className: 'vs-toolbar' });
    tools.append(
      this.count,
      button('Measure (M)', 'Measure the drawn rectangle, ellipse or line: adds a row per channel', 'results-measure', () => measureCurrent(state)),
      button('Copy', 'Copy the table, tab-separated', 'results-copy', () => void copyText(resultsTsv(state.results))),
      button('CSV', 'Download the table as CSV', 'results-csv', () => downloadText(resultsCsv(state.results), 'results.csv', 'text/csv')),
      button('Clear', 'Remove every row', 'results-clear', () => state.clearResults()),
    );
    this.scroller.append(this.table);
    this.box.append(el('h3', { textContent: 'Results' }), tools, this.scroller);
    state.on('results', () => this.render());
    this.render();
  }

  get hasRows(): boolean {
    return this.state.results.length > 0;
  }

  private render(): void {
    const rows = this.state.results;
    this.box.hidden = !rows.length;
    this.count.textContent = `${rows.length} row${rows.length === 1 ? '' : 's'}`;
    const cols = resultColumns();
    const head = el('tr');
    for (const k of cols) head.append(el('th', { textContent: TITLES[k] ?? k }));
    head.append(el('th'));
    const body = rows.map((r, i) => {
      const tr = el('tr');
      for (const k of cols) {
        const text = resultCellText(r[k]);
        tr.append(el('td', { textContent: text, title: text }));
      }
      const del = button('×', 'Delete this row', 'results-delete', () => this.state.removeResult(i));
      del.className = 'row-delete';
      const td = el('td');
      td.append(del);
      tr.append(td);
      return tr;
    });
    this.table.replaceChildren(head, ...body);
    // The newest row in view, as Fiji's table scrolls to it.
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }
}
