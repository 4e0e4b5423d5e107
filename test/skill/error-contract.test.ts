// Each row of the error contract (docs/skill.md) that the in-process shape can reach, proven with
// scripted ports for the verdict rows and a real App (SQLite) for revocation through the bus.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Verdict } from '../../src/auth/verdict.ts';
import type { AlexaEvent } from '../../src/alexa/index.ts';
import { InvalidAuthorizationCredentialError } from '../../src/alexa/index.ts';
import { createSkill } from '../../src/skill/pipeline.ts';
import { registry } from '../../src/skill/interfaces/index.ts';
import { Registry } from '../../src/skill/registry.ts';
import { INTERFACES } from '../../src/skill/interfaces/index.ts';
import type { InterfaceModule } from '../../src/skill/interface-module.ts';
import { inProcessSkill } from '../../src/skill/in-process.ts';
import { RemoteCloudError } from '../../src/cloud/remote-cloud.ts';
import { tokenHash } from '../../src/log.ts';
import { capturingLogger } from '../support/log-capture.ts';
import { assertAlexaMessage } from '../support/alexa-schema.ts';
import { freshApp } from '../support/env.ts';
import { GOOD_TOKEN, MemoryCloud, ScriptedVerifier, envelope, validVerdict, type Script } from './support.ts';

function errorType(answer: AlexaEvent): unknown {
  assertAlexaMessage(answer);
  assert.equal(answer.event.header.name, 'ErrorResponse');
  return answer.event.payload.type;
}

async function play(script: Script, opts: { registry?: Registry; verifyTimeoutMs?: number } = {}) {
  const token = 'the-token';
  const cap = capturingLogger('info');
  const skill = createSkill({
    registry: opts.registry ?? registry,
    verifier: new ScriptedVerifier().set(token, script),
    cloud: new MemoryCloud([{ id: 'lamp' }]),
    logger: cap.logger,
    verifyTimeoutMs: opts.verifyTimeoutMs ?? 1000,
  });
  const answer = await skill.handle(envelope('Alexa.PowerController', 'TurnOn', { token }));
  return {
    answer,
    logs: cap.lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    text: cap.text(),
    token,
  };
}

describe('error contract: verdicts', () => {
  it('a valid token is handled', async () => {
    const { answer } = await play(validVerdict());
    assertAlexaMessage(answer);
    assert.equal(answer.event.header.name, 'Response');
  });

  it('an expired token is EXPIRED_AUTHORIZATION_CREDENTIAL, logged as an unlink with the token hash only', async () => {
    const { answer, logs, text, token } = await play({ kind: 'expired', expiredAt: Date.now() - 1000 });
    assert.equal(errorType(answer), 'EXPIRED_AUTHORIZATION_CREDENTIAL');
    const line = logs.find((l) => l.unlink === true);
    assert.ok(line, 'an unlink line is logged');
    assert.match(String(line.msg), /will unlink/);
    assert.equal(line.tokenHash, tokenHash(token));
    assert.equal(line.verdict, 'expired');
    assert.ok(!text.includes(token), 'the token never reaches the log');
  });

  for (const reason of [
    'malformed',
    'unknown',
    'bad_signature',
    'wrong_audience',
    'wrong_issuer',
    'wrong_client',
    'revoked',
    'account_deleted',
    'account_disabled',
  ] as const) {
    it(`an invalid token (${reason}) is INVALID_AUTHORIZATION_CREDENTIAL`, async () => {
      const { answer, logs } = await play({ kind: 'invalid', reason });
      assert.equal(errorType(answer), 'INVALID_AUTHORIZATION_CREDENTIAL');
      const line = logs.find((l) => l.unlink === true);
      assert.equal(line?.reason, reason);
    });
  }

  it('a transient verdict (store, AS or API down) is INTERNAL_ERROR with "no unlink risk"', async () => {
    const { answer, logs } = await play({ kind: 'transient', cause: 'resource API answered 503' });
    assert.equal(errorType(answer), 'INTERNAL_ERROR');
    assert.ok(logs.some((l) => l.unlink === false && /no unlink risk/.test(String(l.msg))));
    assert.ok(!logs.some((l) => l.unlink === true));
  });

  it('a valid token without the devices scope is INSUFFICIENT_PERMISSIONS, never an unlink', async () => {
    const valid = validVerdict();
    assert.ok(valid.kind === 'valid');
    const { answer, logs } = await play({ ...valid, scopes: ['profile'] });
    assert.equal(errorType(answer), 'INSUFFICIENT_PERMISSIONS');
    assert.match(String((answer.event.payload as { message: string }).message), /"devices" scope/);
    assert.ok(!logs.some((l) => l.unlink === true));
    assert.ok(logs.some((l) => l.verdict === 'valid' && l.outcome === 'INSUFFICIENT_PERMISSIONS'));
  });

  it('a verifier that throws is INTERNAL_ERROR, never an auth error', async () => {
    const { answer } = await play('throw');
    assert.equal(errorType(answer), 'INTERNAL_ERROR');
  });

  it('a verifier that throws synchronously is INTERNAL_ERROR', async () => {
    const { answer } = await play(() => {
      throw new Error('sync boom');
    });
    assert.equal(errorType(answer), 'INTERNAL_ERROR');
  });

  it('a verifier that hangs is INTERNAL_ERROR once the bound passes, never an auth error', async () => {
    const { answer, logs } = await play('hang', { verifyTimeoutMs: 30 });
    assert.equal(errorType(answer), 'INTERNAL_ERROR');
    assert.ok(logs.some((l) => /did not finish within 30 ms/.test(String(l.cause))));
  });

  it("a verifier failing on a proxy's 403 (not a verdict) is INTERNAL_ERROR", async () => {
    const { answer } = await play(() =>
      Promise.reject(Object.assign(new Error('403 from proxy'), { status: 403 })),
    );
    assert.equal(errorType(answer), 'INTERNAL_ERROR');
  });
});

describe('error contract: handler failures', () => {
  function registryWith(handler: InterfaceModule['handlers'][string]): Registry {
    const bomb: InterfaceModule = {
      namespace: 'Alexa.PowerController',
      capability: () => ({ type: 'AlexaInterface', interface: 'Alexa.PowerController', version: '3' }),
      properties: () => [],
      handlers: { TurnOn: handler },
    };
    return new Registry([...INTERFACES.filter((m) => m.namespace !== bomb.namespace), bomb]);
  }

  it('an unknown error thrown by a handler is INTERNAL_ERROR (our bug), not ENDPOINT_UNREACHABLE', async () => {
    const { answer, logs } = await play(validVerdict(), {
      registry: registryWith(async () => {
        throw new TypeError('cannot read properties of undefined');
      }),
    });
    assert.equal(errorType(answer), 'INTERNAL_ERROR');
    assert.ok(logs.some((l) => l.level === 'error' && /our bug/.test(String(l.msg))));
  });

  it("the device cloud's outage (the Lambda's API unreachable) is INTERNAL_ERROR, logged as an outage, not our bug", async () => {
    const { answer, logs } = await play(validVerdict(), {
      registry: registryWith(async () => {
        throw new RemoteCloudError('upstream answered 503');
      }),
    });
    assert.equal(errorType(answer), 'INTERNAL_ERROR');
    const line = logs.find((l) => l.outcome === 'INTERNAL_ERROR');
    assert.ok(line, 'the directive is logged');
    assert.equal(line.level, 'warn');
    assert.equal(line.unlink, false);
    assert.match(String(line.cause), /device cloud unavailable: upstream answered 503/);
    assert.doesNotMatch(String(line.msg), /our bug/);
  });

  it('an auth error thrown by a handler is downgraded to INTERNAL_ERROR: only verdicts unlink', async () => {
    const { answer } = await play(validVerdict(), {
      registry: registryWith(async () => {
        throw new InvalidAuthorizationCredentialError('a handler must not decide this');
      }),
    });
    assert.equal(errorType(answer), 'INTERNAL_ERROR');
  });

  it('a handler throwing a non-Error value is INTERNAL_ERROR', async () => {
    const { answer } = await play(validVerdict(), {
      registry: registryWith(async () => {
        throw 'a string';
      }),
    });
    assert.equal(errorType(answer), 'INTERNAL_ERROR');
  });

  it('the registry refuses a namespace twice', () => {
    assert.throws(() => new Registry([...INTERFACES, INTERFACES[0]!]), /registered twice/);
  });
});

describe('error contract: revocation beats the verdict cache (real App, bus events)', () => {
  async function setup() {
    const { app, cleanup } = await freshApp('sqlite', { overrides: { verdictCacheMs: 60_000 } });
    const user = await app.accounts.create('owner@example.com', 'correct horse battery');
    const device = await app.devices.add(user.id, 'light', 'Hall');
    let verdict: Verdict = validVerdict(user.id, 'grant-1');
    let calls = 0;
    app.verifier = {
      verify: async () => {
        calls++;
        return verdict;
      },
    };
    const skill = inProcessSkill(app);
    const turnOn = async () => {
      const answer = await skill.handle(
        envelope('Alexa.PowerController', 'TurnOn', { endpointId: device.id }),
      );
      assertAlexaMessage(answer);
      return answer;
    };
    return {
      app,
      skill,
      turnOn,
      user,
      setVerdict: (v: Verdict) => (verdict = v),
      calls: () => calls,
      async done() {
        skill.close();
        await cleanup();
      },
    };
  }

  it('a revoked grant is INVALID at once although a valid verdict was cached', async () => {
    const s = await setup();
    try {
      assert.equal((await s.turnOn()).event.header.name, 'Response');
      assert.equal((await s.turnOn()).event.header.name, 'Response');
      assert.equal(s.calls(), 1, 'the second directive was answered from the cache');
      s.setVerdict({ kind: 'invalid', reason: 'revoked' });
      s.app.bus.emit('grant-revoked', { grantId: 'grant-1', userId: null });
      assert.equal(errorType(await s.turnOn()), 'INVALID_AUTHORIZATION_CREDENTIAL');
      assert.equal(s.calls(), 2);
    } finally {
      await s.done();
    }
  });

  it('a deleted account is INVALID at once although a valid verdict was cached', async () => {
    const s = await setup();
    try {
      assert.equal((await s.turnOn()).event.header.name, 'Response');
      s.setVerdict({ kind: 'invalid', reason: 'account_deleted' });
      await s.app.accounts.delete(s.user.id); // emits account-changed
      assert.equal(errorType(await s.turnOn()), 'INVALID_AUTHORIZATION_CREDENTIAL');
    } finally {
      await s.done();
    }
  });

  it('without the bus event the cache would still answer (the test above proves the invalidation)', async () => {
    const s = await setup();
    try {
      await s.turnOn();
      s.setVerdict({ kind: 'invalid', reason: 'revoked' });
      s.app.bus.emit('grant-revoked', { grantId: 'another-grant', userId: null });
      assert.equal((await s.turnOn()).event.header.name, 'Response');
    } finally {
      await s.done();
    }
  });
});

describe('AcceptGrant', () => {
  it('fails honestly and the log line names the missing configuration', async () => {
    const cap = capturingLogger('info');
    const skill = createSkill({
      registry,
      verifier: new ScriptedVerifier(),
      cloud: new MemoryCloud(),
      logger: cap.logger,
    });
    const answer = await skill.handle(envelope('Alexa.Authorization', 'AcceptGrant'));
    assertAlexaMessage(answer);
    assert.equal(answer.event.header.namespace, 'Alexa.Authorization');
    assert.equal(answer.event.payload.type, 'ACCEPT_GRANT_FAILED');
    assert.match(String(answer.event.payload.message), /client id and secret/);
    const line = cap.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.outcome === 'ACCEPT_GRANT_FAILED');
    assert.match(String(line?.cause), /proactive events are not configured/);
    assert.equal(line?.unlink, false);
  });
});

describe('error contract: tokens in the right place', () => {
  it('a Discover token is read from payload.scope, a control token from endpoint.scope', async () => {
    const verifier = new ScriptedVerifier();
    const skill = createSkill({
      registry,
      verifier,
      cloud: new MemoryCloud([{ id: 'lamp' }]),
      logger: capturingLogger().logger,
    });
    assertAlexaMessage(
      await skill.handle(envelope('Alexa.Discovery', 'Discover', { token: 'discover-token' })),
    );
    assertAlexaMessage(await skill.handle(envelope('Alexa', 'ReportState', { token: 'report-token' })));
    assertAlexaMessage(
      await skill.handle(envelope('Alexa.Authorization', 'AcceptGrant', { token: 'grantee-token' })),
    );
    assert.deepEqual(verifier.calls, ['discover-token', 'report-token', 'grantee-token']);
    assert.ok(!verifier.calls.includes(GOOD_TOKEN));
  });
});
