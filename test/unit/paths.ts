import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(here, '../..');
export const FIXTURES = join(REPO, 'test/fixtures');
/** ../shared beside the checkout; tests that need it skip themselves when it is absent. */
export const SHARED = process.env.VOXELSCOPE_SHARED ?? resolve(REPO, '../shared');
export const HAVE_SHARED = existsSync(join(SHARED, 'oracles/index.json'));
