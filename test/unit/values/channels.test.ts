import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModulo, moduloNoun, moduloValue } from '../../../app/formats/tiff/modulo.js';
import { parseXml } from '../../../app/formats/tiff/xml.js';
import { unusableColors } from '../../../app/lut/channel-colors.js';
import type { VolumeMeta } from '../../../app/model/volume.js';
import { channelAxis, channelDescription, spectrumAxis } from '../../../app/view/channel-axis.js';
import { FIXTURES } from '../paths.js';
import { decodeFile } from '../tiff/helpers.js';

const DIR = join(FIXTURES, 'values');

describe('channel colours that cannot show a composite', () => {
  it('too dark: the brightest component below 64; pure blue is fine', () => {
    expect(unusableColors([0x000000, 0x00ff00])).toContain('too dark');
    expect(unusableColors([0x303030])).toContain('#303030');
    expect(unusableColors([0x0000ff, 0xff0000])).toBeNull();
    expect(unusableColors([0x00003f])).toContain('too dark');
    expect(unusableColors([0x000040])).toBeNull();
  });

  it('too alike: two colours within 64 in every component', () => {
    expect(unusableColors([0x800000, 0x800000])).toBe('too alike to tell channels apart (#800000, #800000)');
    expect(unusableColors([0xffffff, 0xffffff, 0x00ff00])).toContain('too alike');
    expect(unusableColors([0xff0000, 0xc00000])).toContain('too alike');
    expect(unusableColors([0xff0000, 0xff00ff])).toBeNull();
  });

  it('no colours, or one usable colour, is fine', () => {
    expect(unusableColors([null, null])).toBeNull();
    expect(unusableColors([])).toBeNull();
    expect(unusableColors([0xffffff])).toBeNull();
  });

  it('the committed OME-TIFF with both colours 0x80000000: colours dropped, and a warning says why', async () => {
    const { meta } = await decodeFile(join(DIR, 'ome_dark_colors.ome.tif'));
    expect(meta.channels.map((c) => c.name)).toEqual(['membrane', 'nuclei']);
    expect(meta.channels.map((c) => c.color)).toEqual([null, null]);
    expect(meta.warnings).toContain("OME channel colours are too alike to tell channels apart (#800000, #800000); using Fiji's default channel colours instead");
    expect(channelAxis(meta).kind).toBe('channel');
  });
});

describe('OME modulo axes', () => {
  const xml = (along: string, refs = true) => parseXml(
    `<OME><Image ID="Image:0">${refs ? '<AnnotationRef ID="A:1"/>' : ''}<Pixels SizeC="6"/></Image><StructuredAnnotations>` +
    `<XMLAnnotation ID="A:1" Namespace="openmicroscopy.org/omero/dimension/modulo"><Value><Modulo>${along}</Modulo></Value></XMLAnnotation>` +
    '</StructuredAnnotations></OME>');

  it('reads a range or labels, with Bio-Formats\' length rule', () => {
    const doc = xml('<ModuloAlongC Type="lifetime" Unit="ps" Start="0" Step="250" End="1250"/>');
    const [m] = parseModulo(doc, doc.children[0].children[0], 1);
    expect(m).toEqual({ along: 'c', type: 'lifetime', typeDescription: '', unit: 'ps', start: 0, step: 250, length: 6, labels: null });
    expect(moduloNoun(m)).toBe('lifetime bin');
    expect(moduloValue(m, 2)).toBe('500 ps');
    const doc2 = xml('<ModuloAlongT Type="other" TypeDescription="polarisation"><Label>H</Label><Label>V</Label></ModuloAlongT>');
    const [t] = parseModulo(doc2, doc2.children[0].children[0], 1);
    expect(t).toMatchObject({ along: 't', type: 'other', length: 2, labels: ['H', 'V'] });
    expect(moduloNoun(t)).toBe('polarisation');
    expect(moduloValue(t, 1)).toBe('V');
  });

  it('an annotation no image references applies to the only image; another image\'s does not', () => {
    const doc = xml('<ModuloAlongZ Type="angle" Start="0" Step="90" End="270" Unit="degree"/>', false);
    expect(parseModulo(doc, doc.children[0].children[0], 1)).toHaveLength(1);
    expect(parseModulo(doc, doc.children[0].children[0], 2)).toHaveLength(0);
  });

  it('the committed FLIM OME-TIFF: 8 lifetime bins along C, named as such, not as bands', async () => {
    const { meta } = await decodeFile(join(DIR, 'ome_flim.ome.tif'));
    expect(meta.dims.c).toBe(8);
    expect(meta.modulo).toEqual([{ along: 'c', type: 'lifetime', typeDescription: '', unit: 'ps', start: 0, step: 500, length: 8, labels: null }]);
    const axis = channelAxis(meta);
    expect(axis.kind).toBe('modulo');
    expect(axis.noun).toBe('lifetime bin');
    expect(meta.channels[2].name).toBe('lifetime bin 3 · 1000 ps');
    expect(channelDescription(meta, 2)).toBe('lifetime bin 3 · 1000 ps');
    const s = spectrumAxis(meta);
    expect(s.label).toBe('lifetime (ps)');
    expect(s.x).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000, 3500]);
  });
});

describe('what the channel axis is', () => {
  const meta = (over: Partial<VolumeMeta>): VolumeMeta => ({
    format: 'ome-tiff', dims: { x: 4, y: 4, z: 1, c: 3, t: 1 }, dtype: 'uint8', spacing: { x: 1, y: 1, z: 1, t: 1 }, unit: '', timeUnit: '',
    channels: [{ name: 'DAPI', wavelength: 461 }, { name: 'GFP', wavelength: 510 }, { name: '', wavelength: null }], scaling: null, affine: null,
    extra: {}, warnings: [], wavelengthUnit: 'nm', ...over,
  });

  it('microscopy channels (even with emission wavelengths) are channels', () => {
    expect(channelAxis(meta({})).kind).toBe('channel');
    expect(channelDescription(meta({}), 0)).toBe('DAPI · 461 nm');
    expect(channelDescription(meta({}), 2)).toBe('channel 3');
  });

  it('ENVI cubes and many-band cubes are bands', () => {
    expect(channelAxis(meta({ format: 'envi' })).kind).toBe('band');
    const wl = Array.from({ length: 9 }, (_, i) => ({ name: '', wavelength: 400 + 10 * i }));
    const cube = meta({ dims: { x: 4, y: 4, z: 1, c: 9, t: 1 }, channels: wl });
    expect(channelAxis(cube).noun).toBe('band');
    expect(channelDescription(cube, 1)).toBe('band 2 · 410 nm');
  });

  it('spectrum axes name their unit, or say it is assumed, or count bands', () => {
    const wl = (unit: string | null, values: number[]) => meta({ format: 'envi', dims: { x: 1, y: 1, z: 1, c: values.length, t: 1 }, channels: values.map((w) => ({ name: '', wavelength: w })), wavelengthUnit: unit });
    expect(spectrumAxis(wl('um', [0.4, 0.5])).label).toBe('wavelength (µm)');
    expect(spectrumAxis(wl('Nanometers', [400, 500])).label).toBe('wavelength (nm)');
    expect(spectrumAxis(wl(null, [426.8, 437])).label).toBe('wavelength (nm, assumed)');
    expect(spectrumAxis(wl(null, [0.43, 2.4])).label).toBe('wavelength (µm, assumed)');
    expect(spectrumAxis(wl('cm-1', [2000, 2500])).label).toBe('wavenumber (cm⁻¹)');
    expect(spectrumAxis(wl('nm', [400, NaN])).label).toBe('band');
  });
});
