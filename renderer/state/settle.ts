/**
 * The explicit "render settled" signal end-to-end tests wait on instead of sleeping:
 * <html data-render-state="settled|busy" data-render-count="N">. Anything that will change pixels
 * (a load, a worker job, a queued frame) holds a token until it is done.
 */
let busy = 0;
let renders = 0;
const root = (): HTMLElement => document.documentElement;

function publish(): void {
  root().dataset.renderState = busy > 0 ? 'busy' : 'settled';
  root().dataset.renderCount = String(renders);
}

export function beginWork(): () => void {
  busy++;
  publish();
  let done = false;
  return () => {
    if (done) return;
    done = true;
    busy--;
    // Settle on the next frame, so the last change has been composited.
    requestAnimationFrame(publish);
  };
}

export function countRender(): void {
  renders++;
  publish();
}

/**
 * Runs fn in a task of its own, holding the settled signal until it is done. Opening a volume rebuilds
 * several panels; one task each keeps every main-thread task short while voxels stream in.
 */
export function inOwnTask(fn: () => void): void {
  const done = beginWork();
  setTimeout(() => {
    try {
      fn();
    } finally {
      done();
    }
  }, 0);
}
