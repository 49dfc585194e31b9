/**
 * The modified Huffman run-length codes of ITU-T T.4 (also used by T.6), as bit strings, and lookup
 * tables built from them: indexed by the next 13 bits of the stream, an entry holds the code's length
 * (bits 16..) and its run length (bits 0..15); 0 = no code starts with those bits.
 */

/** Terminating codes, runs 0..63. */
const WHITE_TERMINATING = [
  '00110101', '000111', '0111', '1000', '1011', '1100', '1110', '1111', '10011', '10100', '00111', '01000', '001000',
  '000011', '110100', '110101', '101010', '101011', '0100111', '0001100', '0001000', '0010111', '0000011', '0000100',
  '0101000', '0101011', '0010011', '0100100', '0011000', '00000010', '00000011', '00011010', '00011011', '00010010',
  '00010011', '00010100', '00010101', '00010110', '00010111', '00101000', '00101001', '00101010', '00101011',
  '00101100', '00101101', '00000100', '00000101', '00001010', '00001011', '01010010', '01010011', '01010100',
  '01010101', '00100100', '00100101', '01011000', '01011001', '01011010', '01011011', '01001010', '01001011',
  '00110010', '00110011', '00110100',
];
const BLACK_TERMINATING = [
  '0000110111', '010', '11', '10', '011', '0011', '0010', '00011', '000101', '000100', '0000100', '0000101', '0000111',
  '00000100', '00000111', '000011000', '0000010111', '0000011000', '0000001000', '00001100111', '00001101000',
  '00001101100', '00000110111', '00000101000', '00000010111', '00000011000', '000011001010', '000011001011',
  '000011001100', '000011001101', '000001101000', '000001101001', '000001101010', '000001101011', '000011010010',
  '000011010011', '000011010100', '000011010101', '000011010110', '000011010111', '000001101100', '000001101101',
  '000011011010', '000011011011', '000001010100', '000001010101', '000001010110', '000001010111', '000001100100',
  '000001100101', '000001010010', '000001010011', '000000100100', '000000110111', '000000111000', '000000100111',
  '000000101000', '000001011000', '000001011001', '000000101011', '000000101100', '000001011010', '000001100110',
  '000001100111',
];
/** Make-up codes, runs 64, 128, ..., 1728. */
const WHITE_MAKEUP = [
  '11011', '10010', '010111', '0110111', '00110110', '00110111', '01100100', '01100101', '01101000', '01100111',
  '011001100', '011001101', '011010010', '011010011', '011010100', '011010101', '011010110', '011010111', '011011000',
  '011011001', '011011010', '011011011', '010011000', '010011001', '010011010', '011000', '010011011',
];
const BLACK_MAKEUP = [
  '0000001111', '000011001000', '000011001001', '000001011011', '000000110011', '000000110100', '000000110101',
  '0000001101100', '0000001101101', '0000001001010', '0000001001011', '0000001001100', '0000001001101',
  '0000001110010', '0000001110011', '0000001110100', '0000001110101', '0000001110110', '0000001110111',
  '0000001010010', '0000001010011', '0000001010100', '0000001010101', '0000001011010', '0000001011011',
  '0000001100100', '0000001100101',
];
/** Extended make-up codes shared by both colours, runs 1792, 1856, ..., 2560. */
const EXTENDED_MAKEUP = [
  '00000001000', '00000001100', '00000001101', '000000010010', '000000010011', '000000010100', '000000010101',
  '000000010110', '000000010111', '000000011100', '000000011101', '000000011110', '000000011111',
];

export const PEEK_BITS = 13;

function runTable(terminating: string[], makeup: string[]): Int32Array {
  const t = new Int32Array(1 << PEEK_BITS);
  const add = (code: string, run: number): void => {
    const shift = PEEK_BITS - code.length;
    const base = parseInt(code, 2) << shift;
    t.fill((code.length << 16) | run, base, base + (1 << shift));
  };
  terminating.forEach((c, i) => add(c, i));
  makeup.forEach((c, i) => add(c, 64 * (i + 1)));
  EXTENDED_MAKEUP.forEach((c, i) => add(c, 1792 + 64 * i));
  return t;
}

export const WHITE_RUNS = runTable(WHITE_TERMINATING, WHITE_MAKEUP);
export const BLACK_RUNS = runTable(BLACK_TERMINATING, BLACK_MAKEUP);

/** Two-dimensional coding modes (T.4 section 4.2), looked up by the next 7 bits. */
export const enum Mode { Invalid, Pass, Horizontal, Vertical, Extension }
export const MODE_BITS = 7;

/** Entry: mode (bits 0..3), code length (bits 4..7), vertical offset + 3 (bits 8..). */
export const MODES: Int32Array = (() => {
  const t = new Int32Array(1 << MODE_BITS);
  const add = (code: string, mode: Mode, offset = 0): void => {
    const shift = MODE_BITS - code.length;
    const base = parseInt(code, 2) << shift;
    t.fill(mode | (code.length << 4) | ((offset + 3) << 8), base, base + (1 << shift));
  };
  add('0001', Mode.Pass);
  add('001', Mode.Horizontal);
  add('1', Mode.Vertical, 0);
  add('011', Mode.Vertical, 1);
  add('000011', Mode.Vertical, 2);
  add('0000011', Mode.Vertical, 3);
  add('010', Mode.Vertical, -1);
  add('000010', Mode.Vertical, -2);
  add('0000010', Mode.Vertical, -3);
  add('0000001', Mode.Extension);
  return t;
})();
