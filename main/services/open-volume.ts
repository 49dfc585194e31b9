import { basename } from 'node:path';
import { bytesPerVoxel } from '../../app/model/dtype.js';
import { identityPlan, plannedDims, plannedSpacing, suggestPlan, type PlanSpec } from '../../app/model/load-plan.js';
import { voxelCount, type VolumeMeta } from '../../app/model/volume.js';
import { sniffReader } from '../../app/formats/registry.js';
import { FormatError } from '../../app/formats/errors.js';
import type { Header, VolumeReader } from '../../app/formats/reader.js';
import { FileSourceSet } from './file-source.js';
import { nodeCodecs } from './node-codecs.js';
import { formatBytes } from './memory-budget.js';

export class OverBudgetError extends Error {
  constructor(file: string, public readonly needed: number, public readonly budget: number, public readonly suggestion: PlanSpec) {
    super(
      `${file}: needs ${formatBytes(needed)} but the memory budget is ${formatBytes(budget)}; ` +
        `open every ${suggestion.zStep}th plane${suggestion.xyBin > 1 ? ` with ${suggestion.xyBin}x${suggestion.xyBin} binning` : ''} instead, or raise VOXELSCOPE_MEMORY_BUDGET`,
    );
    this.name = 'OverBudgetError';
  }
}

export interface OpenedHeader {
  path: string;
  reader: VolumeReader;
  header: Header;
  /** Metadata of what will be loaded (after the plan). */
  meta: VolumeMeta;
  fileMeta: VolumeMeta;
  plan: PlanSpec;
  byteLength: number;
  fileSize: number;
}

/**
 * Reads and checks a file's header: sniffs the format, lets the reader validate every declared size
 * against the file, then checks the decoded size against the memory budget before anything is allocated.
 */
export async function openHeader(path: string, budget: number, plan: PlanSpec = identityPlan): Promise<OpenedHeader> {
  const files = await FileSourceSet.open(path).catch((e: NodeJS.ErrnoException) => {
    throw new FormatError(basename(path), e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.message);
  });
  try {
    const name = files.primary.name;
    if (files.primary.size === 0) throw new FormatError(name, 'the file is empty');
    const head = await files.primary.read(0, Math.min(4096, files.primary.size));
    const reader = sniffReader(head, name);
    if (!reader) throw new FormatError(name, 'not a format Voxelscope reads (TIFF, OME-TIFF, NIfTI, ENVI, PNG/TIFF sequences, .npy)');
    const header = await reader.readHeader(files, { codecs: nodeCodecs });
    const fileMeta = header.meta;
    const bpv = bytesPerVoxel(fileMeta.dtype);
    const dims = plannedDims(fileMeta.dims, plan);
    const byteLength = voxelCount(dims) * bpv;
    if (!Number.isSafeInteger(byteLength) || byteLength > budget) {
      throw new OverBudgetError(name, byteLength, budget, suggestPlan(fileMeta.dims, bpv, budget));
    }
    const meta: VolumeMeta = { ...fileMeta, dims, spacing: plannedSpacing(fileMeta.spacing, plan) };
    return { path, reader, header, meta, fileMeta, plan, byteLength, fileSize: files.primary.size };
  } finally {
    await files.close();
  }
}
