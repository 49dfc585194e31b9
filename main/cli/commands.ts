import type { CommandSpec } from './command-line.js';

/** The commands of `voxelscope`, declared once: parsing, `--help` and the overview all come from here. */

export const infoCommand: CommandSpec = {
  name: 'info',
  summary: 'Dimensions, voxel type, spacing, channels, scaling, statistics and checksum of each file.',
  args: 'FILE...',
  minArgs: 1,
  options: [{ name: 'json', kind: 'flag', help: 'one JSON object per file (the command-line contract)' }],
  details:
    'With --json each line is {"format", "dims", "dtype", "spacing", "unit", "channels", "scaling", "stats", "sha256"};\n' +
    'stats and sha256 are over the stored voxels in canonical order (x fastest, then y, z, c, t), little-endian.\n' +
    'A file that cannot be read gets one line on stderr naming it and the problem; the exit status is then 1.',
};

export const serveCommandSpec: CommandSpec = {
  name: 'serve',
  summary: 'The viewer in a browser: serves it on 127.0.0.1 with a per-run token, until interrupted.',
  args: '[FILE...]',
  minArgs: 0,
  options: [
    { name: 'root', kind: 'string', value: 'DIR', help: 'the folder the page may browse and open from (default: the current folder)' },
    { name: 'port', kind: 'int', value: 'N', min: 0, max: 65535, help: 'the port to listen on (default: any free one)' },
  ],
  details: 'Files named here open in every page that connects. Open the URL the command prints (it carries the token).',
};

export const benchCommandSpec: CommandSpec = {
  name: 'bench',
  summary: 'Benchmarks: decoding, the viewer in Chromium and loading, each beside its reference measured in the same run.',
  args: '',
  minArgs: 0,
  maxArgs: 0,
  options: [
    { name: 'quick', kind: 'flag', help: 'tiny inputs and few repeats (checks the harness, measures nothing)' },
    { name: 'only', kind: 'string', value: 'NAME', help: 'only the cases whose name contains NAME' },
    { name: 'out', kind: 'string', value: 'FILE', help: 'where the JSON results go (default .bench/results.json)' },
  ],
  details: 'References come from Debian\'s python3 (tifffile, nibabel, scipy) where installed; viewer cases need Chromium (CHROMIUM_PATH).',
};

export const COMMANDS: readonly CommandSpec[] = [infoCommand, serveCommandSpec, benchCommandSpec];
