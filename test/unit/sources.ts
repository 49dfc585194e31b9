import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MemorySource, type ByteSource, type SourceSet } from '../../app/formats/source.js';

/** A SourceSet over a real file and its folder; files are read whole on demand (test-sized files only). */
export function fileSourceSet(path: string): SourceSet {
  const dir = dirname(path);
  const load = (name: string): ByteSource => new MemorySource(name, new Uint8Array(readFileSync(join(dir, name))));
  return {
    primary: load(basename(path)),
    sibling: (name) => Promise.resolve(existsSync(join(dir, name)) ? load(name) : null),
    listSiblings: () => Promise.resolve(readdirSync(dir)),
  };
}
