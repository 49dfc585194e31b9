/**
 * TIFF reader: classic and BigTIFF, both byte orders, strips and tiles, none/LZW/deflate/PackBits/zstd,
 * JPEG and CCITT RLE/fax3/fax4, predictors 2 and 3, chunky and planar RGB(A), multi-page stacks, ImageJ
 * hyperstacks and OME-TIFF. Our own parser (utif fails on BigTIFF, float64, planar-separate, predictor 3
 * and IFD loops); utif only decodes single JPEG strips and tiles the parser has checked (../jpeg/).
 */
import type { VolumeReader } from '../reader.js';
import { decodeTiffPlane } from './decode-plane.js';
import { readTiffHeader } from './header.js';
import { tiffRawExtent } from './raw-extent.js';
import type { TiffLayout } from './layout.js';

export type { TiffLayout } from './layout.js';

export const tiffReader: VolumeReader<TiffLayout> = {
  id: 'tiff',
  label: 'TIFF (ImageJ, OME-TIFF, BigTIFF)',
  extensions: ['tif', 'tiff', 'ome.tif', 'ome.tiff', 'btf', 'tf8'],
  sniff(head: Uint8Array): boolean {
    if (head.length < 4) return false;
    const le = head[0] === 0x49 && head[1] === 0x49 && head[2] === 42 && head[3] === 0;
    const be = head[0] === 0x4d && head[1] === 0x4d && head[2] === 0 && head[3] === 42;
    const bigLe = head[0] === 0x49 && head[1] === 0x49 && head[2] === 43 && head[3] === 0;
    const bigBe = head[0] === 0x4d && head[1] === 0x4d && head[2] === 0 && head[3] === 43;
    return le || be || bigLe || bigBe;
  },
  readHeader: (files, ctx) => readTiffHeader(files, ctx),
  decodePlane: (files, header, plane, dest, ctx) =>
    decodeTiffPlane(files.primary, header.layout, plane, dest, ctx.codecs, ctx.signal),
  rawExtent: (header, plane) => tiffRawExtent(header.layout, plane),
};
