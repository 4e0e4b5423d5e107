#!/usr/bin/env node
// npm start: `mylights serve --demo` from the built JavaScript in dist/, building it first when it is
// missing or older than the sources. The built server idles at about 140 MB; run through tsx (as
// bin/mylights.js does, so that a fresh clone needs no build for the CLI) it idles 35 to 45 MB
// higher, with tsx's loader thread and the transformed sources. Extra arguments go to `serve`:
//   npm start -- --port 3001
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Paths from the project root, wherever this is started from; the server's own relative paths
// (DATA_DIR's ./data) stay relative to the working directory, as with `mylights serve`.
const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const ENTRY = join(ROOT, 'dist', 'cli', 'main.js');

/** The newest modification time under `path` (a file or a directory tree). */
function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json', 'scripts/build.mjs'].map(
  (p) => join(ROOT, p),
);
const builtAt = existsSync(ENTRY) ? statSync(ENTRY).mtimeMs : 0;
if (inputs.some((p) => existsSync(p) && newest(p) > builtAt)) {
  process.stderr.write(
    builtAt
      ? 'the sources changed since the last build: building dist/ first\n'
      : 'building dist/ first (once)\n',
  );
  // tsc reports type errors on stdout: shown only when the build fails, on stderr.
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (build.status !== 0) {
    process.stderr.write(build.stdout ?? '');
    process.stderr.write('npm start: the build failed (see above); `npm run build` shows the same errors\n');
    process.exit(build.status ?? 1);
  }
}
// The server runs in this process: a child would add a second Node's memory for nothing.
process.argv = [process.argv[0], ENTRY, 'serve', '--demo', ...process.argv.slice(2)];
await import(pathToFileURL(ENTRY).href);
