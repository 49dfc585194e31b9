import { moduloNoun, moduloValue } from '../formats/tiff/modulo.js';
import type { ModuloAxis, VolumeMeta } from '../model/volume.js';
import { formatWavelength, isWavenumberUnit, unknownWavelengthUnit, wavelengthsInNm, wavelengthUnitLabel } from './true-color.js';

/*
 * What the channel axis of a volume is, so panels, plots and tables name it right: microscopy
 * channels, hyperspectral bands (ENVI, or cubes whose every channel has a wavelength), or an OME modulo
 * sub-axis (FLIM lifetime bins along C), which is not a set of bands.
 */

/** More channels than this, or wavelengths on every one of more than 3, read as a cube: one band at a time. */
const MAX_COMPOSITE = 7;

/** A cube of many bands (or bins), shown one at a time rather than as a composite of channels. */
export function isHyperspectral(meta: Pick<VolumeMeta, 'dims' | 'channels'>): boolean {
  const n = meta.dims.c;
  return n > MAX_COMPOSITE || (n > 3 && meta.channels.every((ch) => ch.wavelength !== null));
}

export interface ChannelAxis {
  kind: 'channel' | 'band' | 'modulo';
  /** One step of the axis: 'channel', 'band', 'lifetime bin', ... */
  noun: string;
  modulo: ModuloAxis | null;
}

export function channelAxis(meta: Pick<VolumeMeta, 'format' | 'dims' | 'channels' | 'modulo'>): ChannelAxis {
  const modulo = meta.modulo?.find((m) => m.along === 'c') ?? null;
  if (modulo) return { kind: 'modulo', noun: moduloNoun(modulo), modulo };
  if (meta.format === 'envi' || isHyperspectral(meta)) return { kind: 'band', noun: 'band', modulo: null };
  return { kind: 'channel', noun: 'channel', modulo: null };
}

/** One channel described for the panel: its name (or 'band 3'), with its wavelength or modulo value. */
export function channelDescription(meta: Pick<VolumeMeta, 'format' | 'dims' | 'channels' | 'modulo' | 'wavelengthUnit'>, c: number): string {
  const axis = channelAxis(meta);
  const ch = meta.channels[c];
  if (axis.modulo) {
    const bin = c % axis.modulo.length;
    return ch?.name || `${axis.noun} ${bin + 1} · ${moduloValue(axis.modulo, bin)}`;
  }
  const wl = ch?.wavelength != null ? formatWavelength(ch.wavelength, meta.wavelengthUnit ?? null) : '';
  const name = ch?.name || `${axis.noun} ${c + 1}`;
  // A name that already says its wavelength ('376.44 Nanometers') is not followed by it again.
  const said = ch?.wavelength != null && name.includes(String(+ch.wavelength.toPrecision(6)));
  return wl && !said ? `${name} · ${wl}` : name;
}

/**
 * The x axis of a spectrum plot (a value per channel): wavelengths with their unit when every channel
 * has one ('wavelength (nm)'; a cube that states no unit gets the unit its values suggest, marked as
 * assumed), the modulo values ('lifetime (ps)'), else the 1-based band numbers ('band').
 */
export function spectrumAxis(meta: Pick<VolumeMeta, 'format' | 'dims' | 'channels' | 'modulo' | 'wavelengthUnit'>): { x: number[]; label: string; title: string } {
  const axis = channelAxis(meta);
  const n = meta.dims.c;
  if (axis.modulo && !axis.modulo.labels) {
    const m = axis.modulo;
    const what = m.type === 'lifetime' ? 'lifetime' : m.type === 'other' ? m.typeDescription || 'value' : m.type;
    const x = Array.from({ length: n }, (_, c) => m.start + (c % m.length) * m.step);
    return { x, label: `${what}${m.unit ? ` (${m.unit})` : ''}`, title: m.type === 'lifetime' ? 'Decay' : 'Profile along the channels' };
  }
  const wl = meta.channels.map((ch) => ch.wavelength);
  if (n > 0 && wl.every((w) => w !== null && Number.isFinite(w))) {
    const unit = meta.wavelengthUnit ?? null;
    const x = wl as number[];
    if (isWavenumberUnit(unit)) return { x, label: 'wavenumber (cm⁻¹)', title: 'Spectrum' };
    if (!unknownWavelengthUnit(unit)) {
      const lengths = wavelengthsInNm(x, unit);
      return { x, label: lengths ? `wavelength (${wavelengthUnitLabel(unit!)})` : `${unit}`, title: 'Spectrum' };
    }
    // No unit stated: values below 10 read as µm, others as nm (the same guess true colour makes).
    const guess = Math.max(...x.map(Math.abs)) < 10 ? 'µm' : 'nm';
    return { x, label: `wavelength (${guess}, assumed)`, title: 'Spectrum' };
  }
  return { x: Array.from({ length: n }, (_, c) => c + 1), label: axis.kind === 'band' ? 'band' : axis.noun, title: 'Spectrum' };
}
