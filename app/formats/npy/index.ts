/** NumPy .npy: reader (versions 1.0-3.0, C and Fortran order) and writer. Axis rules in reader.ts / writer.ts. */
export { npyReader, type NpyLayout } from './reader.js';
export { npyWriter, npyShape } from './writer.js';
