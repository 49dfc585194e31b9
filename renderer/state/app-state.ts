import type { OpenResult } from '../../app/ipc/contract.js';
import { Emitter } from './emitter.js';
import type { VolumeData } from './volume-data.js';

export interface LoadProgress {
  volumeId: string;
  /** 0..1 */
  fraction: number;
  text: string;
}

export interface ViewPosition {
  z: number;
  c: number;
  t: number;
}

export interface DisplayRange {
  min: number;
  max: number;
}

type Events = {
  volume: VolumeData | null;
  position: ViewPosition;
  range: DisplayRange;
  progress: LoadProgress | null;
  status: { text: string; kind: 'info' | 'error' };
  stats: { min: number; max: number; mean: number } | null;
};

/**
 * The renderer's state. Panels write it, views subscribe to it; neither knows the other. Voxels are not
 * in here (VolumeData holds them); only which volume is shown and how.
 */
export class AppState extends Emitter<Events> {
  volume: VolumeData | null = null;
  position: ViewPosition = { z: 0, c: 0, t: 0 };
  range: DisplayRange = { min: 0, max: 1 };
  progress: LoadProgress | null = null;
  stats: Events['stats'] = null;

  setVolume(v: VolumeData | null): void {
    this.volume = v;
    this.position = { z: 0, c: 0, t: 0 };
    this.stats = null;
    this.emit('volume', v);
    this.emit('position', this.position);
  }

  setPosition(p: Partial<ViewPosition>): void {
    const d = this.volume?.info.meta.dims;
    if (!d) return;
    const clamp = (v: number, n: number): number => Math.max(0, Math.min(n - 1, Math.round(v)));
    const next = { z: clamp(p.z ?? this.position.z, d.z), c: clamp(p.c ?? this.position.c, d.c), t: clamp(p.t ?? this.position.t, d.t) };
    if (next.z === this.position.z && next.c === this.position.c && next.t === this.position.t) return;
    this.position = next;
    this.emit('position', next);
  }

  setRange(r: DisplayRange): void {
    this.range = r;
    this.emit('range', r);
  }

  setProgress(p: LoadProgress | null): void {
    this.progress = p;
    this.emit('progress', p);
  }

  setStats(s: Events['stats']): void {
    this.stats = s;
    this.emit('stats', s);
  }

  status(text: string, kind: 'info' | 'error' = 'info'): void {
    this.emit('status', { text, kind });
  }

  get openResult(): OpenResult | null {
    return this.volume?.info ?? null;
  }
}
