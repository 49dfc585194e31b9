/*
 * When a file's channel colours cannot be used for a composite. OME-TIFF writers leave colours that
 * show nothing (0x80000000: alpha 0x80, RGB 0, i.e. black) or the same colour on every channel (the
 * schema's default, opaque white), and channels added up in those colours look identical. Such colours
 * are replaced by Fiji's distinct defaults (red, green, blue, gray, cyan, magenta, yellow), and the
 * viewer says so.
 *
 * The rule, per colour as 0xRRGGBB:
 *  - too dark: its brightest component is below 64 (a quarter of full scale). Pure blue (0x0000ff)
 *    stays usable; black, navy 0x000030 and dark gray 0x303030 do not.
 *  - too alike: two channels whose colours differ by less than 64 in every component.
 * One unusable colour makes the whole set unusable, so the channels keep one consistent scheme.
 */

const MIN_BRIGHTEST = 64;
const MIN_DIFFERENCE = 64;

const parts = (c: number): [number, number, number] => [(c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff];
export const hexColor = (c: number): string => `#${(c & 0xffffff).toString(16).padStart(6, '0')}`;

/** Why a set of channel colours is unusable for a composite, or null when it is fine (or there is none). */
export function unusableColors(colors: (number | null | undefined)[]): string | null {
  const given = colors.filter((c): c is number => c !== null && c !== undefined);
  if (!given.length) return null;
  const dark = given.filter((c) => Math.max(...parts(c)) < MIN_BRIGHTEST);
  if (dark.length) return `too dark to see (${[...new Set(dark.map(hexColor))].join(', ')})`;
  for (let i = 0; i < given.length; i++) {
    for (let j = i + 1; j < given.length; j++) {
      const a = parts(given[i]), b = parts(given[j]);
      if (a.every((v, k) => Math.abs(v - b[k]) < MIN_DIFFERENCE)) return `too alike to tell channels apart (${hexColor(given[i])}, ${hexColor(given[j])})`;
    }
  }
  return null;
}
