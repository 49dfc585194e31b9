/**
 * A full-window drop target while files are dragged over the window. dragenter and dragleave fire for
 * every element the pointer crosses (entering a child leaves its parent), so the overlay counts them
 * and hides only when the drag has left the window; a drop, the end of the drag or Escape hide it too.
 * Drags of text or links (no files) show nothing.
 */
export function installDropOverlay(overlay: HTMLElement, onDrop: (files: File[]) => void): void {
  let depth = 0;
  const hide = (): void => {
    depth = 0;
    overlay.hidden = true;
  };
  const hasFiles = (e: DragEvent): boolean => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
  window.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth++;
    overlay.hidden = false;
  });
  window.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    // Without this the browser refuses the drop (and would open the file itself).
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  });
  window.addEventListener('dragleave', (e) => {
    if (!hasFiles(e)) return;
    // Entering a child fires its dragenter before the parent's dragleave, so the count never dips to 0
    // inside the window. (relatedTarget cannot tell: Chromium leaves it null on drag events.)
    depth = Math.max(0, depth - 1);
    if (depth === 0) hide();
  });
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    hide();
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length) onDrop(files);
  });
  window.addEventListener('dragend', hide);
  window.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !overlay.hidden) hide();
  });
}
