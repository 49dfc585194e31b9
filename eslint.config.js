// Lint rules that keep DESIGN.md's layering a build error, not a convention:
// app/ is platform-neutral (no DOM, no Node, no electron), renderer/ never reaches for electron or Node,
// renderer/state/ never imports a view library, and only main/ may import electron.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/promises', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'net', 'zlib', 'stream', 'url', 'util', 'buffer'];
// `import { z } from 'zod'` takes zod's namespace object as a value, so esbuild keeps all of it, including
// every locale (366 KB we never use; job-worker.mjs was 869 KB, 270 KB without). `import * as z` with only
// property accesses shakes them.
const forbid = (groups, message) => ['error', { patterns: [{ group: groups, message }] }];

export default tseslint.config(
  { ignores: ['.dbg/**', 'dist/**', 'node_modules/**', '.tsbuild/**', 'test-results/**', 'playwright-report/**', 'release/**', '**/*.py'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
      'no-restricted-syntax': ['error', {
        selector: "ImportDeclaration[source.value='zod'] > :matches(ImportSpecifier[imported.name='z'], ImportDefaultSpecifier)",
        message: "import * as z from 'zod': esbuild tree-shakes that form only.",
      }],
    },
  },
  {
    files: ['app/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(['electron', 'three', 'three/*', '@kitware/*', 'tweakpane', '../../main/*', '../main/*', '**/renderer/*', ...nodeBuiltins], 'app/ is the platform-neutral core: no DOM, Node, electron or view libraries.'),
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'require', 'Buffer', '__dirname'],
    },
  },
  {
    files: ['renderer/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(['electron', ...nodeBuiltins, '**/main/*'], 'renderer/ talks to the host only through the contract client.'),
    },
  },
  {
    files: ['renderer/state/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(['electron', ...nodeBuiltins, 'three', 'three/*', '@kitware/*', 'tweakpane', '**/views/*', '**/panels/*'], 'state/ holds data only: views and panels subscribe to it.'),
    },
  },
  {
    files: ['main/services/**/*.ts', 'main/serve/**/*.ts', 'main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(['electron', '**/renderer/*'], 'Only main/electron and main/preload may import electron; the host never imports the renderer.'),
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
