// The sign-in limits shared through the real Redis at 127.0.0.1:6379: two instances of one deployment
// (one PostgreSQL schema, one REDIS_CHANNEL of the test's own) count the same failures, keys carry
// no email or IP, windows expire, and a Redis that stops answering falls back on in-process counts.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { createApp, type App } from '../../src/app.ts';
import { buildHttpServer } from '../../src/hosting/http.ts';
import { createLogger } from '../../src/log.ts';
import { sha256 } from '../../src/oauth/hash.ts';
import { startRedisSignInLimits } from '../../src/oauth/rate-limit-redis.ts';
import type { SignInPolicy } from '../../src/oauth/rate-limit.ts';
import { capturingLogger } from '../support/log-capture.ts';
import { freshServer } from '../support/env.ts';
import { oauthFixture, PASSWORD, type OAuthFixture } from '../oauth/flow.ts';
import { linkingSignIn, webSignIn } from '../support/sign-in.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const WRONG = 'wrong password';
const LIMITER_WARNING = 'Redis did not answer for the sign-in limits';

function uniqueChannel(): string {
  return `mylights-test:${randomBytes(6).toString('hex')}`;
}

async function keysUnder(prefix: string): Promise<string[]> {
  const redis = new Redis(REDIS_URL);
  try {
    return (await redis.keys(`${prefix}:*`)).sort();
  } finally {
    redis.disconnect();
  }
}

interface Deployment {
  f: OAuthFixture;
  b: App;
  /** Instance B: same schema, channel and PUBLIC_URL as A, its own HTTP port. */
  bUrl: string;
  channel: string;
  done(): Promise<void>;
}

async function twoInstances(): Promise<Deployment> {
  const channel = uniqueChannel();
  const f = await oauthFixture('postgres', { env: { REDIS_URL, REDIS_CHANNEL: channel }, pkce: false });
  const schema = /\(schema ([a-z0-9_]+)\)/.exec(f.app.store.location)?.[1];
  assert.ok(schema, 'the fixture runs on its own PostgreSQL schema');
  const b = await createApp(f.app.config, { schema, logger: createLogger('silent') });
  const http: FastifyInstance = await buildHttpServer(b);
  await http.listen({ host: '127.0.0.1', port: 0 });
  const { port } = http.server.address() as AddressInfo;
  return {
    f,
    b,
    bUrl: `http://127.0.0.1:${port}`,
    channel,
    async done() {
      await http.close();
      await b.close();
      await f.cleanup();
    },
  };
}

/** A TCP hop in front of Redis that the test can cut (refusing connections) or make hang (silent). */
interface RedisHop {
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  hang(): void;
  close(): Promise<void>;
}

async function redisHop(): Promise<RedisHop> {
  const target = new URL(REDIS_URL);
  const sockets = new Set<Socket>();
  let silent = false;
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    track(client);
    track(upstream);
    client.on('data', (d) => void (silent || upstream.write(d)));
    upstream.on('data', (d) => void (silent || client.write(d)));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const listen = (port: number) =>
    new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  await listen(0);
  const { port } = server.address() as AddressInfo;
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
  return {
    url: `redis://127.0.0.1:${port}`,
    cut: stop,
    restore: () => listen(port),
    hang: () => (silent = true),
    close: stop,
  };
}

describe('scale-out: sign-in limits shared through Redis', () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('five failed web sign-ins split across two instances lock the account and IP on both', async () => {
    const d = await twoInstances();
    cleanups.push(d.done);
    const a = d.f.url;
    const statuses = [
      await webSignIn(a, undefined, d.f.email, WRONG),
      await webSignIn(d.bUrl, undefined, d.f.email, WRONG),
      await webSignIn(a, undefined, d.f.email, WRONG),
      await webSignIn(d.bUrl, undefined, d.f.email, WRONG),
      await webSignIn(a, undefined, d.f.email, WRONG),
    ];
    assert.deepEqual(statuses, [401, 401, 401, 401, 401]);
    // Neither instance saw five failures itself; only the shared counts can refuse the right password.
    assert.equal(await webSignIn(a, undefined, d.f.email, PASSWORD), 429);
    assert.equal(await webSignIn(d.bUrl, undefined, d.f.email, PASSWORD), 429);
    // The IP itself is not locked (5 of 20): another account still signs in on either instance.
    await d.f.app.accounts.create('other@example.com', PASSWORD);
    assert.equal(await webSignIn(d.bUrl, undefined, 'other@example.com', PASSWORD), 303);

    // What Redis holds: counts under the deployment's channel, keyed by sha256, no email and no IP.
    const keys = await keysUnder(`${d.channel}:signin`);
    assert.ok(keys.length > 0, 'the failures were counted in Redis');
    for (const key of keys) {
      assert.match(key, /^mylights-test:[0-9a-f]{12}:signin:web:(ip|pair|account):[A-Za-z0-9_-]{43}$/);
      assert.doesNotMatch(key, /example\.com|@|127\.0\.0\.1|::1/);
    }
    const accountKey = `${d.channel}:signin:web:account:${sha256(d.f.email)}`;
    assert.ok(keys.includes(accountKey), 'the account is counted under its hash');
    const redis = new Redis(REDIS_URL);
    try {
      assert.equal(await redis.get(accountKey), '5');
      const ttl = await redis.pttl(accountKey);
      assert.ok(ttl > 0 && ttl <= 15 * 60 * 1000, `the key expires with its 15-minute window (${ttl} ms)`);
    } finally {
      redis.disconnect();
    }
  });

  it('failed linking sign-ins on both instances add up, and lock the pair on both', async () => {
    const d = await twoInstances();
    cleanups.push(d.done);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(await linkingSignIn(d.f, undefined, d.f.email, WRONG, i % 2 ? d.bUrl : d.f.url));
    assert.deepEqual(statuses, [401, 401, 401, 401, 401]);
    assert.equal(await linkingSignIn(d.f, undefined, d.f.email, PASSWORD, d.f.url), 429);
    assert.equal(await linkingSignIn(d.f, undefined, d.f.email, PASSWORD, d.bUrl), 429);
    const keys = await keysUnder(`${d.channel}:signin:linking`);
    assert.equal(keys.length, 3, 'one key each for the IP, the pair and the account');
  });

  it('a window expires in Redis, and a success on one instance clears the pair for the other', async () => {
    const prefix = uniqueChannel();
    const short: SignInPolicy = {
      // Long enough that a loaded CI machine still checks within the window, short enough to wait out.
      perIp: { max: 20, windowMs: 1000 },
      perAccountIp: { max: 2, windowMs: 1000 },
      perAccount: { max: 50, windowMs: 1000 },
    };
    const logger = createLogger('silent');
    const one = await startRedisSignInLimits({ url: REDIS_URL, prefix, logger, policy: short });
    const two = await startRedisSignInLimits({ url: REDIS_URL, prefix, logger, policy: short });
    cleanups.push(one.close, two.close);
    const a = one.scope('web');
    const b = two.scope('web');
    await a.begin('10.0.0.1', 'ada@example.com');
    await b.begin('10.0.0.1', 'Ada@Example.com ');
    assert.equal(await a.check('10.0.0.1', 'ada@example.com'), 1, 'refused for the rest of the window');
    assert.equal(await b.check('10.0.0.1', 'ada@example.com'), 1);
    assert.equal(await b.check('10.0.0.2', 'ada@example.com'), 0, 'another IP is not refused');
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal(await a.check('10.0.0.1', 'ada@example.com'), 0, 'the window has ended on A');
    assert.equal(await b.check('10.0.0.1', 'ada@example.com'), 0, 'and on B');
    assert.deepEqual(await keysUnder(prefix), [], 'expired counts leave nothing in Redis');

    await a.begin('10.0.0.1', 'ada@example.com');
    await a.succeeded('10.0.0.1', 'ada@example.com');
    await b.begin('10.0.0.1', 'ada@example.com');
    assert.equal(await b.check('10.0.0.1', 'ada@example.com'), 0, 'the success on A reset the pair');
    assert.equal(one.fallbacks() + two.fallbacks(), 0, 'Redis answered every call');
  });

  it('a burst of parallel attempts on two instances: exactly five pass, refused ones are taken back', async () => {
    const prefix = uniqueChannel();
    const logger = createLogger('silent');
    const one = await startRedisSignInLimits({ url: REDIS_URL, prefix, logger });
    const two = await startRedisSignInLimits({ url: REDIS_URL, prefix, logger });
    cleanups.push(one.close, two.close);
    const a = one.scope('linking');
    const b = two.scope('linking');
    const waits = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).begin('10.0.0.7', 'burst@example.com')),
    );
    assert.equal(waits.filter((w) => w === 0).length, 5, 'five attempts on the pair, across both');
    const redis = new Redis(REDIS_URL);
    try {
      const counts = await Promise.all(
        (await keysUnder(`${prefix}:signin:linking`)).map(async (k) => Number(await redis.get(k))),
      );
      assert.deepEqual(counts, [5, 5, 5], 'IP, pair and account each hold the five, not the thirty');
      // A sign-up from the same address is refused as well, and takes nothing.
      assert.ok((await a.beginCostly('10.0.0.7', 'burst@example.com')) > 0);
      // A success takes its attempt back from the IP and the account, and clears the pair.
      const other = await b.begin('10.0.0.7', 'someone-else@example.com');
      assert.equal(other, 0);
      await b.succeeded('10.0.0.7', 'someone-else@example.com');
      const after = await Promise.all(
        (await keysUnder(`${prefix}:signin:linking`)).map(async (k) => Number(await redis.get(k))),
      );
      // The other account's count is back at 0 and its pair is gone; the shared IP is back at 5.
      assert.deepEqual(after.sort(), [0, 5, 5, 5]);
    } finally {
      redis.disconnect();
    }
    assert.equal(one.fallbacks() + two.fallbacks(), 0, 'Redis answered every call');
  });

  it('while Redis is down, sign-ins go on and are limited by in-process counts; the warning names no one', async () => {
    const hop = await redisHop();
    cleanups.push(hop.close);
    const logs = capturingLogger('info');
    const s = await freshServer('sqlite', {
      env: { REDIS_URL: hop.url, REDIS_CHANNEL: uniqueChannel() },
      logger: logs.logger,
    });
    cleanups.push(s.cleanup);
    const email = 'down@example.com';
    await s.app.accounts.create(email, PASSWORD);
    assert.equal(await webSignIn(s.url, undefined, email, WRONG), 401);
    assert.equal(await webSignIn(s.url, undefined, email, WRONG), 401);

    await hop.cut();
    const statuses = [
      await webSignIn(s.url, undefined, email, WRONG),
      await webSignIn(s.url, undefined, email, WRONG),
      await webSignIn(s.url, undefined, email, WRONG),
    ];
    assert.deepEqual(statuses, [401, 401, 401], 'sign-ins are answered without Redis');
    assert.equal(await webSignIn(s.url, undefined, email, PASSWORD), 429, 'five failures lock the pair');
    const warnings = logs.lines.filter((l) => l.includes(LIMITER_WARNING));
    assert.equal(warnings.length, 1, 'the outage is logged once, not per sign-in');
    const limiterLines = logs.lines.filter((l) => l.includes('"part":"sign-in-limits"'));
    for (const line of limiterLines) {
      assert.doesNotMatch(line, /down@example\.com|"ip"|"account"/);
      assert.doesNotMatch(line, new RegExp(sha256(email)));
    }

    await hop.restore();
    const deadline = Date.now() + 10_000;
    while (!logs.text().includes('Redis answers again')) {
      assert.ok(Date.now() < deadline, 'the limiter uses Redis again once it is back');
      await new Promise((r) => setTimeout(r, 100));
      // Each attempt asks Redis; the pair stays refused by the failures counted during the outage.
      assert.equal(await webSignIn(s.url, undefined, email, PASSWORD), 429);
    }
  });

  it('a Redis that accepts but never answers holds a sign-in check no longer than the command timeout', async () => {
    const hop = await redisHop();
    cleanups.push(hop.close);
    const logs = capturingLogger('info');
    const limits = await startRedisSignInLimits({
      url: hop.url,
      prefix: uniqueChannel(),
      logger: logs.logger,
      commandTimeoutMs: 200,
    });
    cleanups.push(limits.close);
    const web = limits.scope('web');
    hop.hang();
    const started = Date.now();
    for (let i = 0; i < 5; i++) await web.begin('10.0.0.9', 'hang@example.com');
    assert.ok((await web.check('10.0.0.9', 'hang@example.com')) > 0, 'in-process counts still refuse');
    const took = Date.now() - started;
    assert.ok(took < 6 * 200 + 1000, `six calls waited ${took} ms`);
    assert.equal(limits.fallbacks(), 6);
    assert.equal(logs.lines.filter((l) => l.includes(LIMITER_WARNING)).length, 1);
    assert.doesNotMatch(logs.text(), /hang@example\.com|10\.0\.0\.9/);
  });
});
