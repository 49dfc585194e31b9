/**
 * The steps libjpeg(-turbo) takes after the IDCT when libtiff reads a JPEG TIFF with JPEGCOLORMODE RGB
 * (what tiffcp, GDAL and most readers do): chroma upsampling with its default "fancy" (triangle) filters
 * and its fixed-point YCbCr -> RGB conversion. Copied in arithmetic, not in code, from jdsample.c and
 * jdcolor.c, so that given the same component samples the output is the same to the bit.
 */

/** One decoded component at its own (downsampled) size. */
export interface Plane { data: Uint8Array; width: number; height: number }

/**
 * Scales a component up by (hx, vy) to width x height, choosing the method libjpeg-turbo's
 * jinit_upsampler chooses: fancy h2v1 / h2v2 when the component is wider than 2 samples, fancy h1v2,
 * otherwise plain replication.
 */
export function upsample(p: Plane, hx: number, vy: number, width: number, height: number): Uint8Array {
  if (hx === 1 && vy === 1) return p.data;
  if (hx === 2 && vy === 1 && p.width > 2) return fancyH2V1(p, width, height);
  if (hx === 1 && vy === 2) return fancyH1V2(p, width, height);
  if (hx === 2 && vy === 2 && p.width > 2) return fancyH2V2(p, width, height);
  return replicate(p, hx, vy, width, height);
}

function replicate(p: Plane, hx: number, vy: number, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const s = Math.min(Math.floor(y / vy), p.height - 1) * p.width;
    for (let x = 0; x < width; x++) out[y * width + x] = p.data[s + Math.min(Math.floor(x / hx), p.width - 1)];
  }
  return out;
}

/** jdsample.c h2v1_fancy_upsample: 3/4 nearer sample + 1/4 further, biased 1 and 2. */
function fancyH2V1(p: Plane, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const row = new Uint8Array(p.width * 2);
  const n = p.width;
  for (let y = 0; y < height; y++) {
    const at = Math.min(y, p.height - 1) * n;
    const s = p.data.subarray(at, at + n);
    row[0] = s[0];
    row[1] = (s[0] * 3 + s[1] + 2) >> 2;
    for (let i = 1; i < n - 1; i++) {
      const v = s[i] * 3;
      row[2 * i] = (v + s[i - 1] + 1) >> 2;
      row[2 * i + 1] = (v + s[i + 1] + 2) >> 2;
    }
    row[2 * n - 2] = (s[n - 1] * 3 + s[n - 2] + 1) >> 2;
    row[2 * n - 1] = s[n - 1];
    out.set(row.subarray(0, width), y * width);
  }
  return out;
}

/** jdsample.c h1v2_fancy_upsample (libjpeg-turbo): vertical triangle filter, biased 1 above and 2 below. */
function fancyH1V2(p: Plane, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const n = p.width;
  for (let y = 0; y < height; y++) {
    const near = Math.min(y >> 1, p.height - 1);
    const far = y & 1 ? Math.min(near + 1, p.height - 1) : Math.max(near - 1, 0);
    const bias = y & 1 ? 2 : 1;
    for (let x = 0; x < width; x++) {
      const c = Math.min(x, n - 1);
      out[y * width + x] = (p.data[near * n + c] * 3 + p.data[far * n + c] + bias) >> 2;
    }
  }
  return out;
}

/**
 * jdsample.c h2v2_fancy_upsample: column sums 3 * nearer row + further row, then 3/4 + 1/4 across,
 * biased 8 and 7. The rows above the first and below the last are copies of them (libjpeg's context rows).
 */
function fancyH2V2(p: Plane, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const n = p.width;
  const sums = new Int32Array(n);
  const row = new Uint8Array(2 * n);
  for (let y = 0; y < height; y++) {
    const near = Math.min(y >> 1, p.height - 1);
    const far = y & 1 ? Math.min(near + 1, p.height - 1) : Math.max(near - 1, 0);
    for (let i = 0; i < n; i++) sums[i] = p.data[near * n + i] * 3 + p.data[far * n + i];
    row[0] = (sums[0] * 4 + 8) >> 4;
    row[1] = (sums[0] * 3 + sums[1] + 7) >> 4;
    for (let i = 1; i < n - 1; i++) {
      row[2 * i] = (sums[i] * 3 + sums[i - 1] + 8) >> 4;
      row[2 * i + 1] = (sums[i] * 3 + sums[i + 1] + 7) >> 4;
    }
    row[2 * n - 2] = (sums[n - 1] * 3 + sums[n - 2] + 8) >> 4;
    row[2 * n - 1] = (sums[n - 1] * 4 + 7) >> 4;
    out.set(row.subarray(0, width), y * width);
  }
  return out;
}

const SCALE = 16;
const HALF = 1 << (SCALE - 1);
const fix = (x: number): number => Math.floor(x * (1 << SCALE) + 0.5);
// jdcolor.c build_ycc_rgb_table, indexed by the chroma sample.
const CR_R = new Int32Array(256);
const CB_B = new Int32Array(256);
const CR_G = new Int32Array(256);
const CB_G = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  const x = i - 128;
  CR_R[i] = (fix(1.402) * x + HALF) >> SCALE;
  CB_B[i] = (fix(1.772) * x + HALF) >> SCALE;
  CR_G[i] = -fix(0.71414) * x;
  CB_G[i] = -fix(0.34414) * x + HALF;
}

const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);

/** jdcolor.c ycc_rgb_convert into interleaved RGB. */
export function yccToRgb(y: Uint8Array, cb: Uint8Array, cr: Uint8Array, out: Uint8Array): void {
  for (let i = 0, o = 0; i < y.length; i++, o += 3) {
    const Y = y[i];
    const b = cb[i];
    const r = cr[i];
    out[o] = clamp(Y + CR_R[r]);
    out[o + 1] = clamp(Y + ((CB_G[b] + CR_G[r]) >> SCALE));
    out[o + 2] = clamp(Y + CB_B[b]);
  }
}
