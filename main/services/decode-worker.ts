import { parentPort } from 'node:worker_threads';
import { bytesPerVoxel } from '../../app/model/dtype.js';
import { binPlane } from '../../app/model/bin-plane.js';
import { isIdentityPlan, sourcePlane } from '../../app/model/load-plan.js';
import { readerById } from '../../app/formats/registry.js';
import { CancelledError } from '../../app/formats/errors.js';
import { registerAllReaders } from '../../app/formats/all-readers.js';
import { FileSourceSet } from './file-source.js';
import { nodeCodecs } from './node-codecs.js';
import type { FromWorker, ToWorker } from './decode-protocol.js';

/**
 * A decode worker: holds the files of the volumes it is working on open, and decodes the planes it is
 * handed straight into the volume's SharedArrayBuffer. One thread of the pool in decode-pool.ts.
 */
registerAllReaders();

type Open = Extract<ToWorker, { type: 'open' }> & { files: Promise<FileSourceSet>; signal: { aborted: boolean } };
const volumes = new Map<string, Open>();
const port = parentPort!;
const post = (m: FromWorker): void => port.postMessage(m);

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
  const scratch = identity ? null : new Uint8Array(v.fileDims.x * v.fileDims.y * bpv);
  const ctx = { codecs: nodeCodecs, signal: v.signal };
  for (const plane of planes) {
    if (v.signal.aborted) throw new CancelledError();
    const dest = new Uint8Array(v.sab, plane * outPlaneBytes, outPlaneBytes);
    if (identity) {
      await reader.decodePlane(files, v.header, plane, dest, ctx);
    } else {
      await reader.decodePlane(files, v.header, sourcePlane(v.fileDims, v.outDims, v.plan, plane), scratch!, ctx);
      binPlane(v.dtype, scratch!, v.fileDims.x, v.fileDims.y, v.plan.xyBin, dest);
    }
    post({ type: 'decoded', volumeId: v.volumeId, plane });
  }
}

async function decodeAll(v: Open): Promise<void> {
  const reader = readerById(v.readerId);
  if (!reader?.decodeAll) throw new Error(`${v.header.meta.format}: no stream decoder`);
  const files = await v.files;
  await reader.decodeAll(files, v.header, new Uint8Array(v.sab), (plane) => post({ type: 'decoded', volumeId: v.volumeId, plane }), {
    codecs: nodeCodecs,
    signal: v.signal,
  });
}

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'open': {
      const files = FileSourceSet.open(m.path);
      files.catch(() => undefined);
      volumes.set(m.volumeId, { ...m, files, signal: { aborted: false } });
      break;
    }
    case 'decode':
    case 'decodeAll': {
      const v = volumes.get(m.volumeId);
      if (!v) return post({ type: 'failed', volumeId: m.volumeId, message: 'volume not open in worker', cancelled: false });
      const work = m.type === 'decode' ? decodePlanes(v, m.planes) : decodeAll(v);
      work.then(
        () => post({ type: 'batchDone', volumeId: m.volumeId }),
        (e) => fail(m.volumeId, e, v.signal),
      );
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
      break;
    }
  }
});
