/**
 * app/ compiles with no DOM and no Node types, so it cannot reach for `document`, `fs` or `process`.
 * These few globals exist in every runtime the core runs in (Node, browsers, workers) and are declared
 * here so the core can use them.
 */
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: ArrayBufferView | ArrayBufferLike): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare function queueMicrotask(cb: () => void): void;
/** Timers (the job pool's cancel grace); the handle is opaque here, whatever the runtime makes it. */
declare function setTimeout(cb: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
