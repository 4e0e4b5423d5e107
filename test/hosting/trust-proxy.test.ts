// Behind a reverse proxy: the sign-in limits (web app and linking pages) count per client only when
// TRUST_PROXY names the peer that sent X-Forwarded-For; otherwise the header changes nothing.
// Real HTTP on 127.0.0.1; the test plays both the clients and the proxy by setting the header.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capturingLogger } from '../support/log-capture.ts';
import { oauthFixture, PASSWORD, type OAuthFixture } from '../oauth/flow.ts';
import { linkingSignIn, webSignIn } from '../support/sign-in.ts';

const BIN = join(import.meta.dirname, '../../bin/mylights.js');

interface Proxied {
  f: OAuthFixture;
  logs: ReturnType<typeof capturingLogger>;
  /** The client IPs oidc-provider's Koa context saw (ctx.ip), in order. */
  koaIps: string[];
}

async function proxiedServer(trustProxy: string | undefined): Promise<Proxied> {
  const logs = capturingLogger('info');
  const f = await oauthFixture('sqlite', {
    env: trustProxy === undefined ? {} : { TRUST_PROXY: trustProxy },
    logger: logs.logger,
    pkce: false,
  });
  const koaIps: string[] = [];
  const { provider } = await f.app.oauth.server();
  provider.use(async (ctx, next) => {
    koaIps.push(ctx.ip);
    await next();
  });
  return { f, logs, koaIps };
}

function rateLimitedIps(p: Proxied, msg = 'web sign-in rate limited'): string[] {
  return p.logs.lines
    .map((l) => JSON.parse(l) as { msg?: string; ip?: string })
    .filter((l) => l.msg === msg)
    .map((l) => l.ip ?? '');
}

// 5 failures on one account from one IP are allowed; the 6th attempt is refused (src/oauth/rate-limit.ts).
const LIMITED = [401, 401, 401, 401, 401, 429];

/** The statuses of six wrong-password attempts; `attempt(i)` makes the i-th. */
async function sixGuesses(attempt: (i: number) => Promise<number>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < LIMITED.length; i++) statuses.push(await attempt(i));
  return statuses;
}

for (const trustProxy of [undefined, '192.0.2.0/24']) {
  describe(`TRUST_PROXY ${trustProxy ?? 'unset'}: the direct peer 127.0.0.1 is not a trusted proxy`, () => {
    let p: Proxied;
    before(async () => {
      p = await proxiedServer(trustProxy);
    });
    after(() => p.f.cleanup());

    it('a client that changes X-Forwarded-For on every guess still hits the web sign-in limit', async () => {
      const email = 'spoof-web@example.com';
      await p.f.app.accounts.create(email, PASSWORD);
      assert.deepEqual(
        await sixGuesses((i) => webSignIn(p.f.url, `198.51.100.${i + 1}`, email, 'wrong password')),
        LIMITED,
      );
      assert.equal(await webSignIn(p.f.url, '198.51.100.99', email, PASSWORD), 429);
      const ips = rateLimitedIps(p);
      assert.ok(ips.length > 0);
      for (const ip of ips) assert.match(ip, /^(::ffff:)?127\.0\.0\.1$/, 'the log names the real peer');
    });

    it('a client that changes X-Forwarded-For still hits the linking sign-in limit, and Koa never sees the header', async () => {
      const email = 'spoof-link@example.com';
      await p.f.app.accounts.create(email, PASSWORD);
      assert.deepEqual(
        await sixGuesses((i) => linkingSignIn(p.f, `198.51.100.${i + 1}`, email, 'wrong password')),
        LIMITED,
      );
      assert.ok(p.koaIps.length > 0, 'the provider saw the requests');
      for (const ip of p.koaIps) assert.match(ip, /^(::ffff:)?127\.0\.0\.1$/, "oidc-provider's ctx.ip");
    });
  });
}

describe('TRUST_PROXY=127.0.0.1: clients behind the proxy are told apart', () => {
  let p: Proxied;
  before(async () => {
    p = await proxiedServer('127.0.0.1');
  });
  after(() => p.f.cleanup());

  it('two clients with different X-Forwarded-For have separate web sign-in limits', async () => {
    const email = 'shared-web@example.com';
    await p.f.app.accounts.create(email, PASSWORD);
    assert.deepEqual(
      await sixGuesses(() => webSignIn(p.f.url, '203.0.113.7', email, 'wrong password')),
      LIMITED,
    );
    assert.deepEqual(rateLimitedIps(p), ['203.0.113.7'], 'the log names the client, not the proxy');
    // Another client behind the same proxy is not locked out by the first one's failures.
    assert.equal(await webSignIn(p.f.url, '203.0.113.8', email, 'wrong password'), 401);
    assert.equal(await webSignIn(p.f.url, '203.0.113.8', email, PASSWORD), 303);
    // A client that prepends the first one's address itself is still known by the address the proxy
    // appended (the rightmost untrusted one), so it can neither borrow nor escape another's limit.
    assert.equal(await webSignIn(p.f.url, '203.0.113.7, 203.0.113.9', email, PASSWORD), 303);
    assert.equal(await webSignIn(p.f.url, '203.0.113.9, 203.0.113.7', email, PASSWORD), 429);
  });

  it('two clients with different X-Forwarded-For have separate linking sign-in limits; Koa sees the client', async () => {
    const email = 'shared-link@example.com';
    await p.f.app.accounts.create(email, PASSWORD);
    assert.deepEqual(
      await sixGuesses(() => linkingSignIn(p.f, '203.0.113.17', email, 'wrong password')),
      LIMITED,
    );
    assert.equal(await linkingSignIn(p.f, '203.0.113.18', email, 'wrong password'), 401);
    assert.equal(await linkingSignIn(p.f, '203.0.113.18', email, PASSWORD), 303);
    assert.deepEqual(rateLimitedIps(p, 'linking sign-in rate limited'), ['203.0.113.17']);
    assert.ok(p.koaIps.includes('203.0.113.17'), "oidc-provider's ctx.ip is the client's");
    assert.ok(p.koaIps.includes('203.0.113.18'), "oidc-provider's ctx.ip is the client's");
  });
});

describe('TRUST_PROXY with a bad entry', () => {
  it('stops `mylights serve` at start, naming each bad entry', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mylights-trust-'));
    try {
      const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [BIN, 'serve'],
          {
            env: {
              ...process.env,
              PORT: '0',
              MQTT_PORT: '0',
              DATA_DIR: dataDir,
              LOG_LEVEL: 'silent',
              TRUST_PROXY: '127.0.0.1, 10.0.0.0/33, 2, proxy.internal',
            },
          },
          (err, _stdout, stderr) =>
            resolve({ code: err && typeof err.code === 'number' ? err.code : 0, stderr }),
        );
      });
      assert.equal(code, 2, stderr);
      assert.match(stderr, /invalid configuration/);
      assert.match(stderr, /TRUST_PROXY entry "10\.0\.0\.0\/33" has a prefix length outside 1\.\.32/);
      assert.match(stderr, /TRUST_PROXY entry "2" looks like a hop count/);
      assert.match(stderr, /TRUST_PROXY entry "proxy\.internal" is not an IP address or CIDR range/);
      assert.doesNotMatch(stderr, /"127\.0\.0\.1"/, 'a good entry is not reported');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
