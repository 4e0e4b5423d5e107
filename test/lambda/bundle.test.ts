// The Lambda bundle reaches the cloud over HTTPS only: no database driver, broker, server framework
// or authorization server may enter it, and it stays small.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';

const FORBIDDEN = [
  'better-sqlite3',
  'pg',
  'kysely',
  'aedes',
  'mqtt',
  'fastify',
  'oidc-provider',
  '@node-rs/argon2',
];

describe('Lambda bundle', () => {
  it('contains none of the server-side dependencies and stays under 1 MB', async () => {
    const result = await build({
      entryPoints: ['src/hosting/lambda.ts'],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      write: false,
      metafile: true,
      outfile: 'lambda.js',
      external: ['better-sqlite3', 'pg-native'],
      logLevel: 'silent',
    });
    const packages = new Set(
      Object.keys(result.metafile.inputs)
        .map((p) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p)?.[1])
        .filter((p): p is string => Boolean(p)),
    );
    for (const name of FORBIDDEN) assert.ok(!packages.has(name), `${name} is in the Lambda bundle`);
    const inputs = Object.keys(result.metafile.inputs);
    for (const dir of ['src/store/', 'src/gateway/', 'src/oauth/']) {
      assert.deepEqual(
        inputs.filter((p) => p.startsWith(dir)),
        [],
        `${dir} is in the Lambda bundle`,
      );
    }
    const size = result.outputFiles.find((f) => f.path.endsWith('lambda.js'))!.contents.length;
    assert.ok(size < 1024 * 1024, `bundle is ${size} bytes`);
  });
});
