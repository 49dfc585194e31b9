/** The reusable canvas widgets: plots, the histogram with its display range, the LUT editor, colorbars. */
export { LinePlot, type LinePlotOptions, type PlotData, type PlotSeries } from './line-plot.js';
export { HistogramRange, type HistogramRangeOptions, type RangeListener, type TransferCurve } from './histogram-range.js';
export { LutEditor, type LutChangeListener, type LutEditorOptions } from './lut-editor.js';
export { Colorbar, renderColorbar, fillTable, type ColorbarOptions, type ColorbarStyle, type Ctx2D, type Orientation } from './colorbar.js';
export { CanvasSurface, type DrawFn } from './canvas-surface.js';
export type { DisplayRange } from './logic/range-drag.js';
export { SAVED_LUTS_KEY } from './logic/lut-library.js';
