import type { AppState } from './app-state.js';

/**
 * Time playback: while playing, advances t at the chosen frame rate, driven by animation frames so a
 * slow frame skips ahead in time instead of piling up. Stops at the end unless looping. Also counts
 * frames actually shown, for the playback benchmark.
 */
export function installPlayback(state: AppState): { framesShown: () => number } {
  let raf = 0;
  let last = 0;
  let due = 0;
  let shown = 0;
  const tick = (now: number): void => {
    raf = 0;
    const d = state.volume?.meta.dims;
    if (!state.playback.playing || !d || d.t < 2) return;
    if (!last) last = now;
    due += ((now - last) * state.playback.fps) / 1000;
    last = now;
    if (due >= 1) {
      const steps = Math.floor(due);
      due -= steps;
      let t = state.cursor.t + steps;
      if (t >= d.t) {
        if (!state.playback.loop) {
          state.setCursor({ t: d.t - 1 });
          state.setPlayback({ playing: false });
          return;
        }
        t %= d.t;
      }
      state.setCursor({ t });
      shown++;
    }
    raf = requestAnimationFrame(tick);
  };
  state.on('playback', (p) => {
    if (p.playing && !raf) {
      last = 0;
      due = 0;
      raf = requestAnimationFrame(tick);
    }
  });
  return { framesShown: () => shown };
}
