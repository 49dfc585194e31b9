import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { buildNative } from '../../../scripts/build-native.mjs';

/**
 * The optional huge-page addon (native/huge-pages.c): built here into a temp dir with the system
 * compiler, it must load, take the advice for a fresh shared buffer, refuse anything else, and leave
 * the bytes alone. Where it cannot be built (no compiler or headers, not Linux) the host runs without
 * it, and this says so and skips.
 */
const dir = mkdtempSync(join(tmpdir(), 'vs-native-'));
const built = (buildNative as (out: string) => string | null)(dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const thp = existsSync('/sys/kernel/mm/transparent_hugepage/enabled') ? readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8') : '';

describe.skipIf(!built)('native huge-page advice', () => {
  const addon = built ? (createRequire(import.meta.url)(built) as { adviseHugePages(v: unknown): boolean }) : null;

  it.skipIf(!/\[(always|madvise)\]/.test(thp))('takes the advice for a fresh 8 MB shared buffer', () => {
    expect(addon!.adviseHugePages(new Uint8Array(new SharedArrayBuffer(8 << 20)))).toBe(true);
  });

  it('refuses what is not a Uint8Array, and buffers smaller than one huge page', () => {
    expect(addon!.adviseHugePages(new Uint16Array(new SharedArrayBuffer(8 << 20)))).toBe(false);
    expect(addon!.adviseHugePages({})).toBe(false);
    expect(addon!.adviseHugePages(new Uint8Array(new SharedArrayBuffer(4096)))).toBe(false);
  });

  it('changes no byte: an advised buffer holds what is written to it', () => {
    const sab = new SharedArrayBuffer(6 << 20);
    const view = new Uint8Array(sab);
    addon!.adviseHugePages(view);
    expect(view.every((b) => b === 0)).toBe(true);
    for (let i = 0; i < view.length; i += 4099) view[i] = i & 255;
    for (let i = 0; i < view.length; i += 4099) expect(view[i]).toBe(i & 255);
  });
});

if (!built) console.log('native huge-page addon not built here (see the line above); the host runs without it');
