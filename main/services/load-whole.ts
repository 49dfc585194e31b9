import { openHeader, type OpenedHeader } from './open-volume.js';
import type { HostVolume, VolumeStore } from './volume-store.js';

/** The owner of volumes the command line loads for itself (no client session is involved). */
const LOCAL_OWNER = 'local';

/**
 * Opens and fully decodes a file through the same path as the app (sniff, header and budget checks,
 * worker decode), lets `use` read it, then closes it (its buffer goes back to the store's pool, so
 * `use` must not keep the volume's memory beyond its promise).
 */
export async function loadWhole<T>(
  path: string, store: VolumeStore, budget: number, use: (opened: OpenedHeader, volume: HostVolume) => T | Promise<T>,
): Promise<T> {
  const opened = await openHeader(path, budget);
  const volume = store.load(opened, LOCAL_OWNER);
  try {
    await volume.whenLoaded();
    return await use(opened, volume);
  } finally {
    store.close(volume.id, LOCAL_OWNER);
  }
}
