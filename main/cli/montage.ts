import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { MontageVolume } from '../../app/export/montage.js';
import { MONTAGE_RECORD_KEYWORD, parseMontageRecord, type MontageRecord, type MontageRecordSettings } from '../../app/export/montage-record.js';
import { readPngTexts } from '../../app/export/png-encode.js';
import { basicStats } from '../../app/measure/stats.js';
import type { DType } from '../../app/model/dtype.js';
import { statOrNull } from '../services/file-access.js';
import { sha256File } from '../services/hashed-files.js';
import { loadWhole } from '../services/load-whole.js';
import { montagePng, montageRecord, montageVolume } from '../services/montage-png.js';
import type { VolumeStore } from '../services/volume-store.js';
import { sameFile, writeAtomically } from '../services/write-volume.js';
import { opt, UsageError, type ParsedCommand } from './command-line.js';

/*
 * `voxelscope montage INPUT -o OUT.png [...]` and `voxelscope montage --from EXPORTED.png -o OUT.png`
 * (DESIGN.md): the slices as one PNG whose iTXt chunk records the input and every setting. Made again
 * from that record, with the same record written back, the PNG is the same file byte for byte.
 */

export async function montageCommand(p: ParsedCommand, ctx: { store: VolumeStore; budget: number }): Promise<number> {
  const output = opt<string>(p, 'output');
  if (!output) throw new UsageError('voxelscope montage: needs -o OUT.png; see voxelscope montage --help');
  if (!/\.png$/i.test(output)) throw new UsageError(`voxelscope montage: ${basename(output)}: the output is a PNG (.png)`);
  const from = opt<string>(p, 'from');
  if (from && p.args.length) throw new UsageError('voxelscope montage: --from takes its input from the record; give no INPUT');
  if (!from && !p.args.length) throw new UsageError('voxelscope montage: needs INPUT (or --from EXPORTED.png); see voxelscope montage --help');
  if (from) return again(resolve(from), resolve(output), ctx);

  const input = resolve(p.args[0]);
  if (sameFile(input, resolve(output))) throw new UsageError(`voxelscope montage: ${basename(output)}: the output is the input file`);
  const range = parseRange(opt<string>(p, 'range'));
  if (statOrNull(input)?.isDirectory()) throw new Error(`${input}: a folder; a montage is made of one file (its record holds the file's SHA-256)`);
  return loadWhole(input, ctx.store, ctx.budget, async (opened, v) => {
    const meta = opened.meta;
    const volume = montageVolume(meta, v.sab, basename(input));
    const axis = (opt<string>(p, 'axis') ?? 'z') as MontageRecordSettings['axis'];
    const settings: MontageRecordSettings = {
      axis, start: opt<number>(p, 'start') ?? 0, stop: opt<number>(p, 'stop') ?? meta.dims[axis], step: opt<number>(p, 'step') ?? 1, cols: 1,
      cmap: opt<string>(p, 'cmap') ?? 'gray', range: [0, 1], border: opt<number>(p, 'border') ?? 0,
      label: (opt<string>(p, 'label') ?? 'none') as MontageRecordSettings['label'], scalebar: opt<number>(p, 'scalebar') ?? null,
      channel: (opt<number>(p, 'channel') ?? 1) - 1, time: (opt<number>(p, 'time') ?? 1) - 1,
    };
    const count = Math.max(1, Math.ceil((settings.stop - settings.start) / settings.step));
    settings.cols = opt<number>(p, 'cols') ?? Math.ceil(Math.sqrt(count));
    settings.range = range ?? (settings.channel < meta.dims.c && settings.time < meta.dims.t ? channelRange(volume, meta.dtype, settings.channel, settings.time) : [0, 1]);
    write(resolve(output), volume, await montageRecord(input, settings), undefined, input);
    return 0;
  });
}

/** --from: the recorded input, checked unchanged, through the recorded settings, with the record as it was. */
async function again(from: string, output: string, ctx: { store: VolumeStore; budget: number }): Promise<number> {
  let text: string | undefined;
  try {
    text = readPngTexts(readFileSync(from)).get(MONTAGE_RECORD_KEYWORD);
  } catch (e) {
    throw new Error(`${basename(from)}: ${(e as Error).message}`);
  }
  if (text === undefined) throw new Error(`${basename(from)}: no montage record in it (an iTXt chunk "${MONTAGE_RECORD_KEYWORD}"); was it made by voxelscope montage?`);
  let record: MontageRecord;
  try {
    record = parseMontageRecord(text);
  } catch (e) {
    throw new Error(`${basename(from)}: ${(e as Error).message}`);
  }
  // Where it was made, else beside the PNG (a folder moved or copied whole).
  const input = [record.input.path, join(dirname(from), record.input.name)].find((f) => existsSync(f));
  if (!input) throw new Error(`${basename(from)}: its input ${record.input.path} is not there (nor ${record.input.name} beside the PNG)`);
  const sha256 = await sha256File(input);
  if (sha256 !== record.input.sha256) throw new Error(`${input}: has changed since ${basename(from)} was made (SHA-256 ${sha256}, the record says ${record.input.sha256})`);
  if (sameFile(input, output) || sameFile(from, output)) throw new UsageError(`voxelscope montage: ${basename(output)}: write the new PNG to another file`);
  return loadWhole(input, ctx.store, ctx.budget, (opened, v) => {
    write(output, montageVolume(opened.meta, v.sab, basename(input)), record, text, input);
    return 0;
  });
}

function write(output: string, volume: MontageVolume, record: MontageRecord, recordText: string | undefined, input: string): void {
  let png: Uint8Array;
  try {
    png = montagePng(volume, record, recordText);
  } catch (e) {
    throw new Error(`${basename(input)}: ${(e as Error).message}`);
  }
  writeAtomically(output, [png]);
}

function parseRange(s: string | undefined): [number, number] | null {
  if (s === undefined) return null;
  const parts = s.split(',').map((x) => Number(x.trim()));
  if (parts.length !== 2 || !parts.every(Number.isFinite) || !(parts[1] !== parts[0])) {
    throw new UsageError(`voxelscope montage: --range ${s}: two different numbers LO,HI`);
  }
  return [parts[0], parts[1]];
}

/** The min and max of one channel at one time point (NaN and infinities left out); [0, 1] when it holds no number. */
function channelRange(volume: MontageVolume, dtype: DType, c: number, t: number): [number, number] {
  const { x, y, z, c: C } = volume.dims;
  const n = x * y * z;
  const bytes = new Uint8Array(volume.data.buffer, ((t * C + c) * n) * volume.data.BYTES_PER_ELEMENT, n * volume.data.BYTES_PER_ELEMENT);
  const { min, max } = basicStats(dtype, bytes);
  return min <= max ? [min, max] : [0, 1];
}
