import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { prestartWorker, takePrestarted } from '../../../main/services/prestart.js';

/** Workers the command line starts before it has loaded, handed to the first pool that asks. */
const dir = mkdtempSync(join(tmpdir(), 'vs-prestart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, code: string): URL {
  writeFileSync(join(dir, name), code);
  return pathToFileURL(join(dir, name));
}

describe('prestarted workers', () => {
  it('are handed out once each, to a pool asking for the same script, and answer it', async () => {
    const echo = script('echo.mjs', "import { parentPort } from 'node:worker_threads'; parentPort.on('message', (m) => parentPort.postMessage(m * 2));");
    prestartWorker(echo);
    expect(takePrestarted(script('other.mjs', ''))).toBeNull();
    const w = takePrestarted(echo)!;
    expect(w).not.toBeNull();
    expect(takePrestarted(echo)).toBeNull();
    const answer = new Promise((r) => w.once('message', r));
    w.postMessage(21);
    expect(await answer).toBe(42);
    await w.terminate();
  });

  it('a worker that failed to start is not handed out, and its error does not end the process', async () => {
    const broken = script('broken.mjs', "throw new Error('no such worker');");
    await new Promise((r) => prestartWorker(broken).once('exit', r));
    expect(takePrestarted(broken)).toBeNull();
  });
});
