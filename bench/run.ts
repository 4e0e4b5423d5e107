// npm run bench [-- name...]: runs every bench/*.bench.ts in turn, each in its own process so one
// benchmark's warm caches and open sockets do not colour the next. Each prints its own figures,
// always with a baseline measured in the same run and the ratio against it.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const filters = process.argv.slice(2);
const dir = import.meta.dirname;
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n### ${file}\n`);
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(dir, file)], {
    stdio: 'inherit',
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  if (res.status !== 0) failed++;
}
if (files.length === 0) process.stdout.write('no benchmarks match\n');
process.exit(failed ? 1 : 0);
