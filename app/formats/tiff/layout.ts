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
  /** 2 = bits filled least-significant first (only matters for 1-bit data). */
  fillOrder: number;
  /** Tile size, or 0 for strips. */
  tileWidth: number;
  tileLength: number;
  rowsPerStrip: number;
  /** Canonical plane p -> index into pageOffsets/pageCounts, and which sample of that page. */
  planePage: number[];
  planeSample: number[];
  pageOffsets: number[][];
  pageCounts: number[][];
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
