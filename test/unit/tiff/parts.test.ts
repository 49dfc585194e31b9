import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCodecs } from '../../../app/formats/codecs.js';
import { FormatError } from '../../../app/formats/errors.js';
import { MemorySource, type SourceSet } from '../../../app/formats/source.js';
import { parseImageJDescription } from '../../../app/formats/tiff/imagej.js';
import { tiffReader } from '../../../app/formats/tiff/index.js';
import { omeColor, parseOme } from '../../../app/formats/tiff/ome.js';
import { decodePackBits } from '../../../app/formats/tiff/packbits.js';
import { parseXml } from '../../../app/formats/tiff/xml.js';
import { FIXTURES } from '../paths.js';
import { decodeBytes } from './helpers.js';

const DIR = join(FIXTURES, 'tiff');

describe('TIFF metadata parsers', () => {
  it('parses ImageJ descriptions, decoding \\u00B5 escapes', () => {
    const ij = parseImageJDescription('ImageJ=1.53t\nimages=24\nchannels=2\nunit=\\u00B5m\nspacing=0.5\nloop=false\n');
    expect(ij).toMatchObject({ ImageJ: '1.53t', images: 24, channels: 2, unit: 'µm', spacing: 0.5, loop: false });
  });

  it('scans XML tolerantly: prefixes, entities, comments, CDATA, unclosed elements', () => {
    const doc = parseXml('<?xml version="1.0"?><!-- c --><ome:OME a="1"><Image Name="a &amp; b"><![CDATA[x<y]]><Pixels SizeX=\'3\'/></Image>');
    const ome = doc.children[0];
    expect(ome.name).toBe('OME');
    expect(ome.children[0].attrs.Name).toBe('a & b');
    expect(ome.children[0].text).toBe('x<y');
    expect(ome.children[0].children[0].attrs.SizeX).toBe('3');
  });

  it('reads OME Pixels, channels, colours and several images', () => {
    const xml = `<OME><Image ID="Image:0" Name="first"><Pixels DimensionOrder="XYCZT" Type="float" SizeX="4" SizeY="3"
      SizeZ="2" SizeC="2" SizeT="1" PhysicalSizeX="200" PhysicalSizeXUnit="nm" PhysicalSizeY="0.2" PhysicalSizeZ="1">
      <Channel Name="A" Color="-16776961" EmissionWavelength="520"/><Channel Name="B" Color="16711935"/>
      <TiffData IFD="1" PlaneCount="3"/><TiffData IFD="0" FirstZ="1" FirstC="1"/></Pixels></Image>
      <Image ID="Image:1" Name="second"><Pixels DimensionOrder="XYZCT" Type="uint8" SizeX="8" SizeY="8" SizeZ="1" SizeC="1" SizeT="1"/></Image></OME>`;
    const [a, b] = parseOme(xml, 4);
    expect(a.dtype).toBe('float32');
    expect(a.order).toBe('CZT');
    // everything in the unit of PhysicalSizeX
    expect(a.unit).toBe('nm');
    expect(a.spacing.x).toBeCloseTo(200, 9);
    expect(a.spacing.y).toBeCloseTo(200, 9);
    expect(a.spacing.z).toBeCloseTo(1000, 9);
    expect(a.channels.map((c) => [c.name, c.color, c.wavelength])).toEqual([['A', 0xff0000, 520], ['B', 0x00ff00, null]]);
    expect(a.ifds).toEqual([1, 2, 3, 0]);
    expect(b.name).toBe('second');
    expect(omeColor('-1')).toBe(0xffffff);
  });

  it('decodes PackBits runs and literals, capped at the expected size', () => {
    expect([...decodePackBits(new Uint8Array([0xfe, 7, 1, 1, 2, 0x80]), 5)]).toEqual([7, 7, 7, 1, 2]);
    expect([...decodePackBits(new Uint8Array([0x81, 9]), 4)]).toEqual([9, 9, 9, 9]);
  });
});

describe('TIFF reader behaviour', () => {
  it('sniffs classic and BigTIFF in both byte orders, nothing else', () => {
    const h = (...b: number[]): Uint8Array => new Uint8Array(b);
    expect(tiffReader.sniff(h(0x49, 0x49, 42, 0), 'a.tif')).toBe(true);
    expect(tiffReader.sniff(h(0x4d, 0x4d, 0, 42), 'a')).toBe(true);
    expect(tiffReader.sniff(h(0x49, 0x49, 43, 0), 'a')).toBe(true);
    expect(tiffReader.sniff(h(0x4d, 0x4d, 0, 43), 'a')).toBe(true);
    expect(tiffReader.sniff(h(0x93, 0x4e, 0x55, 0x4d), 'a.tif')).toBe(false);
  });

  it('reads a stack header in a handful of reads', async () => {
    const bytes = new Uint8Array(readFileSync(join(DIR, 'stack_uint16_le.tif')));
    const src = new MemorySource('s.tif', bytes);
    let reads = 0;
    const counting = { name: src.name, size: src.size, read: (o: number, n: number) => { reads++; return src.read(o, n); } };
    const files: SourceSet = { primary: counting, sibling: async () => null, listSiblings: async () => [] };
    const h = await tiffReader.readHeader(files, { codecs: defaultCodecs });
    expect(h.meta.dims.z).toBe(4);
    expect(reads).toBeLessThanOrEqual(3);
    expect(structuredClone(h.layout)).toEqual(h.layout);
  });

  it('never fails with anything but FormatError on damaged files', async () => {
    let seed = 42;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const names = ['stack_uint16_le.tif', 'lzw_uint16.tif', 'tiles_int16_deflate.tif', 'imagej_hyperstack.tif', 'ome_2ch.ome.tif', 'bigtiff_float64.tif', 'deflate_pred3_float32.tif'];
    for (const name of names) {
      const orig = new Uint8Array(readFileSync(join(DIR, name)));
      for (let k = 0; k < 60; k++) {
        const b = orig.slice(0, k % 10 === 9 ? Math.floor(rand() * orig.length) : orig.length);
        const flips = 1 + Math.floor(rand() * 8);
        // Damage the header region most of the time: that is where the interesting failures are.
        for (let f = 0; f < flips; f++) b[Math.floor(rand() * Math.min(b.length, k % 2 ? b.length : 512))] = Math.floor(rand() * 256);
        try {
          await decodeBytes(name, b);
        } catch (e) {
          if (!(e instanceof FormatError)) throw new Error(`${name} #${k}: ${(e as Error).stack}`);
        }
      }
    }
  });
});
