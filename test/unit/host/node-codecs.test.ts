import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { nodeCodecs } from '../../../main/services/node-codecs.js';
import { FIXTURES } from '../paths.js';

/** Resolves to 'timeout' when `p` has not settled within `ms`. */
function within<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  return Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);
}

describe('node codecs: gzip stream', () => {
  it('rejects a member with a damaged CRC instead of waiting for a drain that never comes', async () => {
    // 90 KB: more than the stream buffers, so write() asks to wait for 'drain'.
    const gz = new Uint8Array(readFileSync(join(FIXTURES, 'real/dipy_aniso_vox.nii.gz')));
    gz[gz.length - 6] ^= 0xff; // CRC32 in the trailer
    const s = nodeCodecs.gunzipStream(() => undefined);
    const r = await within(s.push(gz, true).then(() => 'resolved', (e: Error) => e.message), 2000);
    expect(r).toMatch(/incorrect data check/);
  });
});

describe('node codecs: whole buffers', () => {
  it('say in words when a stream decompresses to more than the caller accepts', () => {
    const z = new Uint8Array(deflateSync(new Uint8Array(1000)));
    expect(() => nodeCodecs.inflateZlib(z, 100)).toThrow(/^deflate stream decompresses to more than 100 bytes$/);
    expect(() => nodeCodecs.gunzip(new Uint8Array(gzipSync(new Uint8Array(1000))), 10)).toThrow(/^gzip stream decompresses to more than 10 bytes$/);
    expect(nodeCodecs.inflateZlib(z, 1000).length).toBe(1000);
  });
});
