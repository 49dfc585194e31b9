import { parentPort } from 'node:worker_threads';
import { bytesPerVoxel } from '../../app/model/dtype.js';
import { binPlane } from '../../app/model/bin-plane.js';
import { isIdentityPlan, sourcePlane } from '../../app/model/load-plan.js';
import { readerById } from '../../app/formats/registry.js';
import { CancelledError } from '../../app/formats/errors.js';
import { registerAllReaders } from '../../app/formats/all-readers.js';
import { planRuns } from '../../app/formats/raw-runs.js';
import type { RawExtent } from '../../app/formats/reader.js';
import type { ByteSource } from '../../app/formats/source.js';
import { collectSoon } from './collect-garbage.js';
import { FileSourceSet } from './file-source.js';
import { nodeCodecs } from './node-codecs.js';
import type { FromWorker, ToWorker } from './decode-protocol.js';

/**
 * A decode worker: holds the files of the volumes it is working on open, and decodes the planes it is
 * handed straight into the volume's SharedArrayBuffer. One thread of the pool in decode-pool.ts.
 */
registerAllReaders();

type Open = Extract<ToWorker, { type: 'open' }> & {
  files: Promise<FileSourceSet>;
  siblings: Map<string, ByteSource>;
  signal: { aborted: boolean };
};
const volumes = new Map<string, Open>();
const port = parentPort!;
const post = (m: FromWorker): void => port.postMessage(m);

/** Batches this worker is working on. */
let busy = 0;

/**
 * Once this worker has no volume open and no work left, collect: its handles on closed volumes'
 * SharedArrayBuffers are the last thing keeping their memory resident (see collect-garbage.ts).
 * A few milliseconds on an idle thread.
 */
function collectIfIdle(): void {
  if (busy === 0 && volumes.size === 0) collectSoon();
}

function fail(volumeId: string, e: unknown, signal: { aborted: boolean }): void {
  const cancelled = e instanceof CancelledError || signal.aborted;
  post({ type: 'failed', volumeId, message: e instanceof Error ? e.message : String(e), cancelled });
}

async function decodePlanes(v: Open, planes: number[]): Promise<void> {
  const reader = readerById(v.readerId);
  if (!reader?.decodePlane) throw new Error(`${v.header.meta.format}: no plane decoder`);
  const files = await v.files;
  const bpv = bytesPerVoxel(v.dtype);
  const outPlaneBytes = v.outDims.x * v.outDims.y * bpv;
  const identity = isIdentityPlan(v.plan, v.fileDims);
  const fileplane = (p: number): number => (identity ? p : sourcePlane(v.fileDims, v.outDims, v.plan, p));
  // Binning changes the bytes: only unbinned planes can be read as they are stored.
  const raw = v.plan.xyBin === 1 && !!reader.rawExtent;
  const extentOf = (p: number): RawExtent | null => (raw ? reader.rawExtent!(v.header, fileplane(p)) : null);
  const scratch = identity ? null : new Uint8Array(v.fileDims.x * v.fileDims.y * bpv);
  const ctx = { codecs: nodeCodecs, signal: v.signal };
  for (const w of planRuns(planes, extentOf, outPlaneBytes)) {
    if (v.signal.aborted) throw new CancelledError();
    if (w.kind === 'raw') {
      // Many planes with one positional read, straight into the shared volume.
      const src = await rawSource(v, files, w.file);
      const dest = new Uint8Array(v.sab, w.firstPlane * outPlaneBytes, w.length);
      if (src.readInto) await src.readInto(w.offset, dest);
      else dest.set(await src.read(w.offset, w.length));
      post({ type: 'decoded', volumeId: v.volumeId, plane: w.firstPlane, count: w.planes });
      continue;
    }
    const plane = w.plane;
    const dest = new Uint8Array(v.sab, plane * outPlaneBytes, outPlaneBytes);
    // A decoder may leave parts of a damaged plane unwritten: those must read as zero, as in a new buffer.
    if (v.recycled) dest.fill(0);
    if (identity) {
      await reader.decodePlane(files, v.header, plane, dest, ctx);
    } else {
      await reader.decodePlane(files, v.header, fileplane(plane), scratch!, ctx);
      binPlane(v.dtype, scratch!, v.fileDims.x, v.fileDims.y, v.plan.xyBin, dest);
    }
    post({ type: 'decoded', volumeId: v.volumeId, plane, count: 1 });
  }
}

/** The file a raw extent names: the primary, or a sibling (the .img of a pair), opened once per volume. */
async function rawSource(v: Open, files: FileSourceSet, name: string | undefined): Promise<ByteSource> {
  if (name === undefined || name === files.primary.name) return files.primary;
  let s = v.siblings.get(name);
  if (!s) {
    const opened = await files.sibling(name);
    if (!opened) throw new Error(`${name}: the data file is no longer there`);
    v.siblings.set(name, (s = opened));
  }
  return s;
}

async function decodeAll(v: Open): Promise<void> {
  const reader = readerById(v.readerId);
  if (!reader?.decodeAll) throw new Error(`${v.header.meta.format}: no stream decoder`);
  const files = await v.files;
  const dest = new Uint8Array(v.sab, 0, v.byteLength);
  if (v.recycled) dest.fill(0);
  await reader.decodeAll(files, v.header, dest, (plane) => post({ type: 'decoded', volumeId: v.volumeId, plane, count: 1 }), {
    codecs: nodeCodecs,
    signal: v.signal,
  });
}

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'open': {
      const files = FileSourceSet.open(m.path);
      files.catch(() => undefined);
      volumes.set(m.volumeId, { ...m, files, siblings: new Map(), signal: { aborted: false } });
      break;
    }
    case 'decode':
    case 'decodeAll': {
      const v = volumes.get(m.volumeId);
      if (!v) return post({ type: 'failed', volumeId: m.volumeId, message: 'volume not open in worker', cancelled: false });
      const work = m.type === 'decode' ? decodePlanes(v, m.planes) : decodeAll(v);
      busy++;
      work.then(
        () => post({ type: 'batchDone', volumeId: m.volumeId }),
        (e) => fail(m.volumeId, e, v.signal),
      ).finally(() => {
        busy--;
        collectIfIdle();
      });
      break;
    }
    case 'cancel': {
      const v = volumes.get(m.volumeId);
      if (v) v.signal.aborted = true;
      break;
    }
    case 'close': {
      const v = volumes.get(m.volumeId);
      volumes.delete(m.volumeId);
      if (v) v.signal.aborted = true;
      void v?.files.then((f) => f.close()).catch(() => undefined);
      collectIfIdle();
      break;
    }
  }
});
