import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { FRAME_HEADER_BYTES, FrameKind } from '../../../app/ipc/voxel-stream.js';
import { tiffWriter } from '../../../app/formats/tiff-writer/index.js';
import { planeCount, type VolumeMeta } from '../../../app/model/volume.js';
import { bytesPerVoxel } from '../../../app/model/dtype.js';
import { defaultCodecs } from '../../../app/formats/codecs.js';
import type { VolumeReader } from '../../../app/formats/reader.js';
import { sniffReader } from '../../../app/formats/registry.js';
import { fileSourceSet } from '../sources.js';

export { bundleDecodeWorker } from './decode-worker-bundle.js';

/** A folder standing in for the built renderer. */
export function fakeRendererDir(base: string): string {
  const dir = join(base, 'renderer');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Voxelscope</title>');
  writeFileSync(join(dir, 'main.js'), 'export {};');
  return dir;
}

/** An uncompressed uint8 TIFF of x*y*z voxels, voxel value (x + y + z) & 255. */
export function writeTiff(path: string, x: number, y: number, z: number): Uint8Array {
  const v = new Uint8Array(x * y * z);
  for (let k = 0; k < z; k++) for (let j = 0; j < y; j++) for (let i = 0; i < x; i++) v[i + x * (j + y * k)] = (i + j + k) & 255;
  const meta: VolumeMeta = {
    format: 'tiff', dims: { x, y, z, c: 1, t: 1 }, dtype: 'uint8', spacing: { x: 1, y: 1, z: 1, t: 1 }, unit: '', timeUnit: '',
    channels: [{ name: '', wavelength: null }], scaling: null, affine: null, extra: {}, warnings: [],
  };
  writeFileSync(path, Buffer.concat(tiffWriter.encode(meta, v).map((c) => Buffer.from(c))));
  return v;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One HTTP request with full control of its headers (Origin, Sec-Fetch-*, Host, Cookie). */
export function http(port: number, path: string, o: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: o.method ?? 'GET', headers: o.headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (b: Buffer) => parts.push(b));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

export const json = (r: Reply): { ok: boolean; value?: never; error?: { code: string; message: string } } => JSON.parse(r.body.toString('utf8'));

/** The frames of a voxel stream: plane frames' plane ranges, and how it ended. */
export function parseFrames(body: Buffer, planeBytes: number): { planes: [number, number][]; end: string; message: string; voxels: Buffer } {
  const planes: [number, number][] = [];
  const voxels: Buffer[] = [];
  let i = 0;
  while (i < body.length) {
    const kind = body.readUInt32LE(i);
    const first = body.readUInt32LE(i + 4);
    const count = body.readUInt32LE(i + 8);
    const msg = body.readUInt32LE(i + 12);
    i += FRAME_HEADER_BYTES;
    if (kind === FrameKind.planes) {
      planes.push([first, count]);
      voxels.push(body.subarray(i, i + count * planeBytes));
      i += count * planeBytes;
    } else if (kind === FrameKind.failed) {
      return { planes, end: 'failed', message: body.subarray(i, i + msg).toString('utf8'), voxels: Buffer.concat(voxels) };
    } else {
      return { planes, end: kind === FrameKind.done ? 'done' : 'cancelled', message: '', voxels: Buffer.concat(voxels) };
    }
  }
  return { planes, end: 'none', message: '', voxels: Buffer.concat(voxels) };
}

export async function until(ok: () => boolean, ms = 5000): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface TestSession {
  id: string;
  /** Event lines received so far (after the session event). */
  events: { name: string; data: unknown }[];
  /** Closes the event stream, as a closed tab or a reload does. */
  close(): void;
}

/** Opens the host's event stream as a page does, and waits for the session it hands out. */
export function openSession(port: number, headers: Record<string, string>): Promise<TestSession> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/events', headers }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`event stream refused (${res.statusCode})`));
      let buf = '';
      const s: TestSession = { id: '', events: [], close: () => req.destroy() };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let end;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          const name = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!name || data === undefined) continue;
          if (name === 'session') {
            s.id = (JSON.parse(data) as { sessionId: string }).sessionId;
            resolve(s);
          } else s.events.push({ name, data: JSON.parse(data) });
        }
      });
      res.on('error', () => undefined);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A classic little-endian uint8 TIFF, one deflate strip (given compressed, maybe broken) per page. */
export function deflateStripTiff(w: number, h: number, strips: Uint8Array[]): Buffer {
  const ifdSize = 2 + 9 * 12 + 4;
  let offset = 8 + strips.length * ifdSize;
  const head = Buffer.alloc(8);
  head.write('II', 0, 'latin1');
  head.writeUInt16LE(42, 2);
  head.writeUInt32LE(8, 4);
  const parts: Buffer[] = [head];
  strips.forEach((d, i) => {
    const ifd = Buffer.alloc(ifdSize);
    const entries: [number, number, number][] = [
      [256, 3, w], [257, 3, h], [258, 3, 8], [259, 3, 8], [262, 3, 1], [273, 4, offset], [277, 3, 1], [278, 3, h], [279, 4, d.length],
    ];
    ifd.writeUInt16LE(entries.length, 0);
    entries.forEach(([tag, type, value], k) => {
      const o = 2 + 12 * k;
      ifd.writeUInt16LE(tag, o);
      ifd.writeUInt16LE(type, o + 2);
      ifd.writeUInt32LE(1, o + 4);
      if (type === 3) ifd.writeUInt16LE(value, o + 8);
      else ifd.writeUInt32LE(value, o + 8);
    });
    ifd.writeUInt32LE(i + 1 < strips.length ? 8 + (i + 1) * ifdSize : 0, 2 + 12 * entries.length);
    parts.push(ifd);
    offset += d.length;
  });
  return Buffer.concat([...parts, ...strips.map((d) => Buffer.from(d))]);
}

/** The reader's own decode of a file, plane by plane in this thread (the reference for the host's). */
export async function decodeInThisThread(path: string): Promise<Uint8Array> {
  const files = fileSourceSet(path);
  const reader = sniffReader(await files.primary.read(0, Math.min(4096, files.primary.size)), basename(path)) as VolumeReader;
  const header = await reader.readHeader(files, { codecs: defaultCodecs });
  const { dims, dtype } = header.meta;
  const planeBytes = dims.x * dims.y * bytesPerVoxel(dtype);
  const out = new Uint8Array(planeBytes * planeCount(dims));
  for (let p = 0; p < planeCount(dims); p++) await reader.decodePlane!(files, header, p, out.subarray(p * planeBytes, (p + 1) * planeBytes), { codecs: defaultCodecs });
  return out;
}
