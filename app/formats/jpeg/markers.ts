/**
 * A walk over a JPEG stream's marker segments, done before any decoder sees it: the frame header's
 * size and sampling are checked against what the container expects, so a hostile header cannot make the
 * decoder allocate for a huge frame, and a stream without an end marker is known to be cut off.
 */

export interface JpegComponent { id: number; h: number; v: number }

/** The frame of a baseline (SOF0), extended (SOF1) or progressive (SOF2) JPEG: what the decoder handles. */
export interface JpegFrame {
  precision: number;
  width: number;
  height: number;
  components: JpegComponent[];
  scans: number;
}

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const NAMES: Record<number, string> = {
  0xc3: 'lossless', 0xc5: 'hierarchical', 0xc6: 'hierarchical progressive', 0xc7: 'hierarchical lossless',
  0xc9: 'arithmetic-coded', 0xca: 'arithmetic-coded progressive', 0xcb: 'arithmetic-coded lossless',
  0xcd: 'arithmetic-coded hierarchical', 0xce: 'arithmetic-coded hierarchical progressive',
  0xcf: 'arithmetic-coded hierarchical lossless',
};

/** Throws an Error saying what is wrong with the stream's structure. */
export function scanJpeg(d: Uint8Array): JpegFrame {
  if (d.length < 4 || d[0] !== 0xff || d[1] !== SOI) throw new Error('no JPEG start-of-image marker');
  let frame: JpegFrame | null = null;
  let scans = 0;
  let p = 2;
  for (;;) {
    if (p >= d.length) throw new Error('JPEG data is cut off (no end-of-image marker)');
    if (d[p] !== 0xff) throw new Error(`expected a JPEG marker at byte ${p}`);
    while (p < d.length && d[p] === 0xff) p++; // fill bytes
    if (p >= d.length) throw new Error('JPEG data is cut off (no end-of-image marker)');
    const m = d[p++];
    if (m === EOI) break;
    if ((m >= 0xd0 && m <= 0xd7) || m === 0x01) continue; // no length
    if (p + 2 > d.length) throw new Error('JPEG data is cut off in a marker segment');
    const len = (d[p] << 8) | d[p + 1];
    if (len < 2 || p + len > d.length) throw new Error(`JPEG marker 0x${m.toString(16)} segment of ${len} bytes runs past the end`);
    const seg = d.subarray(p + 2, p + len);
    p += len;
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      if (frame) throw new Error('more than one JPEG frame');
      if (NAMES[m]) throw new Error(`${NAMES[m]} JPEG is not supported (baseline, extended and progressive are)`);
      frame = parseFrame(seg);
    } else if (m === SOS) {
      if (!frame) throw new Error('JPEG scan before the frame header');
      scans++;
      p = skipEntropyCoded(d, p);
    }
  }
  if (!frame) throw new Error('no JPEG frame header');
  if (scans === 0) throw new Error('JPEG frame has no scan');
  frame.scans = scans;
  return frame;
}

function parseFrame(s: Uint8Array): JpegFrame {
  if (s.length < 6) throw new Error('JPEG frame header is too short');
  const n = s[5];
  if (n < 1 || s.length < 6 + 3 * n) throw new Error(`JPEG frame header declares ${n} components`);
  const components: JpegComponent[] = [];
  for (let i = 0; i < n; i++) {
    const id = s[6 + 3 * i];
    const h = s[7 + 3 * i] >> 4;
    const v = s[7 + 3 * i] & 15;
    if (h < 1 || h > 4 || v < 1 || v > 4) throw new Error(`JPEG component ${id} has invalid sampling ${h}x${v}`);
    components.push({ id, h, v });
  }
  return { precision: s[0], height: (s[1] << 8) | s[2], width: (s[3] << 8) | s[4], components, scans: 0 };
}

/**
 * Position of the next marker after entropy-coded data (0xff followed by neither 0 nor a restart), or
 * the end of the data when there is none (the caller then reports the missing end marker).
 */
function skipEntropyCoded(d: Uint8Array, p: number): number {
  for (let i = p; i + 1 < d.length; i++) {
    if (d[i] !== 0xff) continue;
    const b = d[i + 1];
    if (b !== 0 && b !== 0xff && (b < 0xd0 || b > 0xd7)) return i;
  }
  return d.length;
}
