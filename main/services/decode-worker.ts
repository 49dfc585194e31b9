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
import { LentFileSet, type LentFile } from './descriptor-source.js';
import { nodeCodecs } from './node-codecs.js';
import type { FromWorker, ToWorker } from './decode-protocol.js';

/**
 * A decode worker: reads the files of the volumes it is working on through the descriptors the host
 * lends it (it opens no file itself), and decodes the planes it is handed straight into the volume's
 * SharedArrayBuffer. One thread of the pool in decode-pool.ts.
 */
registerAllReaders();

type Open = Omit<Extract<ToWorker, { type: 'open' }>, 'files'> & {
  files: LentFileSet;
  signal: { aborted: boolean };
};
const volumes = new Map<string, Open>();
const port = parentPort!;
const post = (m: FromWorker): void => port.postMessage(m);

/** Batches this worker is working on. */
let busy = 0;
/** Bytes of closed volumes' buffers this worker still holds handles on (until it collects). */
let letGo = 0;

/**
 * Once this worker has no volume open and no work left, collect: its handles on closed volumes'
 * SharedArrayBuffers are the last thing keeping their memory resident (see collect-garbage.ts).
 * A few milliseconds on an idle thread.
 */
function collectIfIdle(): void {
  if (busy !== 0 || volumes.size !== 0 || letGo === 0) return;
  collectSoon(letGo);
  letGo = 0;
}

/** Loans asked of the host and not answered yet. */
const loans = new Map<number, { resolve(f: LentFile): void; reject(e: Error): void }>();
let nextLoan = 1;

function borrow(volumeId: string, name: string): Promise<LentFile> {
  const request = nextLoan++;
  return new Promise((resolve, reject) => {
    loans.set(request, { resolve, reject });
    post({ type: 'borrow', volumeId, request, name });
  });
}

function fail(volumeId: string, e: unknown, signal: { aborted: boolean }): void {
  const cancelled = e instanceof CancelledError || signal.aborted;
  post({ type: 'failed', volumeId, message: e instanceof Error ? e.message : String(e), cancelled });
}

async function decodePlanes(v: Open, planes: number[]): Promise<void> {
  const reader = readerById(v.readerId);
  const decodePlane = reader?.decodePlane?.bind(reader);
  if (!reader || !decodePlane) throw new Error(`${v.header.meta.format}: no plane decoder`);
  const files = v.files;
  const bpv = bytesPerVoxel(v.dtype);
  const outPlaneBytes = v.outDims.x * v.outDims.y * bpv;
  const identity = isIdentityPlan(v.plan, v.fileDims);
  const fileplane = (p: number): number => (identity ? p : sourcePlane(v.fileDims, v.outDims, v.plan, p));
  // Binning changes the bytes: only unbinned planes can be read as they are stored.
  const raw = v.plan.xyBin === 1 && !!reader.rawExtent;
  const extentOf = (p: number): RawExtent | null => (raw ? reader.rawExtent!(v.header, fileplane(p)) : null);
  const scratch = identity ? null : new Uint8Array(v.fileDims.x * v.fileDims.y * bpv);
  const ctx = { codecs: nodeCodecs, signal: v.signal };
  const report = new DecodedReport(v.volumeId);
  try {
    for (const w of planRuns(planes, extentOf, outPlaneBytes)) {
      if (v.signal.aborted) throw new CancelledError();
      try {
        if (w.kind === 'raw') {
          // Many planes with one positional read, straight into the shared volume.
          const src = await rawSource(files, w.file);
          const dest = new Uint8Array(v.sab, w.firstPlane * outPlaneBytes, w.length);
          if (src.readInto) await src.readInto(w.offset, dest);
          else dest.set(await src.read(w.offset, w.length));
          report.add(w.firstPlane, w.planes);
          continue;
        }
        const plane = w.plane;
        const dest = new Uint8Array(v.sab, plane * outPlaneBytes, outPlaneBytes);
        // A decoder may leave parts of a damaged plane unwritten: those must read as zero, as in a new buffer.
        if (v.recycled) dest.fill(0);
        if (identity) {
          await decodePlane(files, v.header, plane, dest, ctx);
        } else {
          await decodePlane(files, v.header, fileplane(plane), scratch!, ctx);
          binPlane(v.dtype, scratch!, v.fileDims.x, v.fileDims.y, v.plan.xyBin, dest);
        }
        report.add(plane, 1);
      } finally {
        // What a plane borrowed (a member of a long sequence) is given back with it: the host keeps only
        // a few such files open.
        files.returnBorrowed();
      }
    }
  } finally {
    // Planes done before a failure are done: report them before the failure.
    report.flush();
  }
}

/** The file a raw extent names: the primary, or a sibling (the .img of a pair). */
function rawSource(files: LentFileSet, name: string | undefined): Promise<ByteSource> {
  return name === undefined ? Promise.resolve(files.primary) : files.sibling(name);
}

/** Gaps between 'decoded' messages: planes done quicker than this are reported together. */
const REPORT_EVERY_MS = 4;

/**
 * Reports decoded planes to the pool: a run of consecutive planes in one message, at most every few
 * milliseconds, so hundreds of tiny planes do not cost hundreds of messages (and stream frames and
 * redraws on the other side), while a slow plane is reported as soon as it is done.
 */
class DecodedReport {
  private first = 0;
  private count = 0;
  private last = performance.now();

  constructor(private readonly volumeId: string) {}

  add(plane: number, count: number): void {
    if (this.count && plane !== this.first + this.count) this.flush();
    if (!this.count) this.first = plane;
    this.count += count;
    if (performance.now() - this.last >= REPORT_EVERY_MS) this.flush();
  }

  flush(): void {
    if (!this.count) return;
    post({ type: 'decoded', volumeId: this.volumeId, plane: this.first, count: this.count });
    this.count = 0;
    this.last = performance.now();
  }
}

async function decodeAll(v: Open): Promise<void> {
  const reader = readerById(v.readerId);
  if (!reader?.decodeAll) throw new Error(`${v.header.meta.format}: no stream decoder`);
  const dest = new Uint8Array(v.sab, 0, v.byteLength);
  if (v.recycled) dest.fill(0);
  const report = new DecodedReport(v.volumeId);
  try {
    await reader.decodeAll(v.files, v.header, dest, (plane) => report.add(plane, 1), { codecs: nodeCodecs, signal: v.signal });
  } finally {
    report.flush();
    v.files.returnBorrowed();
  }
}

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'open': {
      const { primary, held } = m.files;
      const files = new LentFileSet(primary, held, (name) => borrow(m.volumeId, name), (names) => post({ type: 'giveBack', volumeId: m.volumeId, names }));
      volumes.set(m.volumeId, { ...m, files, signal: { aborted: false } });
      break;
    }
    case 'lent': {
      const loan = loans.get(m.request);
      loans.delete(m.request);
      if (m.file) loan?.resolve(m.file);
      else loan?.reject(new Error(m.error ?? 'the host lent no file'));
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
      if (v) {
        v.signal.aborted = true;
        letGo += v.sab.byteLength;
      }
      // The descriptors are the host's: it closes them once every worker is done with this volume.
      collectIfIdle();
      break;
    }
  }
});
