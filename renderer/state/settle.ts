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
