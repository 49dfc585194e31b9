/** The app's version and commit, baked in by scripts/build.mjs; app/recipe/app-info.ts is their one source. */
export { APP_COMMIT as COMMIT, APP_NAME, APP_VERSION as VERSION, appInfo, versionLine } from '../../app/recipe/app-info.js';
