import { Readable } from 'node:stream';
import { volumeBody, type StreamSource } from '../../services/volume-stream.js';
import type { BenchCase, BenchContext } from './harness.js';

/**
 * The Electron host's voxel stream as Electron consumes it: the handler's Response body read through
 * Readable.fromWeb (what protocol.handle does before copying into the renderer's pipe), from a decoded
 * volume of small planes (128x128 uint16, 32 KB each). The reference is the earlier body, one copy and
 * one chunk per plane.
 */
const PLANE = 128 * 128 * 2;
const planes = (ctx: BenchContext): number => (ctx.quick ? 32 : 2048);
let source: StreamSource | null = null;
let referenceSeconds: number[] = [];

async function drain(body: ReadableStream<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const chunk of Readable.fromWeb(new Response(body).body as import('node:stream/web').ReadableStream<Uint8Array>)) n += (chunk as Buffer).byteLength;
  return n;
}

/** The body before: each plane copied into its own chunk. */
function perPlaneBody(v: StreamSource): ReadableStream<Uint8Array> {
  let p = 0;
  const count = v.planesTotal;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (p === count) return controller.close();
      controller.enqueue(new Uint8Array(v.bytes.subarray(p * v.planeBytes, (p + 1) * v.planeBytes)));
      p++;
    },
  });
}

async function timed(f: () => Promise<number>, expected: number): Promise<number> {
  const t0 = performance.now();
  const n = await f();
  // The framed body adds a 16-byte header per frame (and a closing frame) to the voxels.
  if (n < expected || n > expected + 4096) throw new Error(`streamed ${n} bytes for ${expected} bytes of voxels`);
  return (performance.now() - t0) / 1000;
}

export const streamCase: BenchCase = {
  name: 'electron voxel stream (32 KB planes)',
  bytes: (ctx) => planes(ctx) * PLANE,
  async setup(ctx) {
    const byteLength = planes(ctx) * PLANE;
    const bytes = new Uint8Array(new SharedArrayBuffer(byteLength));
    for (let i = 0; i < byteLength; i += 4096) bytes[i] = i & 255;
    source = {
      bytes, planesTotal: planes(ctx), planeBytes: PLANE, status: 'ok', message: null, priority: [],
      isPlaneReady: () => true, changed: async () => undefined, hold: () => () => undefined,
    };
    // The reference is the code this replaced, measured here in the same run (a warm-up first).
    referenceSeconds = [];
    for (let i = 0; i <= ctx.repeats; i++) {
      const s = await timed(() => drain(perPlaneBody(source!)), byteLength);
      if (i > 0) referenceSeconds.push(s);
    }
  },
  run: async (ctx) => timed(() => drain(volumeBody(source!)), planes(ctx) * PLANE),
  reference: () => ({ name: 'one copy per plane', seconds: referenceSeconds }),
  teardown: async () => {
    source = null;
  },
};
