import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

/**
 * A real file that takes seconds to decode, written in a fraction of that: a uint8 stack of deflate
 * tiles of 16 x 16 pixels. Decoding is slow for the same reason real tiny-tile files are (one read and
 * one inflate per 256 pixels), not because of a test-only delay. Each tile holds one value, so the
 * compressed tiles are made once per value and the file stays small (~20 bytes per tile).
 *
 * Voxel (x, y, z) = tileValue(floor(x / 16), floor(y / 16), z).
 */
export const TILE = 16;
export const tileValue = (tx: number, ty: number, z: number): number => (tx + ty + 3 * z) & 255;

export function writeSlowTiff(path: string, width: number, height: number, planes: number): void {
  const across = Math.ceil(width / TILE);
  const down = Math.ceil(height / TILE);
  const n = across * down;
  const blobs = Array.from({ length: 256 }, (_, v) => deflateSync(Buffer.alloc(TILE * TILE, v)));
  // Layout: header, then per page its IFD (10 entries) and its TileOffsets and TileByteCounts arrays,
  // then every tile's compressed bytes.
  const ifdBytes = 2 + 10 * 12 + 4;
  const pageMeta = ifdBytes + 8 * n;
  let data = 8 + planes * pageMeta;
  const meta = Buffer.alloc(8 + planes * pageMeta);
  meta.write('II', 0, 'latin1');
  meta.writeUInt16LE(42, 2);
  meta.writeUInt32LE(8, 4);
  const tiles: Buffer[] = [];
  for (let z = 0; z < planes; z++) {
    const at = 8 + z * pageMeta;
    const offsetsAt = at + ifdBytes;
    const countsAt = offsetsAt + 4 * n;
    const entries: [number, number, number, number][] = [
      // tag, type (3 SHORT, 4 LONG), count, value or offset
      [256, 4, 1, width], [257, 4, 1, height], [258, 3, 1, 8], [259, 3, 1, 8], [262, 3, 1, 1], [277, 3, 1, 1],
      [322, 3, 1, TILE], [323, 3, 1, TILE], [324, 4, n, offsetsAt], [325, 4, n, countsAt],
    ];
    meta.writeUInt16LE(entries.length, at);
    entries.forEach(([tag, type, count, value], k) => {
      const o = at + 2 + 12 * k;
      meta.writeUInt16LE(tag, o);
      meta.writeUInt16LE(type, o + 2);
      meta.writeUInt32LE(count, o + 4);
      if (type === 3 && count === 1) meta.writeUInt16LE(value, o + 8);
      else meta.writeUInt32LE(value, o + 8);
    });
    meta.writeUInt32LE(z + 1 < planes ? 8 + (z + 1) * pageMeta : 0, at + 2 + 12 * entries.length);
    for (let i = 0; i < n; i++) {
      const blob = blobs[tileValue(i % across, Math.floor(i / across), z)];
      meta.writeUInt32LE(data, offsetsAt + 4 * i);
      meta.writeUInt32LE(blob.length, countsAt + 4 * i);
      tiles.push(blob);
      data += blob.length;
    }
  }
  writeFileSync(path, Buffer.concat([meta, ...tiles]));
}
