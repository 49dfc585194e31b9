import { FrameReader } from '../../app/ipc/voxel-stream.js';
import type { VolumeData } from './volume-data.js';

/** A load the host reports as failed: the message names the file and the problem. */
export class LoadFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoadFailedError';
  }
}

/**
 * Reads a volume's voxel stream from the host into its shared memory: one copy across the process
 * boundary, none after. Calls onArrived for every run of planes that arrives (in whatever order the
 * host sends them), then onPlanes with the count arrived so far. Resolves when the host says the load
 * is done; throws LoadFailedError with the host's message when it failed, and an AbortError when
 * cancelled (by the signal or by the host). Either way the volume is no longer loading afterwards.
 */
export async function streamFromHost(
  data: VolumeData, res: Response, onPlanes: (received: number) => void, signal: AbortSignal, onArrived?: (first: number, count: number) => void,
): Promise<void> {
  try {
    await read(data, res, onPlanes, signal, onArrived);
  } finally {
    data.loading = false;
  }
}

async function read(
  data: VolumeData, res: Response, onPlanes: (received: number) => void, signal: AbortSignal, onArrived?: (first: number, count: number) => void,
): Promise<void> {
  if (!res.ok || !res.body) throw new LoadFailedError(`${data.name}: the host could not stream the voxels (${res.status})`);
  const frames = new FrameReader(new Uint8Array(data.sab), data.planeBytes, data.planesTotal, {
    planes: (first, count) => {
      data.markArrived(first, count);
      onArrived?.(first, count);
      onPlanes(data.planesReceived);
    },
  });
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    frames.push(value);
  }
  const end = frames.end;
  if (!end) {
    if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
    throw new LoadFailedError(`${data.name}: the connection to the host broke after ${data.planesReceived} of ${data.planesTotal} planes`);
  }
  if (end.status === 'failed') throw new LoadFailedError(end.message);
  if (end.status === 'cancelled') throw new DOMException('cancelled by the host', 'AbortError');
  if (!data.complete) {
    throw new LoadFailedError(`${data.name}: the host ended the stream after ${data.planesReceived} of ${data.planesTotal} planes`);
  }
}
