import type { Dims } from '../../app/model/volume.js';
import type { DType } from '../../app/model/dtype.js';
import type { PlanSpec } from '../../app/model/load-plan.js';
import type { Header } from '../../app/formats/reader.js';

/** Messages between the decode pool (main thread) and its worker threads. */
export type ToWorker =
  | {
      type: 'open';
      volumeId: string;
      path: string;
      readerId: string;
      header: Header;
      /** The volume's voxels: the first byteLength bytes of sab (a buffer from the pool may be larger). */
      sab: SharedArrayBuffer;
      byteLength: number;
      /** The buffer held another volume before: whatever a decoder does not write must be zeroed. */
      recycled: boolean;
      dtype: DType;
      fileDims: Dims;
      outDims: Dims;
      plan: PlanSpec;
    }
  | { type: 'decode'; volumeId: string; planes: number[] }
  | { type: 'decodeAll'; volumeId: string }
  | { type: 'cancel'; volumeId: string }
  | { type: 'close'; volumeId: string };

export type FromWorker =
  /** Planes plane .. plane+count-1 are complete (a run of raw planes is reported with one message). */
  | { type: 'decoded'; volumeId: string; plane: number; count: number }
  | { type: 'batchDone'; volumeId: string }
  | { type: 'failed'; volumeId: string; message: string; cancelled: boolean };
