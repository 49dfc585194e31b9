import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFailure, type Outcome } from '../../../main/cli/fuzz/outcome.js';
import { KEPT_DIR } from '../../../main/cli/fuzz/options.js';
import { keptCases } from '../../../main/cli/fuzz/replay.js';
import { REPO } from '../paths.js';
import { bundleFuzzer } from './bundle.js';

/**
 * Every input the fuzzer ever failed on (test/fixtures/fuzz/*), replayed through the fuzzer's own
 * runners: the entry `voxelscope info` uses, in a child process with the 2 s limit and the memory cap.
 * Each must now open or be refused with one clean error.
 */
const kept = keptCases(join(REPO, KEPT_DIR));
const results = new Map<string, { outcome: Outcome; message: string }>();
let dir = '';

beforeAll(async () => {
  const b = await bundleFuzzer();
  dir = b.dir;
  const r = spawnSync(process.execPath, [b.fuzz, '--replay', '--keep', KEPT_DIR], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  for (const line of r.stdout.split('\n')) {
    const [tag, name, outcome, message] = line.split('\t');
    if (tag === 'replay') results.set(name, { outcome: outcome as Outcome, message });
  }
  if (!results.size && kept.length) throw new Error(`replay printed nothing: ${r.stderr}`);
}, 150_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kept fuzz failures', () => {
  it('there are kept cases to replay', () => expect(kept.length).toBeGreaterThan(0));
  for (const name of kept) {
    it(`${name} opens or fails cleanly`, () => {
      const r = results.get(name);
      expect(r, 'replayed').toBeDefined();
      expect(isFailure(r!.outcome), `${r!.outcome}: ${r!.message}`).toBe(false);
    });
  }
});
