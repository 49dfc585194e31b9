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

/** The parameters any op of `filter` may take, under scipy.ndimage / scikit-image's names (DESIGN.md). */
export const FILTER_PARAMS = [
  ['sigma', 'SIGMA', 'gaussian: standard deviation in voxels, one number or x,y,z'],
  ['truncate', 'T', 'gaussian: truncate the kernel at this many sigmas (default 4)'],
  ['size', 'N', 'uniform, median, minimum, maximum, variance, std, top-hats: window size, one number or x,y,z'],
  ['axis', 'AXIS', 'sobel: x, y, z or magnitude'],
  ['sigma1', 'SIGMA', 'dog: the smaller sigma'],
  ['sigma2', 'SIGMA', 'dog: the larger sigma'],
  ['footprint', 'SHAPE', 'top-hats: cube or ball'],
  ['method', 'METHOD', 'threshold: otsu, li, triangle, yen, isodata or mean'],
  ['connectivity', 'N', 'label: 6, 18 or 26'],
  ['mode', 'MODE', 'boundary: reflect, mirror, nearest, constant or wrap (default reflect)'],
  ['cval', 'VALUE', 'boundary value for mode constant (default 0)'],
] as const;

export const filterCommandSpec: CommandSpec = {
  name: 'filter',
  summary: 'Applies one filter to a file and writes the result (scipy.ndimage / scikit-image semantics).',
  args: 'INPUT',
  minArgs: 1,
  maxArgs: 1,
  options: [
    { name: 'output', short: 'o', kind: 'string', value: 'OUTPUT', help: 'the file to write: .npy, .tif, .nii or .nii.gz' },
    { name: 'op', kind: 'string', value: 'OP', help: 'the filter' },
    ...FILTER_PARAMS.map(([name, value, help]) => ({ name, kind: 'string' as const, value, help })),
  ],
  details:
    'Output types: float32 for gaussian, uniform, variance, std, sobel, laplace and dog (float64 input stays float64);\n' +
    'the input\'s type for median, minimum, maximum and the top-hats; uint8 0/1 for threshold; int32 for label (the\n' +
    'object count is printed). Every channel and time point is filtered; spacing, units and orientation carry over.\n' +
    'Filters work on the stored values; an intensity scaling (NIfTI scl_slope/scl_inter) is not written to the output, so\n' +
    'a recipe gives what its steps chained through .npy give (the app shows an Apply result calibrated where that holds).\n' +
    'The output may not be the input. .npy holds (z, y, x) for one channel and time point, else\n' +
    '(t, c, z, y, x).',
};

export const recipeCommandSpec: CommandSpec = {
  name: 'recipe',
  summary: 'Shows or checks a recipe (a saved pipeline), or writes it as a Python script (scipy.ndimage / scikit-image).',
  args: 'show|validate|python RECIPE',
  minArgs: 2,
  maxArgs: 2,
  options: [
    { name: 'json', kind: 'flag', help: 'show: the recipe as JSON, migrated to the current version' },
    { name: 'output', short: 'o', kind: 'string', value: 'SCRIPT', help: 'python: the script to write (default: stdout)' },
  ],
  details:
    'show: the steps with every parameter (lengths in voxels, with the physical value they were entered as), the\n' +
    'input the recipe was tuned on and the app that wrote it. validate: "valid", or one line naming the file, the\n' +
    'step and the field, and exit status 1. Older recipe versions are migrated; a newer one is refused. python: a\n' +
    'script `python3 SCRIPT INPUT OUTPUT.npy` doing the same (reads .npy, .tif, .nii, .nii.gz).',
};

export const runCommandSpec: CommandSpec = {
  name: 'run',
  summary: 'Runs a recipe on many files in parallel, with a run log beside the outputs (DIR/voxelscope-run.json).',
  args: 'RECIPE INPUT...',
  minArgs: 2,
  options: [
    { name: 'out', kind: 'string', value: 'DIR', help: 'the folder the outputs and the run log go to' },
    { name: 'jobs', kind: 'int', value: 'N', min: 1, max: 1024, help: 'worker threads, each filtering one input at a time (default: the core count); one more input is read and written meanwhile (small inputs: at least three in flight)' },
    { name: 'format', kind: 'string', value: 'FORMAT', choices: ['tif', 'nii', 'nii.gz', 'npy'], help: "the outputs' format (default: the input's own where it can be written, else tif)" },
    { name: 'overwrite', kind: 'flag', help: 'replace outputs that exist (otherwise such an input fails)' },
    { name: 'resume', kind: 'flag', help: "skip inputs whose output exists and whose log entry is ok with the same input and output SHA-256" },
    { name: 'dask', kind: 'string', value: 'ADDRESS', help: 'run every input as a task of a Dask cluster: tcp://HOST:PORT of its scheduler, or local (see the README)' },
    { name: 'item-json', kind: 'flag', help: 'run the one INPUT only and print its log item as JSON, writing no log (for schedulers such as Dask)' },
    { name: 'item-output', kind: 'string', value: 'FILE', help: 'with --item-json: the output file (relative to --out; default named as a run names it)' },
    { name: 'keep-temp', kind: 'flag', help: 'with --item-json: leave the output under its temporary name (the item\'s "temp") for the caller to rename' },
  ],
  details:
    'INPUTs are files, folders (every volume file below them; outputs keep the path relative to the folder) and\n' +
    "quoted globs ('data/**/*.tif'). Each output is DIR/<name without its extensions>.<format>, written under a\n" +
    'temporary name and renamed when complete. A failed input is reported (file and reason) and the others still run.\n' +
    'Exit status: 0 when every input succeeded, 1 when any failed, 2 for a usage error; 130/143 when interrupted.\n' +
    'With --dask the run waits VOXELSCOPE_DASK_TIMEOUT seconds (default 10) to reach the scheduler, then\n' +
    'VOXELSCOPE_DASK_WORKER_TIMEOUT seconds (default 60) for its first worker; either failing is exit 2, with\n' +
    'nothing written. About twice the cluster\'s threads are in flight; a task whose worker dies runs again on\n' +
    'another; when no worker is left for VOXELSCOPE_DASK_WORKER_TIMEOUT seconds, or the scheduler is gone for\n' +
    'VOXELSCOPE_DASK_TIMEOUT seconds, the inputs not done fail (--resume runs them later).',
};

export const montageCommandSpec: CommandSpec = {
  name: 'montage',
  summary: 'Lays out slices of a volume as one PNG, which carries the record to make it again (--from).',
  args: 'INPUT',
  minArgs: 0,
  maxArgs: 1,
  options: [
    { name: 'output', short: 'o', kind: 'string', value: 'OUT.png', help: 'the PNG to write' },
    { name: 'axis', kind: 'string', value: 'AXIS', choices: ['x', 'y', 'z'], help: 'slices across this axis (default z)' },
    { name: 'start', kind: 'int', value: 'A', min: 0, help: 'the first slice, from 0 (default 0)' },
    { name: 'stop', kind: 'int', value: 'B', min: 1, help: 'slices below this one (default all)' },
    { name: 'step', kind: 'int', value: 'N', min: 1, help: 'every Nth slice (default 1)' },
    { name: 'cols', kind: 'int', value: 'N', min: 1, help: 'tiles per row (default: about the square root of the count)' },
    { name: 'cmap', kind: 'string', value: 'NAME', help: 'a matplotlib or Fiji colormap (default gray)' },
    { name: 'range', kind: 'string', value: 'LO,HI', help: 'the values shown as the first and last colour (default the min and max of the channel)' },
    { name: 'border', kind: 'int', value: 'PX', min: 0, max: 1000, help: 'white pixels between and around the tiles (default 0)' },
    { name: 'label', kind: 'string', value: 'KIND', choices: ['slice', 'position', 'none'], help: 'a label in each tile: its slice number, its position, or none (default none)' },
    { name: 'scalebar', kind: 'number', value: 'LENGTH', help: 'a scale bar of this length, in the file\'s unit, in the first tile' },
    { name: 'channel', kind: 'int', value: 'C', min: 1, help: 'the channel shown, from 1 (default 1)' },
    { name: 'time', kind: 'int', value: 'T', min: 1, help: 'the time point shown, from 1 (default 1)' },
    { name: 'from', kind: 'string', value: 'EXPORTED.png', help: 'make again the montage a PNG records (its input must be unchanged)' },
  ],
  details:
    'With --label none --border 0 and no scale bar the PNG holds exactly the tiles: value v shows entry\n' +
    'round(255 * clamp((v - LO) / (HI - LO), 0, 1)) of the colormap, from the stored value. The PNG\'s iTXt chunk\n' +
    '"voxelscope" records the input (name, size, SHA-256), the settings and the app version; --from reads it and\n' +
    'writes the same image byte for byte, or fails (exit 1) when the input is missing or has changed.',
};

export const COMMANDS: readonly CommandSpec[] = [infoCommand, filterCommandSpec, runCommandSpec, recipeCommandSpec, montageCommandSpec, serveCommandSpec, benchCommandSpec];
