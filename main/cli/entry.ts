import { prestartWorker } from '../services/prestart.js';

/*
 * The `voxelscope` command's entry: a command that filters starts its first job worker at once, so
 * that the worker starts while the rest of the command line loads (about 100 ms each; a batch of 200
 * small files takes about a second), then loads the rest.
 */
const [command, ...rest] = process.argv.slice(2);
if (command === 'filter' || (command === 'run' && !rest.includes('--dask') && !rest.includes('--help'))) {
  prestartWorker(new URL('./job-worker.mjs', import.meta.url));
}
await import('./main.js');
