/**
 * The part of utif 3.1.0 (CommonJS, no types of its own) the JPEG wrapper uses: its bundled copy of
 * pdf.js's JPEG decoder. Property names are the minified ones of that exact version (package.json pins
 * it); utif-jpeg.ts is the only file that touches them.
 */
declare module 'utif' {
  interface UtifJpegComponent {
    /** Decoded samples (0..255) in 8x8 blocks, row stride (c + 1) blocks. */
    R: Int16Array;
    /** Horizontal and vertical sampling factor relative to the largest one (h / hmax, v / vmax). */
    U: number;
    V: number;
    /** Blocks per line and per column. */
    c: number;
    l: number;
  }
  interface UtifJpegDecoder {
    parse(data: Uint8Array): void;
    width: number;
    height: number;
    /** The decoded components, after parse(). */
    b: UtifJpegComponent[];
  }
  const UTIF: { JpegDecoder: new () => UtifJpegDecoder };
  export default UTIF;
}
