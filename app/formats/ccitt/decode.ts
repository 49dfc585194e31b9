/**
 * CCITT bilevel decoders for TIFF: modified Huffman (compression 2, "CCITT RLE"), T.4 / Group 3 with
 * 1-D or 2-D coding (compression 3) and T.6 / Group 4 (compression 4).
 *
 * Our own, not utif's: utif's fax decoders build every code as a growing string, take seconds on a few
 * KB of damaged data (the time grows faster than the input), never report an error, keep the 1-D/2-D
 * choice in a global and do not decode compression 2. This one is table driven, does work bounded by
 * the input (every code consumes at least one bit; a line holds at most 2 * width + 8 changes) and
 * throws on the first code that cannot be right.
 *
 * Output follows libtiff: rows of ceil(width / 8) bytes, most significant bit first, 1 = a black run
 * (PhotometricInterpretation decides how that is shown, not the decoder).
 */
import { BLACK_RUNS, MODE_BITS, MODES, Mode, PEEK_BITS, WHITE_RUNS } from './tables.js';

export interface FaxOptions {
  /** 'mh' = compression 2 (rows byte-aligned, no EOL), 't4' = compression 3, 't6' = compression 4. */
  scheme: 'mh' | 't4' | 't6';
  /** T4Options bit 0: lines may be 2-D coded (a tag bit after each EOL says which). */
  twoD: boolean;
  /** FillOrder 2: bits were filled least significant first. */
  lsbFirst: boolean;
  width: number;
  rows: number;
}

const EOL_BITS = 12;

class BitReader {
  private readonly d: Uint8Array;
  private readonly end: number;
  pos = 0;
  constructor(data: Uint8Array, lsbFirst: boolean) {
    // Four zero bytes of padding let peek() read past the end without a bounds check.
    this.d = new Uint8Array(data.length + 4);
    if (lsbFirst) for (let i = 0; i < data.length; i++) this.d[i] = REVERSED[data[i]];
    else this.d.set(data);
    this.end = data.length * 8;
  }
  /** The next n (<= 25) bits, zeros past the end. */
  peek(n: number): number {
    const i = this.pos >>> 3;
    const d = this.d;
    const v = (d[i] << 24) | (d[i + 1] << 16) | (d[i + 2] << 8) | d[i + 3];
    return ((v << (this.pos & 7)) >>> (32 - n)) >>> 0;
  }
  skip(n: number): void {
    this.pos += n;
    if (this.pos > this.end) throw new Error('data ends in the middle of a code');
  }
  get atEnd(): boolean {
    return this.pos >= this.end;
  }
  alignToByte(): void {
    this.pos = Math.min(this.end, (this.pos + 7) & ~7);
  }
  /**
   * Skips fill zeros and one EOL code if they come next; true when an EOL was read. Zeros that run to
   * the end of the data are consumed (trailing fill), so atEnd tells the caller.
   */
  skipEol(): boolean {
    if (this.peek(EOL_BITS) > 1) return false;
    while (this.pos < this.end && this.peek(8) === 0) this.pos += 8;
    while (this.pos < this.end && this.peek(1) === 0) this.pos++;
    if (this.pos > this.end) this.pos = this.end;
    if (this.pos >= this.end) return false;
    this.pos++; // the 1 that ends the EOL
    return true;
  }
}

const REVERSED = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  let r = 0;
  for (let b = 0; b < 8; b++) r |= ((i >>> b) & 1) << (7 - b);
  REVERSED[i] = r;
}

/** Decodes one strip or tile; throws an Error naming the row and the problem. */
export function decodeFax(data: Uint8Array, o: FaxOptions): Uint8Array {
  const { width: w, rows } = o;
  const rowBytes = Math.ceil(w / 8);
  const out = new Uint8Array(rowBytes * rows);
  const r = new BitReader(data, o.lsbFirst);
  // Changing elements: every entry flips the colour, white first; each line ends with w, w, w so that
  // b1 and b2 always exist (the arrays are reused: nothing past the terminator may be read).
  const cap = 2 * w + 8;
  let ref = new Int32Array(cap + 3).fill(w);
  let cur = new Int32Array(cap + 3);
  for (let y = 0; y < rows; y++) {
    let twoD = o.scheme === 't6';
    try {
      const eol = o.scheme === 't4' && r.skipEol();
      if (r.atEnd) throw new Error(`the data ends before this row (of ${rows})`);
      if (o.scheme === 't4' && o.twoD) {
        if (!eol) throw new Error('no EOL before a line of 2-D coded data');
        twoD = r.peek(1) === 0;
        r.skip(1);
      }
      const n = twoD ? decode2D(r, ref, cur, w, cap) : decode1D(r, cur, w, cap);
      cur.fill(w, n, n + 3);
    } catch (e) {
      throw new Error(`row ${y}: ${(e as Error).message}`);
    }
    fillRow(cur, out, y * rowBytes, w);
    if (o.scheme === 'mh') r.alignToByte();
    const t = ref; ref = cur; cur = t;
  }
  return out;
}

/** One run of the given colour: make-up codes (>= 64) until a terminating code (< 64). */
function readRun(r: BitReader, black: number): number {
  const table = black ? BLACK_RUNS : WHITE_RUNS;
  let run = 0;
  for (;;) {
    const e = table[r.peek(PEEK_BITS)];
    if (e === 0) {
      throw new Error(r.peek(EOL_BITS) === 1 ? 'EOL in the middle of a line' : `invalid ${black ? 'black' : 'white'} run code`);
    }
    r.skip(e >>> 16);
    const len = e & 0xffff;
    run += len;
    if (len < 64) return run;
  }
}

function decode1D(r: BitReader, cur: Int32Array, w: number, cap: number): number {
  let a0 = 0;
  let n = 0;
  let color = 0;
  while (a0 < w) {
    a0 += readRun(r, color);
    if (a0 > w) throw new Error(`runs add up to more than the width ${w}`);
    if (n >= cap) throw new Error('too many changes in one line');
    cur[n++] = a0;
    color ^= 1;
  }
  return n;
}

function decode2D(r: BitReader, ref: Int32Array, cur: Int32Array, w: number, cap: number): number {
  let a0 = -1; // imaginary white element before the line
  let color = 0;
  let n = 0;
  let k = 0; // index into ref; b1 = ref[k] with k % 2 === color
  while (a0 < w) {
    // b1: first changing element on the reference line right of a0 whose colour is opposite to a0's.
    if ((k & 1) !== color) k++;
    while (ref[k] <= a0 && ref[k] < w) k += 2;
    // Entries left of a0 may precede k after a colour change; step back while the previous one of the
    // same parity is still right of a0 (can happen after vertical-left codes).
    while (k >= 2 && ref[k - 2] > a0) k -= 2;
    const b1 = ref[k];
    const b2 = ref[k + 1];
    const e = MODES[r.peek(MODE_BITS)];
    const mode = (e & 15) as Mode;
    if (mode === Mode.Invalid) {
      throw new Error(r.peek(EOL_BITS) === 1 ? 'EOL in the middle of a line' : 'invalid 2-D mode code');
    }
    if (mode === Mode.Extension) throw new Error('uncompressed mode (a T.4/T.6 extension) is not supported');
    r.skip((e >>> 4) & 15);
    if (n + 2 > cap) throw new Error('too many changes in one line');
    if (mode === Mode.Pass) {
      a0 = b2;
    } else if (mode === Mode.Horizontal) {
      const start = a0 < 0 ? 0 : a0;
      const a1 = start + readRun(r, color);
      const a2 = a1 + readRun(r, color ^ 1);
      if (a2 > w) throw new Error(`runs add up to more than the width ${w}`);
      cur[n++] = a1;
      cur[n++] = a2;
      a0 = a2;
    } else {
      const a1 = b1 + (e >>> 8) - 3;
      if (a1 < (a0 < 0 ? 0 : a0) || a1 > w) throw new Error(`vertical code puts a change at ${a1}, outside ${Math.max(a0, 0)}..${w}`);
      cur[n++] = a1;
      a0 = a1;
      color ^= 1;
    }
  }
  if (a0 > w) throw new Error(`line is longer than the width ${w}`);
  return n;
}

/** Sets the bits of the black runs (odd entries start black, even entries start white). */
function fillRow(changes: Int32Array, out: Uint8Array, at: number, w: number): void {
  let start = 0;
  for (let i = 0; start < w; i++) {
    const end = Math.min(changes[i], w);
    if (i & 1) setBits(out, at, start, end);
    start = end;
    if (changes[i] >= w) break;
  }
}

function setBits(out: Uint8Array, at: number, from: number, to: number): void {
  let x = from;
  while (x < to && (x & 7) !== 0) { out[at + (x >>> 3)] |= 0x80 >>> (x & 7); x++; }
  while (x + 8 <= to) { out[at + (x >>> 3)] = 0xff; x += 8; }
  while (x < to) { out[at + (x >>> 3)] |= 0x80 >>> (x & 7); x++; }
}
