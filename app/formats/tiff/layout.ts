/**
 * Everything a worker needs to decode any plane, as plain structured-cloneable data (it crosses
 * worker_threads boundaries): the shared sample geometry plus, per canonical plane, the page and sample
 * it comes from, and per page its strip/tile offsets and byte counts.
 */
export interface TiffLayout {
  littleEndian: boolean;
  width: number;
  height: number;
  /** Stored bits per sample (1, 8, 16, 32, 64). */
  bitsPerSample: number;
  samplesPerPixel: number;
  /** 1 = chunky (samples interleaved), 2 = planar-separate (one chunk set per sample). */
  planar: number;
  compression: number;
  predictor: number;
  /** 2 = bits filled least-significant first (for CCITT: of the coded data; else of 1-bit samples). */
  fillOrder: number;
  /** PhotometricInterpretation (6 = YCbCr: JPEG data is converted to RGB). */
  photometric: number;
  /** T4Options of CCITT fax3 pages (bit 0: 2-D coding). */
  t4Options: number;
  /** Tile size, or 0 for strips. */
  tileWidth: number;
  tileLength: number;
  rowsPerStrip: number;
  /** Canonical plane p -> index into pageOffsets/pageCounts, and which sample of that page. */
  planePage: number[];
  planeSample: number[];
  pageOffsets: number[][];
  pageCounts: number[][];
  /** Per page, JPEGTables (JPEG only; pages with the same tables share one array; else empty). */
  pageJpegTables: (Uint8Array | null)[];
}

/** Number of strips or tiles holding one sample plane (planar 2) or all samples (planar 1). */
export function chunksPerSample(l: TiffLayout): number {
  if (l.tileWidth > 0) return Math.ceil(l.width / l.tileWidth) * Math.ceil(l.height / l.tileLength);
  return Math.ceil(l.height / l.rowsPerStrip);
}

/** Bytes of one decoded chunk (a whole strip of rowsPerStrip rows, or a whole tile). */
export function chunkBytes(l: TiffLayout): number {
  const spp = l.planar === 2 ? 1 : l.samplesPerPixel;
  const w = l.tileWidth > 0 ? l.tileWidth : l.width;
  const rows = l.tileWidth > 0 ? l.tileLength : Math.min(l.rowsPerStrip, l.height);
  return rows * Math.ceil((w * spp * l.bitsPerSample) / 8);
}
