/**
 * ImageJ's LutLoader.interpolate(): stretches the first nColors entries of planar r/g/b arrays over all
 * 256 entries. Fire and Ice are defined as 32 colours and NIH Image LUTs may hold fewer than 256, so
 * reproducing ImageJ's exact arithmetic (double maths, then Java's (byte) cast, which truncates) is
 * what makes our tables byte-identical to ImageJ's.
 */
export function interpolateImageJ(reds: Uint8Array, greens: Uint8Array, blues: Uint8Array, nColors: number): void {
  const r = reds.slice(0, nColors);
  const g = greens.slice(0, nColors);
  const b = blues.slice(0, nColors);
  const scale = nColors / 256.0;
  for (let i = 0; i < 256; i++) {
    const i1 = Math.trunc(i * scale);
    const i2 = Math.min(i1 + 1, nColors - 1);
    const fraction = i * scale - i1;
    reds[i] = Math.trunc((1.0 - fraction) * r[i1] + fraction * r[i2]);
    greens[i] = Math.trunc((1.0 - fraction) * g[i1] + fraction * g[i2]);
    blues[i] = Math.trunc((1.0 - fraction) * b[i1] + fraction * b[i2]);
  }
}

/** Planar r[256], g[256], b[256] (ImageJ's layout) -> interleaved r,g,b triples (ours). */
export function interleave(reds: ArrayLike<number>, greens: ArrayLike<number>, blues: ArrayLike<number>): Uint8Array {
  const table = new Uint8Array(768);
  for (let i = 0; i < 256; i++) {
    table[3 * i] = reds[i];
    table[3 * i + 1] = greens[i];
    table[3 * i + 2] = blues[i];
  }
  return table;
}
