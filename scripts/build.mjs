#!/usr/bin/env node
// npm run build: type-checked JavaScript in dist/ (tsc), then dist/lambda.js bundled for AWS Lambda.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
});
if (tsc.status !== 0) {
  // tsc emits even on a type error: leave no dist/ that `npm start` would take for a current build.
  rmSync('dist', { recursive: true, force: true });
  process.exit(tsc.status ?? 1);
}
// The web app's browser script is served as a file, not compiled.
cpSync('src/web/assets', 'dist/web/assets', { recursive: true });

if (existsSync('src/hosting/lambda.ts')) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: ['src/hosting/lambda.ts'],
    outfile: 'dist/lambda.js',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    sourcemap: true,
    // Native and optional drivers are never used by the Lambda shape (it reaches the cloud over HTTPS).
    external: ['better-sqlite3', 'pg-native'],
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  // Lambda's zip holds dist/ alone: without this, Node would load the ESM bundle as CommonJS.
  writeFileSync('dist/package.json', `${JSON.stringify({ type: 'module' })}\n`);
  console.log('built dist/lambda.js');
}
