import { FONT_BITS, FONT_CELL, FONT_CHARS } from './generated/bitmap-font.js';

/*
 * Text in exported images, from a bitmap font (DejaVu Sans Mono Bold rendered once, generated/): the
 * same pixels on every machine and in every export, with no font engine. White with a one-pixel black
 * outline, readable on any colormap, as Fiji's overlay labels.
 */

let glyphs: Map<string, Uint8Array> | null = null;

function glyph(ch: string): Uint8Array {
  if (!glyphs) {
    const bits = Uint8Array.from({ length: FONT_BITS.length / 2 }, (_, i) => parseInt(FONT_BITS.slice(2 * i, 2 * i + 2), 16));
    glyphs = new Map([...FONT_CHARS].map((c, i) => [c, bits.subarray(i * FONT_CELL.height, (i + 1) * FONT_CELL.height)]));
  }
  return glyphs.get(ch) ?? glyphs.get('?')!;
}

export const TEXT_HEIGHT = FONT_CELL.height;

export function textWidth(text: string): number {
  return [...text].length * FONT_CELL.width;
}

export interface Clip {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Draws `text` with its cell's top left at (x, y) into an RGB image, inside `clip` only. */
export function drawText(rgb: Uint8Array, width: number, x: number, y: number, text: string, clip: Clip): void {
  const cells = [...text].map(glyph);
  const on = (px: number, py: number): boolean => {
    if (px < x || py < y || py >= y + FONT_CELL.height) return false;
    const cell = cells[Math.floor((px - x) / FONT_CELL.width)];
    return cell !== undefined && ((cell[py - y] >> ((px - x) % FONT_CELL.width)) & 1) === 1;
  };
  const set = (px: number, py: number, v: number): void => {
    if (px < clip.x || py < clip.y || px >= clip.x + clip.width || py >= clip.y + clip.height) return;
    rgb.fill(v, (py * width + px) * 3, (py * width + px) * 3 + 3);
  };
  const w = cells.length * FONT_CELL.width;
  // The outline first: every pixel next to one of the text's, then the text over it.
  for (let py = y - 1; py <= y + FONT_CELL.height; py++) {
    for (let px = x - 1; px <= x + w; px++) {
      if (on(px, py)) continue;
      if (on(px - 1, py) || on(px + 1, py) || on(px, py - 1) || on(px, py + 1)) set(px, py, 0);
    }
  }
  for (let py = y; py < y + FONT_CELL.height; py++) for (let px = x; px < x + w; px++) if (on(px, py)) set(px, py, 255);
}
