// Two instances on one PostgreSQL schema, bridged through the real Redis at 127.0.0.1:6379 on a
// channel of their own: revocations, account and device changes handled by one reach the other.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import type { BusEvents } from '../../src/cloud/bus.ts';
import type { Verdict } from '../../src/auth/verdict.ts';
import type { AlexaEvent } from '../../src/alexa/index.ts';
import { inProcessSkill } from '../../src/skill/in-process.ts';
import { capturingLogger } from '../support/log-capture.ts';
import { assertAlexaMessage } from '../support/alexa-schema.ts';
import { freePort } from '../support/env.ts';
import { oauthFixture, link, exchange, type OAuthFixture } from '../oauth/flow.ts';
import { envelope } from '../skill/support.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Polls until the condition holds; fails with `what` if it never does. */
async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function heard<K extends keyof BusEvents>(app: App, event: K): BusEvents[K][] {
  const seen: BusEvents[K][] = [];
  app.bus.on(event, (e) => seen.push(e));
  return seen;
}

function bridge(app: App) {
  assert.ok(app.busBridge, 'REDIS_URL is set, so the app bridges its bus');
  return app.busBridge;
}

interface Pair {
  f: OAuthFixture;
  a: App;
  b: App;
  channel: string;
  bLog: ReturnType<typeof capturingLogger>;
  aLog: ReturnType<typeof capturingLogger>;
  done(): Promise<void>;
}

/** App A serves OAuth over HTTP; app B is a second instance on the same schema and channel. */
async function pair(): Promise<Pair> {
  const channel = `mylights-test:${randomBytes(6).toString('hex')}`;
  const aLog = capturingLogger('info');
  const f = await oauthFixture('postgres', {
    env: { REDIS_URL, REDIS_CHANNEL: channel },
    logger: aLog.logger,
  });
  const schema = /\(schema ([a-z0-9_]+)\)/.exec(f.app.store.location)?.[1];
  assert.ok(schema, 'the fixture runs on its own PostgreSQL schema');
  const bLog = capturingLogger('info');
  // B caches verdicts for a minute: only the Redis event can make it drop one in time.
  const b = await createApp({ ...f.app.config, verdictCacheMs: 60_000 }, { schema, logger: bLog.logger });
  return {
    f,
    a: f.app,
    b,
    channel,
    aLog,
    bLog,
    async done() {
      await b.close();
      await f.cleanup();
    },
  };
}

function errorType(answer: AlexaEvent): unknown {
  assertAlexaMessage(answer);
  assert.equal(answer.event.header.name, 'ErrorResponse');
  return answer.event.payload.type;
}

describe('scale-out: bus events across instances through Redis', () => {
  const pairs: Pair[] = [];
  after(async () => {
    for (const p of pairs) await p.done();
  });

  it('a grant revoked on A makes B answer INVALID_AUTHORIZATION_CREDENTIAL at once for a token it had cached as valid', async () => {
    const p = await pair();
    pairs.push(p);
    const config = await p.f.config();
    const tokens = await exchange(config, await link(p.f, config));
    const device = await p.a.devices.add(p.f.userId, 'light', 'Hall');

    const real = p.b.verifier;
    let calls = 0;
    p.b.verifier = {
      verify: (token: string): Verdict | Promise<Verdict> => {
        calls++;
        return real.verify(token);
      },
    };
    const skill = inProcessSkill(p.b);
    try {
      const turnOn = () =>
        skill.handle(
          envelope('Alexa.PowerController', 'TurnOn', { endpointId: device.id, token: tokens.access_token }),
        );
      const first = await turnOn();
      assertAlexaMessage(first);
      assert.equal(first.event.header.name, 'Response');
      assert.equal((await turnOn()).event.header.name, 'Response');
      assert.equal(calls, 1, 'B answered the second directive from its verdict cache');

      const revokedOnB = heard(p.b, 'grant-revoked');
      const revokedOnA = heard(p.a, 'grant-revoked');
      const [grant] = await p.a.oauth.grants.listForUser(p.f.userId);
      assert.ok(grant);
      assert.equal(await p.a.oauth.grants.revoke(p.f.userId, grant.grantId), true);
      await until(() => revokedOnB.length > 0, "A's revocation on B's bus");
      assert.deepEqual(revokedOnB, [{ grantId: grant.grantId, userId: p.f.userId }]);

      assert.equal(errorType(await turnOn()), 'INVALID_AUTHORIZATION_CREDENTIAL');
      assert.equal(calls, 2, 'the cached verdict was dropped, so B asked the verifier again');

      // A's own message comes back from the channel and is ignored: A heard the revocation once.
      await until(() => bridge(p.a).stats().ownIgnored > 0, 'A to see its own message come back');
      assert.equal(revokedOnA.length, 1);
    } finally {
      skill.close();
    }
  });

  it('a device change and an account deletion on A are emitted on B, and not echoed back to A', async () => {
    const p = await pair();
    pairs.push(p);
    const onB = heard(p.b, 'device-changed');
    const onA = heard(p.a, 'device-changed');
    const accountsOnB = heard(p.b, 'account-changed');
    const device = await p.a.devices.add(p.f.userId, 'light', 'Desk');
    await p.a.devices.rename(p.f.userId, device.id, 'Desk lamp');
    await until(() => onB.length >= 2, 'two device changes on B');
    assert.deepEqual(onB, [
      { userId: p.f.userId, deviceId: device.id, change: 'added' },
      { userId: p.f.userId, deviceId: device.id, change: 'renamed' },
    ]);
    await until(() => bridge(p.a).stats().ownIgnored >= 2, 'A to see its own messages come back');
    assert.equal(onA.length, 2, 'A heard each of its events once');
    // B re-emitted them locally but never published them again.
    assert.equal(bridge(p.b).stats().published, 0);
    assert.equal(bridge(p.b).stats().received, 2);

    await p.a.accounts.delete(p.f.userId);
    await until(() => accountsOnB.length > 0, 'the account deletion on B');
    assert.deepEqual(accountsOnB, [{ userId: p.f.userId, change: 'deleted' }]);
  });

  it('a malformed message on the channel is logged and dropped; the bridge keeps working', async () => {
    const p = await pair();
    pairs.push(p);
    const raw = new Redis(REDIS_URL);
    try {
      const garbage = [
        'not json',
        '[1,2,3]',
        JSON.stringify({ v: 1, from: 'x', event: 'grant-revoked', payload: {} }),
        JSON.stringify({ v: 1, from: 'x', event: 'shutdown', payload: {} }),
        JSON.stringify({
          v: 1,
          from: 'x',
          event: 'device-changed',
          payload: { userId: 'u', deviceId: 'd', change: 'exploded' },
        }),
        JSON.stringify({ v: 2, from: 'x', event: 'grant-revoked', payload: { grantId: 'g', userId: null } }),
        'x'.repeat(10_000),
      ];
      for (const g of garbage) await raw.publish(p.channel, g);
      await until(
        () => bridge(p.b).stats().rejected === garbage.length,
        'B to reject every malformed message',
      );
      assert.equal(bridge(p.b).stats().received, 0);
      const lines = p.bLog.lines.filter((l) => l.includes('dropped a malformed message from Redis'));
      assert.equal(lines.length, garbage.length);
      assert.ok(!p.bLog.text().includes('not json'), 'the untrusted content is not logged');

      const onB = heard(p.b, 'device-changed');
      await p.a.devices.add(p.f.userId, 'light', 'After the garbage');
      await until(() => onB.length > 0, 'a real event after the garbage');
    } finally {
      raw.disconnect();
    }
  });

  it('losing Redis while running is logged, never blocks the app, and events flow again once it is back', async () => {
    const p = await pair();
    pairs.push(p);
    const raw = new Redis(REDIS_URL);
    try {
      // Cut A's connections from the server side, as a Redis restart would.
      const list = String(await raw.call('CLIENT', 'LIST'));
      const ids = list
        .split('\n')
        .filter((l) => l.includes(`name=mylights-${bridge(p.a).instanceId}`))
        .map((l) => /(?:^| )id=(\d+)/.exec(l)?.[1])
        .filter((id): id is string => Boolean(id));
      assert.equal(ids.length, 2, 'A holds a publisher and a subscriber connection');
      for (const id of ids) await raw.call('CLIENT', 'KILL', 'ID', id);
      await until(() => p.aLog.text().includes('lost Redis'), 'A to log the loss');

      // A keeps working meanwhile: a device change is handled (its event may be dropped).
      const device = await p.a.devices.add(p.f.userId, 'light', 'During the outage');
      assert.ok(device.id);

      await until(
        () => p.aLog.lines.filter((l) => l.includes('Redis is back')).length === 2,
        "both of A's connections to come back",
        10_000,
      );
      const onB = heard(p.b, 'device-changed');
      await p.a.devices.rename(p.f.userId, device.id, 'After the outage');
      await until(() => onB.length > 0, 'events from A on B after the reconnection');
    } finally {
      raw.disconnect();
    }
  });

  it('an unreachable REDIS_URL stops the app at start with a message naming REDIS_URL', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'mylights-redis-down-'));
    after(() => rmSync(dataDir, { recursive: true, force: true }));
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      REDIS_URL: `redis://:secret-pw@127.0.0.1:${port}`,
    });
    await assert.rejects(createApp(config, { logger: createLogger('silent') }), (err: Error) => {
      assert.match(err.message, /^REDIS_URL: cannot use Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+/);
      assert.ok(!err.message.includes('secret-pw'), 'the password is not in the message');
      return true;
    });
  });
});
