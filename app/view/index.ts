// The slice viewer's math: planes, orientation and view frames, navigation, scale bar, cursor readout, true colour.
export * from './planes.js';
export * from './orientation.js';
export * from './view-transform.js';
export * from './readout.js';
export * from './true-color.js';
export * from './view-frame.js';
export * from './scale-bar.js';
