/*
 * Which Voxelscope this is: the version from package.json and, when built from a git checkout, the
 * commit (abc1234, with -dirty when the work tree had changes). scripts/build.mjs bakes both in as
 * esbuild defines for every bundle (CLI, host, renderer), so the CLI's --version, the recipes the app
 * and the CLI write and the run logs all say the same. Unbundled (the unit tests) they are unknown.
 */
declare const __VOXELSCOPE_VERSION__: string;
declare const __VOXELSCOPE_COMMIT__: string | null;

export const APP_NAME = 'voxelscope';
export const APP_VERSION: string = typeof __VOXELSCOPE_VERSION__ === 'string' ? __VOXELSCOPE_VERSION__ : '0.0.0-dev';
export const APP_COMMIT: string | null = typeof __VOXELSCOPE_COMMIT__ === 'string' ? __VOXELSCOPE_COMMIT__ : null;

/** The `app` record of a recipe or run log. */
export function appInfo(): { name: string; version: string; commit?: string } {
  return { name: APP_NAME, version: APP_VERSION, ...(APP_COMMIT ? { commit: APP_COMMIT } : {}) };
}

/** "0.1.0 (commit abc1234)", or just the version when not built from a checkout. */
export function versionLine(): string {
  return APP_COMMIT ? `${APP_VERSION} (commit ${APP_COMMIT})` : APP_VERSION;
}
