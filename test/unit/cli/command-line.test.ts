import { describe, expect, it } from 'vitest';
import { HelpRequested, UsageError, helpText, parseCommand, type CommandSpec } from '../../../main/cli/command-line.js';
import { COMMANDS, serveCommandSpec } from '../../../main/cli/commands.js';

/** The one command-line parser every command goes through. */
const spec: CommandSpec = {
  name: 'demo', summary: 'A demo.', args: 'FILE...', minArgs: 1, maxArgs: 3,
  options: [
    { name: 'json', kind: 'flag', help: 'json' },
    { name: 'port', kind: 'int', value: 'N', min: 0, max: 65535, help: 'port' },
    { name: 'mode', kind: 'string', value: 'MODE', choices: ['reflect', 'wrap'], help: 'mode' },
    { name: 'cval', kind: 'number', value: 'X', help: 'cval' },
    { name: 'output', kind: 'string', value: 'FILE', short: 'o', help: 'output' },
    { name: 'input', kind: 'string', value: 'FILE', repeat: true, help: 'input' },
  ],
};
const parse = (...argv: string[]) => parseCommand(spec, argv);
const refused = (argv: string[]): string => {
  try {
    parseCommand(spec, argv);
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
  throw new Error(`accepted: ${argv.join(' ')}`);
};

describe('parseCommand', () => {
  it('takes flags, typed values in both spellings, short aliases, repeats and positionals', () => {
    const p = parse('a.tif', '--json', '--port', '8080', '--mode=wrap', '--cval', '-2.5', '-o', 'out.npy', '--input', 'x', '--input=y', 'b.tif');
    expect(p.args).toEqual(['a.tif', 'b.tif']);
    expect(Object.fromEntries(p.options)).toEqual({ json: true, port: 8080, mode: 'wrap', cval: -2.5, output: 'out.npy', input: ['x', 'y'] });
    expect(parse('--', '--json').args).toEqual(['--json']);
  });

  it('refuses an unknown option with one line, suggesting the near miss', () => {
    expect(refused(['a', '--prot', '1'])).toBe('voxelscope demo: unknown option --prot (did you mean --port?); see voxelscope demo --help');
    expect(refused(['a', '--frobnicate'])).toBe('voxelscope demo: unknown option --frobnicate; see voxelscope demo --help');
    expect(refused(['a', '-x'])).toMatch(/unknown option -x/);
  });

  it('refuses bad values: missing, not a number, not whole, out of range, not a choice, twice, on a flag', () => {
    expect(refused(['a', '--port'])).toMatch(/--port needs a value \(N\)/);
    expect(refused(['a', '--port', '--json'])).toMatch(/--port needs a value/);
    expect(refused(['a', '--port', 'abc'])).toMatch(/--port needs a whole number, not 'abc'/);
    expect(refused(['a', '--port', '1.5'])).toMatch(/whole number/);
    expect(refused(['a', '--port', '70000'])).toMatch(/--port must be 0\.\.65535, not 70000/);
    expect(refused(['a', '--mode', 'mirror'])).toMatch(/--mode must be one of reflect, wrap, not 'mirror'/);
    expect(refused(['a', '--cval', ''])).toMatch(/--cval needs a number/);
    expect(refused(['a', '--port', '1', '--port', '2'])).toMatch(/--port given twice/);
    expect(refused(['a', '--json=yes'])).toMatch(/--json takes no value/);
  });

  it('checks the number of arguments', () => {
    expect(refused([])).toMatch(/needs FILE\.\.\./);
    expect(refused(['a', 'b', 'c', 'd'])).toMatch(/at most 3 arguments/);
  });

  it('answers --help with the usage, every option and its choices', () => {
    let help = '';
    try {
      parse('a', '--help', '--prot');
    } catch (e) {
      help = (e as HelpRequested).help;
    }
    expect(help).toBe(helpText(spec));
    expect(help).toContain('voxelscope demo FILE... [--json] [--port N]');
    expect(help).toContain('--mode MODE');
    expect(help).toContain('(reflect, wrap)');
  });

  it('every command of voxelscope declares its options with help', () => {
    for (const c of COMMANDS) for (const o of c.options) expect(o.help.length, `${c.name} --${o.name}`).toBeGreaterThan(3);
    expect(serveCommandSpec.options.find((o) => o.name === 'port')).toMatchObject({ kind: 'int', min: 0, max: 65535 });
  });
});
