/**
 * A <canvas> that keeps its backing store at device resolution: sized from its CSS box by a
 * ResizeObserver, rescaled when devicePixelRatio changes (a window moved to another monitor), and
 * redrawn at once after a resize so it never shows a cleared frame. Drawing code works in CSS pixels.
 */
export type DrawFn = (ctx: CanvasRenderingContext2D, width: number, height: number) => void;

export class CanvasSurface {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly resizeObserver: ResizeObserver;
  private dprQuery: MediaQueryList | null = null;
  private frame = 0;
  private cssWidth = 0;
  private cssHeight = 0;
  private disposed = false;
  private readonly listeners: [string, EventListener][] = [];

  constructor(parent: HTMLElement, private readonly draw: DrawFn, className = 'vs-canvas') {
    this.canvas = document.createElement('canvas');
    this.canvas.className = className;
    parent.append(this.canvas);
    const ctx = this.canvas.getContext('2d');
    if (!ctx) throw new Error('this browser cannot draw on a 2D canvas');
    this.ctx = ctx;
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(this.canvas);
    this.watchPixelRatio();
  }

  /** Size in CSS pixels, as drawing code sees it. */
  get width(): number {
    return this.cssWidth;
  }

  get height(): number {
    return this.cssHeight;
  }

  /** Redraw on the next animation frame; many requests in one frame draw once. */
  requestDraw(): void {
    if (this.frame || this.disposed) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.paint();
    });
  }

  /** A pointer event's position in the canvas's CSS pixels. */
  pointerPosition(e: MouseEvent): { x: number; y: number } {
    const r = this.canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  /** Makes the canvas a keyboard-focusable control: a test id, an accessible label and its handlers (removed by dispose). */
  control(testId: string, label: string, on: { [K in keyof HTMLElementEventMap]?: (e: HTMLElementEventMap[K]) => void }): void {
    const c = this.canvas;
    c.dataset.testid = testId;
    c.tabIndex = 0;
    c.setAttribute('aria-label', label);
    for (const [type, fn] of Object.entries(on)) {
      c.addEventListener(type, fn as EventListener);
      this.listeners.push([type, fn as EventListener]);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const [type, fn] of this.listeners) this.canvas.removeEventListener(type, fn);
    cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
    this.dprQuery?.removeEventListener('change', this.onPixelRatioChange);
    this.canvas.remove();
  }

  private resize(): void {
    const r = this.canvas.getBoundingClientRect();
    this.cssWidth = r.width;
    this.cssHeight = r.height;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(r.width * dpr));
    const h = Math.max(1, Math.round(r.height * dpr));
    if (this.canvas.width !== w) this.canvas.width = w;
    if (this.canvas.height !== h) this.canvas.height = h;
    this.paint();
  }

  private paint(): void {
    if (this.disposed) return;
    const dpr = this.canvas.width / Math.max(1e-6, this.cssWidth) || 1;
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.ctx.clearRect(0, 0, this.cssWidth, this.cssHeight);
    if (this.cssWidth > 0 && this.cssHeight > 0) this.draw(this.ctx, this.cssWidth, this.cssHeight);
  }

  /** A media query matches only the current ratio, so it is re-armed after each change. */
  private watchPixelRatio(): void {
    this.dprQuery?.removeEventListener('change', this.onPixelRatioChange);
    this.dprQuery = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    this.dprQuery.addEventListener('change', this.onPixelRatioChange);
  }

  private readonly onPixelRatioChange = (): void => {
    if (this.disposed) return;
    this.watchPixelRatio();
    this.resize();
  };
}
