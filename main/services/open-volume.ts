import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { bytesPerVoxel } from '../../app/model/dtype.js';
import { identityPlan, plannedDims, plannedSpacing, suggestPlan, type PlanSpec } from '../../app/model/load-plan.js';
import { voxelCount, type VolumeMeta } from '../../app/model/volume.js';
import { sniffReader } from '../../app/formats/registry.js';
import { sequenceFromNames, sequenceReader, withSequence } from '../../app/formats/sequence/index.js';
import type { SourceSet } from '../../app/formats/source.js';
import { FormatError } from '../../app/formats/errors.js';
import type { Header, VolumeReader } from '../../app/formats/reader.js';
import { FileAccess, statOrNull } from './file-access.js';
import { FileSourceSet } from './file-source.js';
import { HostError } from './host-error.js';
import { nodeCodecs } from './node-codecs.js';
import { formatBytes, ordinal } from '../../app/text/format.js';

export class OverBudgetError extends Error {
  /** Set by the host API once the file is in the recent list. */
  recentId = '';
  /**
   * @param resident bytes other open volumes already hold: the file must fit beside them
   */
  constructor(file: string, public readonly needed: number, public readonly budget: number, public readonly suggestion: PlanSpec, resident = 0) {
    const reduced = `open every ${ordinal(suggestion.zStep)} plane${suggestion.xyBin > 1 ? ` with ${suggestion.xyBin}x${suggestion.xyBin} binning` : ''}`;
    super(
      resident > 0
        ? `${file}: needs ${formatBytes(needed)} but only ${formatBytes(Math.max(0, budget - resident))} of the ${formatBytes(budget)} memory budget ` +
            `is free (open volumes hold ${formatBytes(resident)}); close them, ${reduced} instead, or raise VOXELSCOPE_MEMORY_BUDGET`
        : `${file}: needs ${formatBytes(needed)} but the memory budget is ${formatBytes(budget)}; ${reduced} instead, or raise VOXELSCOPE_MEMORY_BUDGET`,
    );
    this.name = 'OverBudgetError';
  }
}

export interface OpenedHeader {
  /** The file opened (for a folder: its first image; the others are its siblings). */
  path: string;
  /**
   * Every file the header was read from, checked and still open: the decode workers read these very
   * descriptors. Whoever takes the header closes them (the volume store, once its workers are done).
   */
  files: FileSourceSet;
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
 * Every file read (the file, its siblings, a folder's members) is opened through `access`.
 */
export async function openHeader(path: string, budget: number, plan: PlanSpec = identityPlan, access = FileAccess.anywhere()): Promise<OpenedHeader> {
  const isDir = statOrNull(path)?.isDirectory() ?? false;
  if (isDir && !(await access.resolve(path))) throw new HostError('not-found', `${basename(path)}: outside the served root`);
  // A folder opens as a stack of its numbered 2D images (like Fiji's Import > Image Sequence).
  const members = isDir ? sequenceFromNames((await readdir(path)).sort()) : null;
  if (members && !members.length) throw new FormatError(basename(path), 'the folder holds no PNG or TIFF images to open as a stack');
  const filePath = members ? join(path, members[0]) : path;
  const files = await FileSourceSet.open(filePath, access);
  try {
    const name = files.primary.name;
    if (files.primary.size === 0) throw new FormatError(name, 'the file is empty');
    const head = await files.primary.read(0, Math.min(4096, files.primary.size));
    const reader = members ? sequenceReader : sniffReader(head, name);
    if (!reader) throw new FormatError(name, 'not a format Voxelscope reads (TIFF, OME-TIFF, NIfTI, ENVI, PNG/TIFF sequences, .npy)');
    const source: SourceSet = members ? withSequence(files, members) : files;
    const header = await reader.readHeader(source, { codecs: nodeCodecs });
    const fileMeta = header.meta;
    const bpv = bytesPerVoxel(fileMeta.dtype);
    const dims = plannedDims(fileMeta.dims, plan);
    const byteLength = voxelCount(dims) * bpv;
    if (!Number.isSafeInteger(byteLength) || byteLength > budget) {
      throw new OverBudgetError(name, byteLength, budget, suggestPlan(fileMeta.dims, bpv, budget));
    }
    const meta: VolumeMeta = { ...fileMeta, dims, spacing: plannedSpacing(fileMeta.spacing, plan) };
    return { path: filePath, files, reader: reader as VolumeReader, header, meta, fileMeta, plan, byteLength, fileSize: files.primary.size };
  } catch (e) {
    await files.close();
    throw e;
  }
}
