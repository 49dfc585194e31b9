/** TIFF tag ids the reader uses (TIFF 6.0, BigTIFF, ImageJ and OME conventions). */
export const TAG = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  Photometric: 262,
  FillOrder: 266,
  ImageDescription: 270,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  XResolution: 282,
  YResolution: 283,
  PlanarConfiguration: 284,
  T4Options: 292,
  ResolutionUnit: 296,
  Software: 305,
  Predictor: 317,
  TileWidth: 322,
  TileLength: 323,
  TileOffsets: 324,
  TileByteCounts: 325,
  SubIFDs: 330,
  ExtraSamples: 338,
  SampleFormat: 339,
  JPEGTables: 347,
  IJMetadataByteCounts: 50838,
  IJMetadata: 50839,
} as const;

/** Most samples per pixel accepted (validate.ts); per-sample tags are read no further (ifd.ts). */
export const MAX_SAMPLES = 64;

/** Byte size of one value of each TIFF field type; 0 = unknown type (entry is ignored). */
export function typeSize(type: number): number {
  switch (type) {
    case 1: case 2: case 6: case 7: return 1; // BYTE ASCII SBYTE UNDEFINED
    case 3: case 8: return 2; // SHORT SSHORT
    case 4: case 9: case 11: case 13: return 4; // LONG SLONG FLOAT IFD
    case 5: case 10: case 12: case 16: case 17: case 18: return 8; // RATIONAL SRATIONAL DOUBLE LONG8 SLONG8 IFD8
    default: return 0;
  }
}

export const COMPRESSION_NAMES: Record<number, string> = {
  1: 'none', 2: 'CCITT RLE', 3: 'CCITT fax3', 4: 'CCITT fax4', 5: 'LZW', 6: 'old JPEG', 7: 'JPEG',
  8: 'deflate', 32773: 'PackBits', 32946: 'deflate', 34712: 'JPEG 2000', 34887: 'LERC', 50000: 'zstd',
  34925: 'LZMA', 50001: 'WebP', 50002: 'JPEG XL',
};

/** Compressions this reader decodes. */
export const SUPPORTED_COMPRESSION = new Set([1, 2, 3, 4, 5, 7, 8, 32946, 32773, 50000]);

/** CCITT bilevel codecs (1-bit output, most significant bit first whatever the FillOrder). */
export const FAX_COMPRESSION = new Set([2, 3, 4]);

/** Why a codec libtiff writes is refused (others are just "unsupported"). */
export const UNSUPPORTED_WHY: Record<number, string> = {
  6: 'the TIFF 6.0 JPEG scheme is obsolete and not supported',
  34925: 'no maintained pure-JavaScript decoder exists for the xz (LZMA2) streams libtiff writes',
  50001: 'no maintained pure-JavaScript WebP decoder exists (only WebAssembly builds)',
};
