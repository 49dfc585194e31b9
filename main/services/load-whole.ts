import { openHeader, type OpenedHeader } from './open-volume.js';
import type { HostVolume, VolumeStore } from './volume-store.js';

/**
 * Opens and fully decodes a file through the same path as the app (sniff, header and budget checks,
 * worker decode), then releases it from the store; the returned volume's buffer stays readable.
 */
export async function loadWhole(path: string, store: VolumeStore, budget: number): Promise<{ opened: OpenedHeader; volume: HostVolume }> {
  const opened = await openHeader(path, budget);
  const volume = store.load(opened);
  try {
    await volume.whenLoaded();
  } finally {
    store.close(volume.id);
  }
  return { opened, volume };
}
