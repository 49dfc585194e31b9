/**
 * Masks and label images drawn over an image (RGBA, opaque): a mask in one colour, labels each in a
 * colour of their own, blended at an opacity. Pure functions, so the views, the preview and (later)
 * figure export draw overlays alike.
 */

type RGB = [number, number, number];

/** sRGB (0..255) to CIELAB (D65), to measure how different two colours look. */
function lab(r: number, g: number, b: number): RGB {
  const lin = (v: number): number => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  const [R, G, B] = [lin(r), lin(g), lin(b)];
  const f = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  const x = f((0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047);
  const y = f(0.2126 * R + 0.7152 * G + 0.0722 * B);
  const z = f((0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

/**
 * A glasbey palette (Glasbey et al. 2007, as Fiji's "glasbey" LUT and napari's labels): each colour
 * the one farthest, in CIELAB, from every colour chosen before it, among a 16-level RGB grid. Black and
 * white count as chosen (background, the brightest image), and colours too dark to see over a dark
 * image are left out. Built once (about a million distance updates), the same on every run.
 */
const PALETTE_SIZE = 255;
const PALETTE: readonly RGB[] = (() => {
  const cands: { rgb: RGB; lab: RGB; d: number }[] = [];
  for (let r = 0; r < 16; r++) for (let g = 0; g < 16; g++) for (let b = 0; b < 16; b++) {
    const rgb: RGB = [r * 17, g * 17, b * 17];
    const l = lab(...rgb);
    if (l[0] >= 35) cands.push({ rgb, lab: l, d: Infinity });
  }
  const take = (l: RGB): void => {
    for (const c of cands) {
      const d = (c.lab[0] - l[0]) ** 2 + (c.lab[1] - l[1]) ** 2 + (c.lab[2] - l[2]) ** 2;
      if (d < c.d) c.d = d;
    }
  };
  take(lab(0, 0, 0));
  take(lab(255, 255, 255));
  const out: RGB[] = [];
  while (out.length < PALETTE_SIZE) {
    let best = cands[0];
    for (const c of cands) if (c.d > best.d) best = c;
    out.push(best.rgb);
    take(best.lab);
  }
  return out;
})();

/** The colour of label `id` (1, 2, …; 0 is none): the glasbey palette, repeating after 255 labels. */
export function labelColor(id: number): RGB {
  const c = PALETTE[(Math.max(1, Math.trunc(id)) - 1) % PALETTE_SIZE];
  return [c[0], c[1], c[2]];
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

/**
 * Each label's colour over rgba at `opacity`; 0 (background) and NaN stay as they are. With a
 * `highlight` label (the object chosen in the object table) that one is drawn opaque and the others
 * at half their opacity, so it stands out among its neighbours.
 */
export function overlayLabels(rgba: Uint8Array | Uint8ClampedArray, labels: ArrayLike<number>, n: number, opacity: number, highlight = 0): void {
  const full = Math.max(0, Math.min(1, opacity));
  const others = highlight > 0 ? full / 2 : full;
  let last = -1;
  let c: RGB = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const id = labels[i];
    if (!(id > 0)) continue;
    if (id !== last) {
      last = id;
      c = labelColor(id);
    }
    blend(rgba, i, c[0], c[1], c[2], id === highlight ? 1 : others);
  }
}
