// Measurements on the stored values: whole-volume stats, spectra, line profiles, ROI statistics.
export * from './stats.js';
export * from './voxel.js';
export * from './spectrum.js';
export * from './profile.js';
export * from './roi-stats.js';
