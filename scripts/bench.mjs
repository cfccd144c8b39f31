#!/usr/bin/env node
// `npm run bench -- <name…>`: runs tests/bench/<name>.bench.ts (all of them without a name). Each prints one JSON object.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const all = fs.readdirSync('tests/bench').filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, ''));
const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = names.filter((n) => !all.includes(n));
if (unknown.length) {
  process.stderr.write(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${all.join(', ')}\n`);
  process.exit(2);
}
let failed = 0;
for (const name of names.length ? names : all) {
  process.stderr.write(`== bench ${name}\n`);
  const status = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', `tests/bench/${name}.bench.ts`], { stdio: 'inherit' }).status;
  if (status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
