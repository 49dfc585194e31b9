import type { Pane } from 'tweakpane';

/**
 * Keeps a tweakpane panel following the state without echoing back: a pane refresh fires the
 * controls' change events, and a handler that wrote the state again would loop (NaN != NaN, or a
 * value the control rounds). While refreshing, every `set…` call on the guarded state is dropped.
 */
export class PaneSync {
  private syncing = false;

  refresh(pane: Pane | null): void {
    this.syncing = true;
    try {
      pane?.refresh();
    } finally {
      this.syncing = false;
    }
  }

  /** The state as the panel's controls see it: its setters do nothing while the panel refreshes. */
  guard<T extends object>(state: T): T {
    return new Proxy(state, {
      get: (target, key, receiver) => {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value !== 'function' || !String(key).startsWith('set')) return value;
        return (...args: unknown[]) => (this.syncing ? undefined : (value as (...a: unknown[]) => unknown).apply(target, args));
      },
    });
  }
}

/** The whole value as the tooltip of a pane control whose text may be cut off (file names, spacings, channel names). */
export function withTooltip(el: HTMLElement, text: string): void {
  el.title = text;
  for (const input of el.querySelectorAll('input')) input.title = text;
}
