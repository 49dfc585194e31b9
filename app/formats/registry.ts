import type { VolumeReader } from './reader.js';

/**
 * Every reader, in the order they are asked whether a file is theirs. Formats with strong magic numbers
 * first; extension-only formats last.
 */
const readers: VolumeReader[] = [];

export function registerReader(r: VolumeReader): void {
  if (!readers.some((x) => x.id === r.id)) readers.push(r);
}

export function allReaders(): readonly VolumeReader[] {
  return readers;
}

export function readerById(id: string): VolumeReader | undefined {
  return readers.find((r) => r.id === id);
}

/** Picks the reader for a file from its first bytes and name, or undefined if none claims it. */
export function sniffReader(head: Uint8Array, name: string): VolumeReader | undefined {
  return readers.find((r) => r.sniff(head, name));
}

/** Lower-case extensions any reader opens, for open dialogs and the file browser. */
export function knownExtensions(): string[] {
  return [...new Set(readers.flatMap((r) => r.extensions))];
}
