/**
 * Masks and label images drawn over an image (RGBA, opaque): a mask in one colour, labels each in a
 * colour of their own, blended at an opacity. Pure functions, so the views, the preview and (later)
 * figure export draw overlays alike.
 */

/** A colour per label, far apart for neighbouring ids (golden-angle hues), 0 = none. */
export function labelColor(id: number): [number, number, number] {
  const h = ((id * 0.618033988749895) % 1) * 6;
  const s = 0.75;
  const v = 0.95 - 0.25 * ((id >> 3) % 2);
  const i = Math.floor(h);
  const f = h - i;
  const p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
  const [r, g, b] = [[v, t, p], [q, v, p], [p, v, t], [p, q, v], [t, p, v], [v, p, q]][i % 6];
  return [Math.round(r * 255), Math.round(g * 255), Math.round(b * 255)];
}

function blend(rgba: Uint8Array | Uint8ClampedArray, i: number, r: number, g: number, b: number, a: number): void {
  const o = 4 * i;
  rgba[o] = Math.round(rgba[o] + (r - rgba[o]) * a);
  rgba[o + 1] = Math.round(rgba[o + 1] + (g - rgba[o + 1]) * a);
  rgba[o + 2] = Math.round(rgba[o + 2] + (b - rgba[o + 2]) * a);
}

/** Where mask[i] is nonzero (and not NaN), `color` over rgba at `opacity` (0..1). */
export function overlayMask(rgba: Uint8Array | Uint8ClampedArray, mask: ArrayLike<number>, n: number, color: readonly [number, number, number], opacity: number): void {
  const a = Math.max(0, Math.min(1, opacity));
  for (let i = 0; i < n; i++) if (mask[i] > 0) blend(rgba, i, color[0], color[1], color[2], a);
}

/** Each label's colour over rgba at `opacity`; 0 (background) and NaN stay as they are. */
export function overlayLabels(rgba: Uint8Array | Uint8ClampedArray, labels: ArrayLike<number>, n: number, opacity: number): void {
  const a = Math.max(0, Math.min(1, opacity));
  let last = -1;
  let c: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const id = labels[i];
    if (!(id > 0)) continue;
    if (id !== last) {
      last = id;
      c = labelColor(id);
    }
    blend(rgba, i, c[0], c[1], c[2], a);
  }
}
