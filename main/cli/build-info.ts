/** Filled in by scripts/build.mjs (esbuild define). */
declare const __VOXELSCOPE_VERSION__: string;
export const VERSION: string = typeof __VOXELSCOPE_VERSION__ === 'string' ? __VOXELSCOPE_VERSION__ : '0.0.0-dev';
