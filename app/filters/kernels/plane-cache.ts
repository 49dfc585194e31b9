import { mapIndex, windowSize, type Mode, type Window } from '../boundary.js';
import type { Workspace } from './workspace.js';

/** Planes through z windows: a table of addresses, valid until the next window(). */
export interface Planes {
  /** Planes in the volume. */
  readonly count: number;
  window(z: number, w: Window): number;
  /** The addresses of the last window, lo first. */
  addresses: number[];
}

/**
 * The planes a z window needs, kept in a few heap slots: plane p is produced (read from the input,
 * converted, or computed by an earlier stage) when a window first needs it and stays while windows keep
 * needing it. Windows past the volume's ends get their planes through the boundary mode, and constant
 * mode a plane of cval, so an output plane depends only on the volume's own planes in its window: a
 * slab run gives the very bytes of a whole-volume run.
 *
 * window() writes the window's plane addresses into one table, valid until the next window() of this
 * cache (its slots may then be reused).
 */
export class PlaneCache implements Planes {
  readonly table: number;
  /** The addresses of the last window, lo first. */
  addresses: number[] = [];
  private readonly slots: number[] = [];
  private readonly tags: number[] = [];
  private readonly cvalSlot: number;
  private cvalReady = false;

  constructor(
    private readonly ws: Workspace,
    readonly count: number,
    private readonly widest: Window,
    slotBytes: number,
    private readonly mode: Mode,
    private readonly produce: (p: number, at: number) => void,
    private readonly fillCval: (at: number) => void,
  ) {
    const capacity = Math.min(windowSize(widest), count);
    for (let i = 0; i < capacity; i++) {
      this.slots.push(ws.alloc(slotBytes));
      this.tags.push(-1);
    }
    this.cvalSlot = mode === 'constant' ? ws.alloc(slotBytes) : 0;
    this.table = ws.table(windowSize(widest));
  }

  window(z: number, w: Window): number {
    if (w.lo < this.widest.lo || w.hi > this.widest.hi) throw new Error('filters: plane window wider than its cache');
    const want: number[] = [];
    for (let k = w.lo; k <= w.hi; k++) want.push(mapIndex(z + k, this.count, this.mode));
    const needed = new Set(want.filter((p) => p >= 0));
    const addresses = want.map((p) => {
      if (p < 0) return this.cval();
      let s = this.tags.indexOf(p);
      if (s < 0) {
        s = this.tags.findIndex((t) => !needed.has(t));
        this.tags[s] = p;
        this.produce(p, this.slots[s]);
      }
      return this.slots[s];
    });
    this.ws.setTable(this.table, addresses);
    this.addresses = addresses;
    return this.table;
  }

  private cval(): number {
    if (!this.cvalReady) this.fillCval(this.cvalSlot);
    this.cvalReady = true;
    return this.cvalSlot;
  }
}

/** Another plane stored `offset` bytes after each of a cache's planes (e.g. x*x beside x). */
export class OffsetPlanes implements Planes {
  addresses: number[] = [];
  readonly count: number;
  private readonly table: number;

  constructor(private readonly ws: Workspace, private readonly base: Planes, private readonly offset: number, widest: Window) {
    this.table = ws.table(windowSize(widest));
    this.count = base.count;
  }

  window(z: number, w: Window): number {
    this.base.window(z, w);
    this.addresses = this.base.addresses.map((a) => a + this.offset);
    this.ws.setTable(this.table, this.addresses);
    return this.table;
  }
}
