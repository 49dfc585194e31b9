/**
 * The voxel stream's wire format, shared by the hosts (which write it) and the renderer (which reads it).
 *
 * A volume's voxels travel as a sequence of frames, each a 16-byte little-endian header followed by its
 * payload. A frame of planes names the planes it carries, so the host may send them in any order (the
 * slice a user moves to can come next); the stream always ends with exactly one closing frame that says
 * how the load ended. That frame is the one channel the renderer learns of a failed load from: there is
 * no separate event to race against a broken connection.
 *
 * header: u32 kind, u32 first plane, u32 plane count, u32 message bytes (for `failed`)
 * payload: `planes`: count * planeBytes voxel bytes in canonical order; `failed`: a UTF-8 message.
 */
export const FRAME_HEADER_BYTES = 16;

export const FrameKind = { planes: 1, done: 2, failed: 3, cancelled: 4 } as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

export function frameHeader(kind: FrameKind, firstPlane = 0, planeCount = 0, messageBytes = 0): Uint8Array {
  const h = new Uint8Array(FRAME_HEADER_BYTES);
  const v = new DataView(h.buffer);
  v.setUint32(0, kind, true);
  v.setUint32(4, firstPlane, true);
  v.setUint32(8, planeCount, true);
  v.setUint32(12, messageBytes, true);
  return h;
}

/** The closing frame of a failed load, message included. */
export function failedFrame(message: string): Uint8Array {
  const text = new TextEncoder().encode(message.slice(0, 2000));
  const f = new Uint8Array(FRAME_HEADER_BYTES + text.byteLength);
  f.set(frameHeader(FrameKind.failed, 0, 0, text.byteLength));
  f.set(text, FRAME_HEADER_BYTES);
  return f;
}

export type StreamEnd = { status: 'done' } | { status: 'failed'; message: string } | { status: 'cancelled' };

/** What the reader reports as frames arrive. */
export interface FrameSink {
  /** Planes first .. first+count-1 are now complete in the destination. */
  planes(first: number, count: number): void;
}

/**
 * Reads the stream into `dest` (plane p at p * planeBytes) as chunks arrive, however the transport cut
 * them. Every header is checked against the volume before a byte is written, so a confused or hostile
 * stream cannot write outside a plane it names.
 */
export class FrameReader {
  private header = new Uint8Array(FRAME_HEADER_BYTES);
  private headerFill = 0;
  /** The frame whose payload is being received, or null between frames. */
  private frame: { kind: FrameKind; first: number; count: number; at: number; end: number; message: Uint8Array | null } | null = null;
  private ended: StreamEnd | null = null;

  constructor(private readonly dest: Uint8Array, private readonly planeBytes: number, private readonly planesTotal: number, private readonly sink: FrameSink) {}

  get end(): StreamEnd | null {
    return this.ended;
  }

  /** Takes the next chunk of the stream; throws on a malformed stream. */
  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.byteLength) {
      if (this.ended) throw new Error('the voxel stream went on after its closing frame');
      if (!this.frame) {
        const n = Math.min(FRAME_HEADER_BYTES - this.headerFill, chunk.byteLength - i);
        this.header.set(chunk.subarray(i, i + n), this.headerFill);
        this.headerFill += n;
        i += n;
        if (this.headerFill === FRAME_HEADER_BYTES) this.startFrame();
        continue;
      }
      const f = this.frame;
      const n = Math.min(f.end - f.at, chunk.byteLength - i);
      if (f.message) f.message.set(chunk.subarray(i, i + n), f.at);
      else this.dest.set(chunk.subarray(i, i + n), f.at);
      f.at += n;
      i += n;
      if (f.at === f.end) this.finishFrame();
    }
  }

  private startFrame(): void {
    this.headerFill = 0;
    const v = new DataView(this.header.buffer);
    const kind = v.getUint32(0, true) as FrameKind;
    const first = v.getUint32(4, true);
    const count = v.getUint32(8, true);
    const messageBytes = v.getUint32(12, true);
    if (kind === FrameKind.planes) {
      if (count === 0 || first + count > this.planesTotal) throw new Error(`the voxel stream named planes ${first}..${first + count - 1} of ${this.planesTotal}`);
      this.frame = { kind, first, count, at: first * this.planeBytes, end: (first + count) * this.planeBytes, message: null };
      if (this.planeBytes === 0) this.finishFrame();
    } else if (kind === FrameKind.failed) {
      if (messageBytes > 64 * 1024) throw new Error('the voxel stream sent an oversized error message');
      this.frame = { kind, first: 0, count: 0, at: 0, end: messageBytes, message: new Uint8Array(messageBytes) };
      if (messageBytes === 0) this.finishFrame();
    } else if (kind === FrameKind.done || kind === FrameKind.cancelled) {
      this.ended = kind === FrameKind.done ? { status: 'done' } : { status: 'cancelled' };
    } else {
      throw new Error(`the voxel stream sent an unknown frame (${kind})`);
    }
  }

  private finishFrame(): void {
    const f = this.frame!;
    this.frame = null;
    if (f.message) this.ended = { status: 'failed', message: new TextDecoder().decode(f.message) || 'loading failed' };
    else this.sink.planes(f.first, f.count);
  }
}
