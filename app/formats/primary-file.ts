/** Raw data files that a header beside them describes: NIfTI/Analyze .img, ENVI data files. */
const RAW_DATA = /\.(img|raw|bil|bsq|bip|dat)(\.gz)?$/i;

export function isRawDataName(name: string): boolean {
  return RAW_DATA.test(name);
}

/**
 * Of several files handed over at once (dropped together, selected together in a file manager), the
 * one to open: a header before the raw data it describes, which the reader then finds beside it.
 */
export function primaryOf<T extends string>(paths: readonly T[]): T | undefined {
  return paths.find((p) => !isRawDataName(p)) ?? paths[0];
}
