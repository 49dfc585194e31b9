/**
 * Canvas colours taken from the page's CSS variables (styles.css), so plots follow the app's theme;
 * the fallbacks are the same dark theme for a widget mounted outside the app.
 */
export interface CanvasTheme {
  text: string;
  muted: string;
  line: string;
  accent: string;
  panel: string;
  font: string;
}

const FALLBACK: CanvasTheme = { text: '#d8dde3', muted: '#8a939c', line: '#2c3036', accent: '#4da3ff', panel: '#1d2024', font: '11px system-ui, sans-serif' };

export function canvasTheme(el: Element): CanvasTheme {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text', FALLBACK.text),
    muted: v('--muted', FALLBACK.muted),
    line: v('--line', FALLBACK.line),
    accent: v('--accent', FALLBACK.accent),
    panel: v('--panel', FALLBACK.panel),
    font: FALLBACK.font,
  };
}

/** A colour with an alpha, for shading with the accent colour ("#4da3ff" → "rgba(77,163,255,0.2)"). */
export function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m) return color;
  const n = parseInt(m[1], 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}
