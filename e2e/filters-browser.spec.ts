import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { expect, test } from '@playwright/test';
import { install, parsedCases, runAll } from './filters-browser-entry';
import { REPO, startHost, type Host } from './host';

/**
 * The filters' WebAssembly kernels in Chromium, on the renderer's own page (the browser host's real
 * headers, whose CSP must allow compiling WebAssembly): they instantiate with SIMD128, and both backends
 * there give the very bytes the wasm kernels give in Node.
 */
const WASM = join(REPO, 'dist/native/filters.wasm');
let host: Host;

test.beforeAll(async () => {
  host = await startHost(mkdtempSync(join(tmpdir(), 'vs-e2e-filters-')));
});
test.afterAll(async () => {
  await host?.stop();
});

test('filters run in Chromium with the WebAssembly kernels, byte for byte as in Node', async ({ page }) => {
  test.skip(!existsSync(WASM), 'no dist/native/filters.wasm (clang could not build it)');
  const bytes = readFileSync(WASM);
  expect(await install(bytes)).toBe(true);
  // Parameters are validated on this side: zod compiles a fast parser with new Function when its probe
  // says eval works, and under page.evaluate the probe passes while the page's CSP refuses the compile.
  const params = parsedCases();
  const expected = runAll('wasm', params);
  expect(runAll('ts', params)).toEqual(expected);

  const bundle = await build({
    entryPoints: [join(REPO, 'e2e/filters-browser-entry.ts')], bundle: true, write: false, format: 'iife', globalName: 'VoxelscopeFilters',
    platform: 'browser', target: 'chrome120', logLevel: 'warning', footer: { js: 'globalThis.VoxelscopeFilters = VoxelscopeFilters;' },
  });
  await page.goto(host.url);
  // The renderer's page, with its CSP: script-src 'self' 'wasm-unsafe-eval'.
  expect((await page.request.get(host.url)).headers()['content-security-policy']).toContain("'wasm-unsafe-eval'");
  await page.evaluate(bundle.outputFiles[0].text);
  const inBrowser = await page.evaluate(async ([wasm, params]) => {
    const f = (globalThis as unknown as { VoxelscopeFilters: { install(b: Uint8Array): Promise<boolean>; runAll(b: string, p: unknown[]): number[][] } }).VoxelscopeFilters;
    let installed: boolean | string;
    try {
      installed = await f.install(new Uint8Array(wasm));
    } catch (e) {
      installed = String(e);
    }
    return { installed, simd: WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 23, 1, 21, 0, 253, 12, ...new Array(16).fill(0), 26, 11])), wasm: installed === true ? f.runAll('wasm', params) : [], ts: f.runAll('ts', params) };
  }, [[...bytes], params] as [number[], unknown[]]);
  expect(inBrowser.simd).toBe(true);
  expect(inBrowser.installed).toBe(true);
  expect(inBrowser.wasm).toEqual(expected);
  expect(inBrowser.ts).toEqual(expected);
});
