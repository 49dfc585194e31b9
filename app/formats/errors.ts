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
