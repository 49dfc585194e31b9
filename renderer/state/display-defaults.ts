import { solidColorTable } from '../../app/lut/colormaps.js';
import { DEFAULT_MAPPING } from '../../app/lut/display-mapping.js';
import type { VolumeMeta } from '../../app/model/volume.js';
import { isHyperspectral } from '../../app/view/channel-axis.js';
import { defaultDisplayBands } from '../../app/view/true-color.js';
import type { ChannelDisplay, ColorMode, DisplayState } from '../../app/model/display.js';

/** Fiji's composite channel colours, in its order: red, green, blue, gray, cyan, magenta, yellow. */
const COMPOSITE_COLORS = ['Red', 'Green', 'Blue', 'Grays', 'Cyan', 'Magenta', 'Yellow'];

/**
 * How a freshly opened volume is drawn, from what the file says: ImageJ LUTs and display ranges, OME
 * channel colours (Fiji's defaults where the reader found them unusable), RGB samples as red/green/blue,
 * hyperspectral cubes band by band. A range of null
 * (NaN here) is filled in from the data once it has arrived.
 */
export function defaultDisplay(meta: VolumeMeta): DisplayState {
  const n = meta.dims.c;
  const hyper = isHyperspectral(meta);
  const channels: ChannelDisplay[] = [];
  for (let c = 0; c < n; c++) {
    const info = meta.channels[c];
    let lut = 'gray';
    let customTable: Uint8Array | null = null;
    let customName: string | null = null;
    if (info?.lut && info.lut.length === 768) {
      lut = 'custom';
      customTable = Uint8Array.from(info.lut);
      customName = 'from file';
    } else if (info?.color !== null && info?.color !== undefined && !hyper) {
      lut = 'custom';
      customTable = solidColorTable(info.color);
      customName = `#${info.color.toString(16).padStart(6, '0')}`;
    } else if (n > 1 && !hyper) {
      lut = COMPOSITE_COLORS[c % COMPOSITE_COLORS.length];
    }
    const range = info?.range ?? null;
    channels.push({
      visible: true, lut, customTable, customName,
      mapping: { ...DEFAULT_MAPPING, min: range ? range[0] : NaN, max: range ? range[1] : NaN },
    });
  }
  const mode: ColorMode = n > 1 && !hyper ? 'composite' : 'single';
  const rgbBands = defaultDisplayBands(meta);
  return { mode, channels, rgbBands, saturation: 0.35, complexPart: 'magnitude' };
}
