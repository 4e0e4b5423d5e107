// What a `mylights` process loads: --help and the help of every command load neither the store nor
// any server, and `alexa send` compiles Amazon's schema once, then reuses the compiled validator
// from the cache folder (rebuilding it when the entry is damaged), judging answers the same way.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ALEXA_SCHEMA_PATH } from '../support/alexa-schema.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'mylights.js');

// Packages a --help must not load: store drivers, servers, broker, Redis, logger, schema compiler.
const HEAVY = [
  'better-sqlite3',
  'pg',
  'kysely',
  'fastify',
  'oidc-provider',
  'ioredis',
  'mqtt',
  'aedes',
  'pino',
];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** npm packages whose code the process loaded through require (CommonJS, as all of HEAVY are). */
  packages: Set<string>;
}

describe('mylights start-up', () => {
  let dir: string;
  let probe: string;
  let lambda: string;
  let stateFile: string;

  function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
    const out = join(dir, `loaded-${Math.random().toString(36).slice(2)}.json`);
    return new Promise((done) => {
      execFile(
        process.execPath,
        ['--import', probe, BIN, ...args],
        { cwd: dir, env: { ...process.env, LOG_LEVEL: 'silent', PROBE_OUT: out, ...env } },
        (err, stdout, stderr) => {
          const loaded = JSON.parse(readFileSync(out, 'utf8')) as string[];
          const packages = new Set(
            // A package.json read for a version number is not the package's code.
            loaded.flatMap((p) => {
              if (p.endsWith('/package.json')) return [];
              const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(p);
              return m ? [m[1]!] : [];
            }),
          );
          const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
          done({ code, stdout, stderr, packages });
        },
      );
    });
  }

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mylights-startup-'));
    probe = join(dir, 'probe.mjs');
    writeFileSync(
      probe,
      `import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
const require = createRequire(import.meta.url);
process.on('exit', () => writeFileSync(process.env.PROBE_OUT, JSON.stringify(Object.keys(require.cache))));
`,
    );
    // A Lambda stub: a valid ErrorResponse for turn-on, one with an unknown error type for turn-off.
    lambda = join(dir, 'lambda.mjs');
    writeFileSync(
      lambda,
      `export async function handler(event) {
  const h = event.directive.header;
  const type = h.name === 'TurnOn' ? 'ENDPOINT_UNREACHABLE' : 'NOT_AN_ERROR_TYPE';
  return { event: { header: { namespace: 'Alexa', name: 'ErrorResponse', messageId: 'm-1', correlationToken: h.correlationToken, payloadVersion: '3' },
    endpoint: { endpointId: event.directive.endpoint.endpointId }, payload: { type, message: 'stub' } } };
}
`,
    );
    stateFile = join(dir, 'state.json');
    writeFileSync(
      stateFile,
      JSON.stringify({
        server: 'http://127.0.0.1:9',
        clientId: 'c',
        clientSecret: 's',
        clientAuth: 'basic',
        redirectUri: 'http://127.0.0.1:3987/callback',
        scope: 'devices',
        accessToken: 'token',
        tokenType: 'Bearer',
        expiresAt: Date.now() + 86_400_000,
        linkedAt: Date.now(),
      }),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--help of the program and of its commands loads no store, server or broker', async () => {
    for (const args of [
      ['--help'],
      ['serve', '--help'],
      ['users', 'add', '--help'],
      ['devices', 'simulate', '--help'],
      ['clients', 'add', '--help'],
      ['alexa', 'send', '--help'],
    ]) {
      const r = await run(args);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^Usage: mylights/);
      assert.deepEqual(
        HEAVY.filter((p) => r.packages.has(p)),
        [],
        `mylights ${args.join(' ')}`,
      );
    }
  });

  it('a bad setting is still reported in one line before anything heavy loads', async () => {
    const r = await run(['users', 'list'], { PORT: 'not-a-port' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^mylights: invalid configuration:[\s\S]*PORT/);
    assert.equal(r.packages.has('better-sqlite3'), false);
  });

  it('alexa send compiles the schema once, then judges answers from the cached validator', async () => {
    const cache = join(dir, 'xdg-cache');
    const env = { XDG_CACHE_HOME: cache };
    const send = (action: string) =>
      run(
        [
          'alexa',
          'send',
          action,
          'light-1',
          '--lambda',
          lambda,
          '--state-file',
          stateFile,
          '--schema',
          ALEXA_SCHEMA_PATH,
          '--json',
        ],
        env,
      );
    const verdict = (r: Run) => {
      const x = JSON.parse(r.stdout) as { schema: { ok: boolean; schema: string; errors: string[] } };
      return [r.code, x.schema.ok, x.schema.schema];
    };

    const cold = await send('turn-off');
    assert.deepEqual(verdict(cold), [1, false, 'amazon'], cold.stderr);
    assert.ok(cold.packages.has('ajv-draft-04'), 'the first call compiles the schema');
    const entries = readdirSync(join(cache, 'mylights', 'compiled-schemas'));
    assert.equal(entries.length, 1);

    const warmBad = await send('turn-off');
    assert.deepEqual(verdict(warmBad), [1, false, 'amazon']);
    assert.deepEqual(JSON.parse(warmBad.stdout).schema, JSON.parse(cold.stdout).schema);
    assert.equal(warmBad.packages.has('ajv-draft-04'), false, 'a warm call compiles nothing');
    const warmGood = await send('turn-on');
    assert.deepEqual(verdict(warmGood), [0, true, 'amazon'], warmGood.stderr);
    assert.equal(warmGood.packages.has('ajv-draft-04'), false);

    // A damaged entry is compiled again, and the verdict does not change.
    const entry = join(cache, 'mylights', 'compiled-schemas', entries[0]!);
    const bytes = readFileSync(entry);
    writeFileSync(entry, bytes.subarray(0, bytes.length - 1000));
    const rebuilt = await send('turn-off');
    assert.deepEqual(verdict(rebuilt), [1, false, 'amazon']);
    assert.ok(rebuilt.packages.has('ajv-draft-04'), 'the damaged entry was not used');
    assert.equal(readFileSync(entry).length, bytes.length);
  });
});
