// `npm test`: typecheck, lint, unit tests, build, a quick benchmark run and the end-to-end tests, then
// one plain closing line "N passed, N failed, N skipped" that CI reads. Every stage runs even when an
// earlier one failed, so one run reports everything; the exit code is non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

function run(label, cmd, args, env = {}) {
  process.stdout.write(`\n== ${label}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

/** A stage that is one check: it passes or fails as a whole. */
function check(label, cmd, args, env) {
  if (run(label, cmd, args, env)) passed++;
  else {
    failed++;
    failures.push(label);
  }
}

/** A stage whose runner writes a JSON report we count tests from. */
function suite(label, cmd, args, report, count, env) {
  rmSync(report, { force: true });
  const ok = run(label, cmd, args, env);
  if (!existsSync(report)) {
    failed++;
    failures.push(`${label} (no report)`);
    return;
  }
  const c = count(JSON.parse(readFileSync(report, 'utf8')));
  passed += c.passed;
  failed += c.failed;
  skipped += c.skipped;
  if (!ok && c.failed === 0) {
    failed++;
    failures.push(`${label} (runner failed)`);
  } else if (c.failed) failures.push(`${label} (${c.failed} failed)`);
}

const npx = 'npx';
check('typecheck', npx, ['tsc', '-b']);
check('lint', npx, ['eslint', '--max-warnings', '0', '.']);
suite('unit tests', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=test-results/unit.json'], 'test-results/unit.json', (j) => ({
  passed: j.numPassedTests, failed: j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0), skipped: j.numPendingTests + (j.numTodoTests ?? 0),
}));
check('build', process.execPath, ['scripts/build.mjs']);
// A fixed set of fuzz cases (the same every run, about 20 s); `npm run fuzz` runs fresh ones for longer.
check('reader fuzzer (fixed seed)', process.execPath, ['dist/main/fuzz.mjs', '--cases', '3000', '--seed', 'npm-test', '--keep', 'test-results/fuzz', '--quiet']);
check('benchmark harness (quick)', process.execPath, ['bin/voxelscope.mjs', 'bench', '--quick']);
suite('end-to-end tests', npx, ['playwright', 'test'], 'test-results/e2e.json', (j) => ({
  passed: j.stats.expected + (j.stats.flaky ?? 0), failed: j.stats.unexpected, skipped: j.stats.skipped,
}));

if (failures.length) process.stdout.write(`\nFailed: ${failures.join('; ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failed ? 1 : 0);
