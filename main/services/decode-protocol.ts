import type { Dims } from '../../app/model/volume.js';
import type { DType } from '../../app/model/dtype.js';
import type { PlanSpec } from '../../app/model/load-plan.js';
import type { Header } from '../../app/formats/reader.js';
import type { LentFile } from './descriptor-source.js';

/** Messages between the decode pool (main thread) and its worker threads. */
export type ToWorker =
  | {
      type: 'open';
      volumeId: string;
      /** The volume's files, checked and held open by the host: workers read these, never a path. */
      files: { primary: string; held: Record<string, LentFile> };
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
  | { type: 'close'; volumeId: string }
  /** The answer to a `borrow`: the descriptor, or why the host would not lend it. */
  | { type: 'lent'; volumeId: string; request: number; file: LentFile | null; error: string | null };

export type FromWorker =
  /** Planes plane .. plane+count-1 are complete (a run of raw planes is reported with one message). */
  | { type: 'decoded'; volumeId: string; plane: number; count: number }
  | { type: 'batchDone'; volumeId: string }
  | { type: 'failed'; volumeId: string; message: string; cancelled: boolean }
  /** A file of the volume that the job did not come with (see LentFileSet). */
  | { type: 'borrow'; volumeId: string; request: number; name: string }
  /** Sent before the batch that borrowed them is reported done. */
  | { type: 'giveBack'; volumeId: string; names: string[] };

/** What the host lends the workers a job's files from (the volume's FileSourceSet). */
export interface FileLender {
  lend(name: string): Promise<LentFile>;
  giveBack(name: string): void;
}
