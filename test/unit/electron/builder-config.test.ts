import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerAllReaders } from '../../../app/formats/all-readers.js';
import { knownExtensions } from '../../../app/formats/registry.js';
import { REPO } from '../paths.js';

/**
 * The packaging configuration, checked without the Electron binary `npm run dist` needs: loaded and
 * validated by electron-builder's own code (its config loader and JSON schema), then held to the
 * rules the app relies on. e2e/package.spec.ts packages the app for real with a stand-in binary.
 */
registerAllReaders();
// electron-builder's internals, resolved the way electron-builder itself resolves them.
const builderRequire = createRequire(createRequire(join(REPO, 'package.json')).resolve('electron-builder/package.json'));
const { getConfig, validateConfiguration } = builderRequire('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<Config>;
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = builderRequire('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

interface Association { ext: string | string[]; mimeType?: string; name?: string }
interface Config {
  productName: string;
  asarUnpack: string[];
  fileAssociations: Association[];
  linux: { target: string[]; fileAssociations?: Association[]; syncDesktopName?: boolean };
  nsis: { perMachine?: boolean };
  appImage?: { executableArgs?: string[] };
}
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  main: string; productName: string; desktopName: string; homepage?: string; author?: { email?: string };
  dependencies?: Record<string, string>; devDependencies: Record<string, string>;
};
const load = (): Promise<Config> => getConfig(REPO, join(REPO, 'electron-builder.yml'), null);

/** [major, minor, patch] of a version or of the lowest version a caret range admits. */
const version = (v: string): number[] => v.replace(/^[\^~]/, '').split('.').map(Number);
const atLeast = (v: number[], min: number[]): boolean => v[0] > min[0] || (v[0] === min[0] && (v[1] > min[1] || (v[1] === min[1] && v[2] >= min[2])));

describe('electron-builder configuration', () => {
  it('passes electron-builder\'s own validation, and that validation rejects a wrong option', async () => {
    const config = await load();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, nsis: { perMachin: true } }, new DebugLogger(false))).rejects.toThrow(/configuration.nsis/);
  });

  it('associates only extensions a reader opens, one per entry, each with a Linux MIME type, and never all of .gz', async () => {
    const config = await load();
    const all = [...config.fileAssociations, ...(config.linux.fileAssociations ?? [])];
    expect(all.length).toBeGreaterThan(0);
    for (const a of all) {
      expect(typeof a.ext, JSON.stringify(a)).toBe('string'); // the deb writes one glob per entry
      expect(knownExtensions()).toContain(a.ext);
      expect(a.mimeType, `${a.ext} needs a mimeType to register on Linux`).toMatch(/^[a-z]+\/[a-z0-9.+-]+$/);
    }
    expect(all.map((a) => a.ext)).not.toContain('gz');
    // Multi-part extensions only where the desktop matches whole globs (macOS and Windows take the last part).
    for (const a of config.fileAssociations) expect(a.ext as string).not.toContain('.');
    expect(config.linux.fileAssociations?.map((a) => a.ext)).toContain('nii.gz');
  });

  it('installs per machine on Windows, which NSIS file associations require', async () => {
    expect((await load()).nsis.perMachine).toBe(true);
  });

  it('unpacks the worker scripts and the native addon beside the archive', async () => {
    expect((await load()).asarUnpack).toEqual(expect.arrayContaining(['dist/main/decode-worker.mjs', 'dist/main/job-worker.mjs', 'dist/main/hash-worker.mjs', 'dist/native/**']));
  });

  it('builds the deb, which installs electron-builder\'s AppArmor profile, and keeps the AppImage sandboxed where it can be', async () => {
    const config = await load();
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.appImage?.executableArgs).toEqual([]);
    const profile = readFileSync(builderRequire.resolve('app-builder-lib/templates/linux/apparmor-profile.tpl'), 'utf8');
    expect(profile).toMatch(/userns,/);
    expect(readFileSync(builderRequire.resolve('app-builder-lib/templates/linux/after-install.tpl'), 'utf8')).toMatch(/apparmor_parser/);
  });
});

describe('package.json for packaging', () => {
  it('has what the deb maintainer field needs: a homepage and an author email', () => {
    expect(pkg.homepage).toMatch(/^https?:\/\//);
    expect(pkg.author?.email).toMatch(/^[^@\s]+@[^@\s]+$/);
  });

  it('has no runtime dependencies: esbuild bundles every library into dist/, so none is copied into the archive', () => {
    const build = readFileSync(join(REPO, 'scripts/build.mjs'), 'utf8');
    expect(build).toMatch(/bundle: true/);
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  it('names the app once, and points main at the bundle the build writes', async () => {
    expect(pkg.productName).toBe((await load()).productName);
    expect(pkg.desktopName).toBe('voxelscope.desktop');
    expect(pkg.main).toBe('dist/main/electron-main.mjs');
    expect(readFileSync(join(REPO, 'scripts/build.mjs'), 'utf8')).toContain("'electron-main': 'main/electron/main.ts'");
  });

  it('requires Electron 41.5.1 or later in 41.x (earlier 41 releases lose cross-origin isolation), as installed', () => {
    const range = pkg.devDependencies.electron;
    expect(range).toMatch(/^\^41\.\d+\.\d+$/);
    expect(atLeast(version(range), [41, 5, 1])).toBe(true);
    const installed = (JSON.parse(readFileSync(createRequire(join(REPO, 'package.json')).resolve('electron/package.json'), 'utf8')) as { version: string }).version;
    expect(atLeast(version(installed), [41, 5, 1])).toBe(true);
  });
});
