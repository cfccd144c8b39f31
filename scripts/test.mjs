#!/usr/bin/env node
// `npm test`: installs the Debian packages the tests need (as root), builds the app, type-checks, lints,
// then runs every test (unit, integration, fuzz, e2e) and prints one closing line 'N passed, N failed'.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDebianPackages } from './debian-packages.mjs';

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: 'inherit', ...opts }).status ?? 1;
const step = (title) => process.stdout.write(`\n== ${title}\n`);

try {
  ensureDebianPackages();
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

step('build (electron-vite)');
if (run('npx', ['electron-vite', 'build', '--logLevel', 'warn']) !== 0) process.exit(1);

step('type-check (tsc)');
if (run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) !== 0) process.exit(1);

step('lint (eslint, import boundaries)');
if (run('npx', ['eslint', '.']) !== 0) process.exit(1);

step('tests (vitest)');
const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'printfarm-test-')), 'report.json');
const status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]);
try {
  const result = JSON.parse(fs.readFileSync(report, 'utf8'));
  const skipped = result.numPendingTests + result.numTodoTests;
  process.stdout.write(`\ntests: ${result.numPassedTests} passed, ${result.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
} catch {
  process.stdout.write('\n(no test report was written)\n');
}
process.exit(status);
