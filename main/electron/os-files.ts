import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContractError } from '../../app/ipc/contract.js';

/**
 * Files the operating system hands the app: command-line arguments (Windows and Linux associations,
 * a terminal), `file://` URIs (the Linux desktop entry's %U) and a second instance's arguments.
 * Pure functions, so the rules are tested without Electron.
 */

/** Most files taken from one command line or one second instance (the viewer shows one at a time). */
export const MAX_OS_FILES = 64;
const MAX_PATH = 4096;

export type OsFile = { ok: true; path: string } | { ok: false; name: string; error: ContractError };

/**
 * The positional arguments of a command line: Chromium and Electron switches dropped, and in a
 * development run (`electron .`, process.defaultApp) the app folder that precedes the files.
 */
export function fileArguments(argv: readonly string[], defaultApp: boolean): string[] {
  const positional = argv.slice(1).filter((a) => a.length > 0 && !a.startsWith('-'));
  return (defaultApp ? positional.slice(1) : positional).slice(0, MAX_OS_FILES);
}

/** A local path for one argument: `file://` URIs converted, other URIs refused, relative paths resolved. */
export function localPath(arg: string, cwd: string): OsFile {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(arg)?.[1];
  if (arg.length > MAX_PATH || arg.includes('\0')) return refuse(arg.slice(0, 80), 'not a usable file name');
  if (scheme === undefined) return { ok: true, path: resolve(cwd, arg) };
  if (scheme.toLowerCase() !== 'file') return refuse(arg, `only local files can be opened, not ${scheme}: addresses`);
  try {
    return { ok: true, path: fileURLToPath(arg) };
  } catch (e) {
    return refuse(arg, `not a local file address (${(e as Error).message})`);
  }
}

/**
 * What a second instance asked for. It sends its own file arguments and working directory as the
 * lock's additionalData (argv as the first instance sees it may be reordered and gain switches);
 * anything else falls back to that argv.
 */
export function secondInstanceFiles(additionalData: unknown, argv: readonly string[], workingDirectory: string, defaultApp: boolean): OsFile[] {
  const d = additionalData as { args?: unknown; cwd?: unknown } | null;
  const valid =
    typeof d === 'object' && d !== null && typeof d.cwd === 'string' && isAbsolute(d.cwd) &&
    Array.isArray(d.args) && d.args.length <= MAX_OS_FILES && d.args.every((a) => typeof a === 'string');
  const args = valid ? (d.args as string[]) : fileArguments(argv, defaultApp);
  const cwd = valid ? (d.cwd as string) : workingDirectory;
  return args.map((a) => localPath(a, cwd));
}

/** The lock's additionalData for this process, read back by secondInstanceFiles in the first one. */
export function secondInstanceData(argv: readonly string[], cwd: string, defaultApp: boolean): { args: string[]; cwd: string } {
  return { args: fileArguments(argv, defaultApp), cwd };
}

function refuse(name: string, why: string): OsFile {
  return { ok: false, name, error: { code: 'invalid-request', message: `${name}: ${why}` } };
}
