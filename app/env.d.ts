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
