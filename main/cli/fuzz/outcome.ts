import { FormatError } from '../../../app/formats/errors.js';
import { OverBudgetError } from '../../services/open-volume.js';

/**
 * What one case did. `ok` and `clean-error` are fine; every other outcome is a bug:
 *  - internal-error: anything but a clean error escaped (TypeError, RangeError from a typed array,
 *    "Invalid array length", an Error that names no file: a bare JS engine error is a bug);
 *  - unclear-error: a clean-looking error whose text is not one clear line naming the file and the
 *    problem (several lines, no file name, or engine text wrapped inside, e.g. "x.tif: cannot decode
 *    LZW data: Cannot read properties of undefined");
 *  - hang: no answer within the per-case limit; crash: the runner process died (a native abort, an
 *    out-of-memory kill); uncaught: an uncaught exception or unhandled rejection in the runner;
 *  - memory: the runner's peak resident memory grew past the limit during the case (a reader that
 *    allocated what a header declares before checking it).
 */
export const OUTCOMES = ['ok', 'clean-error', 'internal-error', 'unclear-error', 'hang', 'crash', 'uncaught', 'memory'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const isFailure = (o: Outcome): boolean => o !== 'ok' && o !== 'clean-error';

/**
 * Text of V8 and Node errors: none of it belongs in a message for the user. A reader that wraps such
 * an error into a FormatError still has the bug.
 */
const ENGINE_TEXT = [
  'Cannot read properties of', 'Cannot set properties of', 'is not a function', 'is not a constructor', 'is not iterable',
  'is not defined', 'before initialization', 'Invalid array length', 'Invalid typed array length', 'Invalid string length',
  'Array buffer allocation failed', 'Offset is outside the bounds', 'outside the bounds of the buffer', 'should be a multiple of',
  'Maximum call stack size exceeded', 'Cannot convert', 'Cannot mix BigInt', 'to a BigInt', 'Invalid count value',
  'Invalid code point', 'Reduce of empty array', 'Cannot create a Buffer larger than', 'ERR_', 'The value of "', 'argument must be',
  'out of memory', 'Invalid DataView length', 'Start offset', 'Invalid time value', 'Unexpected token', 'is out of bounds',
  'Invalid atomic access index', 'not fetched',
];
/**
 * Words that only broken code puts in a message (NaN and Infinity may be values the file holds);
 * quoted text from the file (JSON strings) may hold them legitimately.
 */
const BROKEN_TEXT = /\bundefined\b|\[object \w+\]/;

/** The ByteSource's own bounds error (source.ts: read "throws if that range is past the end"). */
const SOURCE_PAST_END = /: (read of \d+ bytes at (offset )?-?\d+ is past the end|file shrank while reading)/;

export interface Classified {
  outcome: 'clean-error' | 'internal-error' | 'unclear-error';
  message: string;
}

/**
 * Sorts an error that a case's open threw. Clean: a FormatError or OverBudgetError, an Error the
 * decode workers forwarded (they pass only the message; it must name the file), or the ByteSource's
 * own past-the-end error; and in every case one line naming one of the case's files or its folder,
 * without engine text.
 */
export function classifyError(e: unknown, names: readonly string[]): Classified {
  const message = e instanceof Error ? e.message : String(e);
  const kind = e instanceof Error ? e.constructor.name : typeof e;
  const cleanClass = e instanceof FormatError || e instanceof OverBudgetError
    || (e instanceof Error && kind === 'Error')
    || (e instanceof RangeError && SOURCE_PAST_END.test(message));
  if (!cleanClass) return { outcome: 'internal-error', message: `${kind}: ${message}` };
  const problem = unclear(message, names);
  return problem ? { outcome: e instanceof FormatError || e instanceof OverBudgetError ? 'unclear-error' : 'internal-error', message: `${message} [${problem}]` }
    : { outcome: 'clean-error', message };
}

function unclear(message: string, names: readonly string[]): string | null {
  if (!message.trim()) return 'empty message';
  if (message.includes('\n')) return 'more than one line';
  if (!names.some((n) => message.includes(`${n}:`) || message.includes(`${n} `))) return 'names no file';
  const engine = ENGINE_TEXT.find((t) => message.includes(t));
  if (engine) return `engine text "${engine}"`;
  const unquoted = message.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '""');
  const broken = BROKEN_TEXT.exec(unquoted);
  if (broken) return `"${broken[0]}" in the text`;
  return null;
}
