import { unusableColors } from '../../lut/channel-colors.js';
import type { ChannelInfo, ModuloAxis } from '../../model/volume.js';
import { moduloNoun, moduloValue } from './modulo.js';
import type { OmeImage } from './ome.js';

/**
 * The channels of an OME image as the Volume model has them (count = channels times samples):
 * names, emission wavelengths and colours from the OME Channels; colours that cannot show a composite
 * dropped with a warning (app/lut/channel-colors); a ModuloAlongC axis that fits the channel count
 * kept, with its bins named ("lifetime bin 3 · 500 ps") where the file names no channel.
 */
export function omeChannels(im: OmeImage, count: number, samples: number, warnings: string[]): { channels: ChannelInfo[]; modulo: ModuloAxis[] } {
  const channels: ChannelInfo[] = [];
  for (let c = 0; c < count; c++) {
    const ch = im.channels[Math.floor(c / samples)] ?? im.channels[c];
    channels.push({ name: ch?.name ?? '', wavelength: ch?.wavelength ?? null, color: ch?.color ?? null });
  }
  const problem = unusableColors(channels.map((c) => c.color));
  if (problem) {
    warnings.push(`OME channel colours are ${problem}; using Fiji's default channel colours instead`);
    for (const ch of channels) ch.color = null;
  }
  const sizes = { z: im.sizeZ, c: count, t: im.sizeT };
  const modulo = im.modulo.filter((m) => {
    if (sizes[m.along] % m.length === 0) return true;
    warnings.push(`OME ModuloAlong${m.along.toUpperCase()} has ${m.length} steps, which do not divide size ${m.along.toUpperCase()} = ${sizes[m.along]}; ignored`);
    return false;
  });
  const mc = modulo.find((m) => m.along === 'c');
  if (mc) {
    const noun = moduloNoun(mc);
    channels.forEach((ch, c) => {
      const bin = c % mc.length;
      const value = moduloValue(mc, bin);
      if (!ch.name) ch.name = `${count > mc.length ? `C${Math.floor(c / mc.length) + 1} · ` : ''}${noun} ${bin + 1}${value ? ` · ${value}` : ''}`;
    });
  }
  return { channels, modulo };
}

