// The slice viewer's math: planes, orientation labels, navigation, cursor readout, true colour.
export * from './planes.js';
export * from './orientation.js';
export * from './view-transform.js';
export * from './readout.js';
export * from './true-color.js';
export * from './view-frame.js';
