import { bytesPerVoxel } from '../../app/model/dtype.js';
import { planeCount, voxelCount, type VolumeMeta } from '../../app/model/volume.js';
import type { LoadedPlanes } from '../../app/view/planes.js';

/** Where a volume's voxels came from, when the host holds a copy (a file it opened). */
export interface HostSource {
  volumeId: string;
  dataUrl: string;
  fileSize: number;
}

/**
 * The voxels of a volume, in a SharedArrayBuffer that views and workers read without copying, and
 * which of its planes are there yet. A container only: a file's volume is filled from the host's
 * stream (host-stream.ts), a derived one (a filter's result) by the job that computed it. Bulk data
 * lives here, outside reactive state; the state only holds this object's identity.
 */
export class VolumeData implements LoadedPlanes {
  readonly sab: SharedArrayBuffer;
  readonly planeBytes: number;
  readonly planesTotal: number;
  /** How many planes have arrived (not necessarily the first ones: see has()). */
  planesReceived = 0;
  /** Which planes have arrived. */
  private readonly arrived: Uint8Array;
  /** Still being filled; once false, the planes that have not arrived never will. */
  loading = true;
  /** Channels whose display range was guessed from a first plane, to be replaced by the data range. */
  readonly rangeGuessed: boolean[] = [];

  /**
   * @param name what the interface calls it (the file name, or the derived layer's name)
   * @param host the host's copy it streams from, for a file's volume
   * @param sab the voxels, when they exist already (a derived volume); otherwise a new, empty buffer
   */
  constructor(public readonly meta: VolumeMeta, public readonly name: string, public readonly host: HostSource | null = null, sab?: SharedArrayBuffer) {
    const bytes = voxelCount(meta.dims) * bytesPerVoxel(meta.dtype);
    this.sab = sab ?? new SharedArrayBuffer(bytes);
    if (this.sab.byteLength < bytes) throw new RangeError(`${name}: ${this.sab.byteLength} bytes for a volume of ${bytes}`);
    this.planesTotal = planeCount(meta.dims);
    this.planeBytes = this.planesTotal ? bytes / this.planesTotal : 0;
    this.arrived = new Uint8Array(this.planesTotal);
  }

  /** A volume whose voxels are all there (a filter's result). */
  static whole(meta: VolumeMeta, name: string, sab: SharedArrayBuffer): VolumeData {
    const v = new VolumeData(meta, name, null, sab);
    v.markArrived(0, v.planesTotal);
    v.loading = false;
    return v;
  }

  get byteLength(): number {
    return this.planesTotal * this.planeBytes;
  }

  has(plane: number): boolean {
    return this.arrived[plane] === 1;
  }

  get complete(): boolean {
    return this.planesReceived === this.planesTotal;
  }

  /** Planes first .. first+count-1 are now in the buffer. */
  markArrived(first: number, count: number): void {
    for (let p = first; p < first + count; p++) if (!this.arrived[p]) this.planesReceived++;
    this.arrived.fill(1, first, first + count);
  }
}
