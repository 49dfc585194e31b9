/**
 * Colour for voxels: named colormaps (gray, matplotlib's, Fiji's), the display mapping that turns
 * values into table entries, histograms and Fiji-style auto-contrast, and custom LUTs with their files.
 */
export { getColormap, invertTable, listColormaps, lutFromImageJ, solidColorTable, type Colormap, type ColormapFamily } from './colormaps.js';
export { DEFAULT_MAPPING, mapPlane, valueToIndex, valueToUnit, type DisplayMapping } from './display-mapping.js';
export { computeHistogram, mergeHistograms, type Histogram } from './histogram.js';
export { autoContrast } from './auto-contrast.js';
export {
  imageJLutBytes, lutFromControlPoints, parseCustomLut, parseImageJLut, serializeCustomLut, type ControlPoint, type CustomLut,
} from './custom-lut.js';
