/**
 * The one error type readers throw for bad input. The message names the file and the problem, e.g.
 * "broken.tif: IFD 3 points past the end of the file (offset 9000, size 4096)".
 */
export class FormatError extends Error {
  constructor(public readonly file: string, public readonly problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'FormatError';
  }
}

/**
 * Text taken from a file, for a message: quoted, control characters escaped and long text cut, so the
 * message stays one readable line whatever the file holds (a brace value spanning lines, a damaged tag).
 */
export function quoted(text: string, max = 60): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}...` : text);
}

/** Thrown when work is cancelled. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** The part of AbortSignal the core needs (app/ has no DOM or Node types). */
export interface CancelSignal {
  readonly aborted: boolean;
}

export function throwIfAborted(signal?: CancelSignal): void {
  if (signal?.aborted) throw new CancelledError();
}
