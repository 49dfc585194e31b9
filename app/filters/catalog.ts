import { FILTERS } from './registry.js';
import { SEGMENTATION_FILTERS } from './segmentation.js';
import type { FilterRegistry } from './types.js';

/**
 * Every op a pipeline step may name, by the names of `voxelscope filter --op` (DESIGN.md): the
 * neighbourhood filters and the segmentation ops, joined here so the CLI, recipes, the preview and
 * Apply all resolve a step the same way.
 */
export const OPS: FilterRegistry = { ...FILTERS, ...SEGMENTATION_FILTERS };
