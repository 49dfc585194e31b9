/**
 * The command line, declared once per command: its options with their types, limits and help, its
 * positional arguments. Every command parses the same way and answers the same way: `--help` prints
 * the command's usage and exits 0; an unknown option, a missing or malformed value, or a wrong number
 * of arguments is one clear line on stderr and exit status 2, before anything runs.
 */

export type OptionKind = 'flag' | 'string' | 'int' | 'number';

export interface OptionSpec {
  name: string;
  kind: OptionKind;
  /** What the value is called in the help (FILE, N, DIR...). */
  value?: string;
  help: string;
  /** Allowed values (string options). */
  choices?: readonly string[];
  min?: number;
  max?: number;
  /** May be given more than once (values collected in order). */
  repeat?: boolean;
  /** A one-letter alias, e.g. 'o' for --output. */
  short?: string;
}

export interface CommandSpec {
  name: string;
  /** One line on what the command does. */
  summary: string;
  /** The positional arguments, as the usage line shows them (e.g. 'FILE...'). */
  args: string;
  /** How many positional arguments it takes. */
  minArgs: number;
  maxArgs?: number;
  options: readonly OptionSpec[];
  /** Paragraphs after the option list (examples, what the output holds). */
  details?: string;
}

export type OptionValue = string | number | boolean | string[] | number[];

export interface ParsedCommand {
  args: string[];
  options: Map<string, OptionValue>;
}

/** A mistake on the command line: the message is printed as it is, the exit status is 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** `--help` was asked for: the help text is printed to stdout, the exit status is 0. */
export class HelpRequested extends Error {
  constructor(readonly help: string) {
    super('help');
  }
}

/** Parses `argv` (what follows the command name) against the command's declaration. */
export function parseCommand(spec: CommandSpec, argv: readonly string[]): ParsedCommand {
  const byName = new Map(spec.options.map((o) => [o.name, o]));
  const byShort = new Map(spec.options.filter((o) => o.short).map((o) => [o.short!, o]));
  const options = new Map<string, OptionValue>();
  const args: string[] = [];
  const fail = (msg: string): never => {
    throw new UsageError(`voxelscope ${spec.name}: ${msg}; see voxelscope ${spec.name} --help`);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a === '--help' || a === '-h') throw new HelpRequested(helpText(spec));
    let name: string;
    let inline: string | undefined;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      inline = eq > 0 ? a.slice(eq + 1) : undefined;
    } else if (/^-[A-Za-z]$/.test(a)) {
      const o = byShort.get(a[1]);
      if (!o) fail(`unknown option ${a}`);
      name = o!.name;
    } else {
      args.push(a);
      continue;
    }
    const o = byName.get(name);
    if (!o) fail(`unknown option --${name}${suggestion(name, [...byName.keys()])}`);
    const opt = o!;
    if (opt.kind === 'flag') {
      if (inline !== undefined) fail(`--${name} takes no value`);
      options.set(name, true);
      continue;
    }
    const raw = inline ?? argv[++i];
    if (raw === undefined || (inline === undefined && /^--?[A-Za-z]/.test(raw))) fail(`--${name} needs a value${opt.value ? ` (${opt.value})` : ''}`);
    const v = convert(opt, raw, fail);
    if (opt.repeat) options.set(name, [...((options.get(name) as (string | number)[] | undefined) ?? []), v] as string[] | number[]);
    else if (options.has(name)) fail(`--${name} given twice`);
    else options.set(name, v);
  }
  if (args.length < spec.minArgs) fail(`needs ${spec.args}`);
  if (spec.maxArgs !== undefined && args.length > spec.maxArgs) {
    fail(spec.maxArgs === 0 ? `takes no arguments (got '${args[0]}')` : `takes at most ${spec.maxArgs} argument${spec.maxArgs === 1 ? '' : 's'} (${spec.args})`);
  }
  return { args, options };
}

function convert(o: OptionSpec, raw: string, fail: (m: string) => never): string | number {
  if (o.kind === 'string') {
    if (o.choices && !o.choices.includes(raw)) fail(`--${o.name} must be one of ${o.choices.join(', ')}, not '${raw}'`);
    return raw;
  }
  const n = Number(raw);
  const whole = o.kind === 'int';
  if (raw.trim() === '' || !Number.isFinite(n) || (whole && !Number.isInteger(n))) fail(`--${o.name} needs ${whole ? 'a whole number' : 'a number'}, not '${raw}'`);
  if ((o.min !== undefined && n < o.min) || (o.max !== undefined && n > o.max)) {
    fail(`--${o.name} must be ${o.max === undefined ? `at least ${o.min}` : o.min === undefined ? `at most ${o.max}` : `${o.min}..${o.max}`}, not ${raw}`);
  }
  return n;
}

/** " (did you mean --port?)" for a near miss such as --prot, or nothing. */
function suggestion(name: string, known: string[]): string {
  let best = '';
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return bestD <= Math.max(1, Math.floor(best.length / 3)) ? ` (did you mean --${best}?)` : '';
}

/** Levenshtein distance with transpositions counted as one edit (prot -> port). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The usage line of a command, as `voxelscope --help` lists it. */
export function usageLine(spec: CommandSpec): string {
  const opts = spec.options.map((o) => (o.kind === 'flag' ? `[--${o.name}]` : `[--${o.name} ${o.value ?? 'VALUE'}]`)).join(' ');
  return `voxelscope ${spec.name}${spec.args ? ` ${spec.args}` : ''}${opts ? ` ${opts}` : ''}`;
}

/** `voxelscope COMMAND --help`. */
export function helpText(spec: CommandSpec): string {
  const rows = spec.options.map((o) => {
    const left = `${o.short ? `-${o.short}, ` : ''}--${o.name}${o.kind === 'flag' ? '' : ` ${o.value ?? 'VALUE'}`}`;
    const extra = o.choices ? ` (${o.choices.join(', ')})` : '';
    return [left, o.help + extra];
  });
  const w = Math.max(0, ...rows.map((r) => r[0].length));
  const lines = [`${usageLine(spec)}`, '', spec.summary, ''];
  if (rows.length) lines.push('Options:', ...rows.map(([l, r]) => `  ${l.padEnd(w)}  ${r}`), `  ${'--help'.padEnd(w)}  this help`);
  if (spec.details) lines.push('', spec.details);
  return lines.join('\n') + '\n';
}

/** The value of an option, typed by its declaration (undefined when not given). */
export function opt<T extends OptionValue>(p: ParsedCommand, name: string): T | undefined {
  return p.options.get(name) as T | undefined;
}
