// The skill in Lambda, invoked in-process, reaching a live all-in-one server over HTTP. Every answer
// is checked against Amazon's schema.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLambdaHandler, type LambdaHandler } from '../../src/hosting/lambda.ts';
import { createLogger } from '../../src/log.ts';
import { discover, reportState, turnOff, turnOn } from '../../src/sim/directives.ts';
import type { AlexaEvent } from '../../src/alexa/index.ts';
import { freePort, freshServer } from '../support/env.ts';
import { ScriptedVerifier } from '../support/scripted-verifier.ts';
import { assertAlexaMessage } from '../support/alexa-schema.ts';
import { answering, fakePeer, hanging } from '../support/fake-proxy.ts';

const AUTH_ERRORS = ['EXPIRED_AUTHORIZATION_CREDENTIAL', 'INVALID_AUTHORIZATION_CREDENTIAL'];

function lambdaFor(apiUrl: string | undefined, timeouts = {}) {
  return createLambdaHandler({ apiUrl, logger: createLogger('silent'), verdictCacheMs: 0, timeouts });
}

function errorType(answer: AlexaEvent): string | undefined {
  const e = answer.event;
  return e.header.name === 'ErrorResponse' ? (e.payload as { type: string }).type : undefined;
}

function powerState(answer: AlexaEvent): unknown {
  return answer.context?.properties?.find((p) => p.name === 'powerState')?.value;
}

describe('Lambda handler against a live resource API', () => {
  let s: Awaited<ReturnType<typeof freshServer>>;
  let lambda: LambdaHandler & { close(): void };
  const verifier = new ScriptedVerifier();
  let userId: string;
  let lightId: string;

  before(async () => {
    s = await freshServer('sqlite');
    s.app.verifier = verifier;
    userId = (await s.app.accounts.create('ann@example.com', 'password-1')).id;
    lightId = (await s.app.devices.add(userId, 'light', 'Kitchen Light')).id;
    lambda = lambdaFor(s.url);
  });
  after(async () => {
    lambda.close();
    await s.cleanup();
  });

  it('Discover lists the linked account’s endpoints', async () => {
    const answer = await lambda(discover(verifier.valid(userId)));
    assertAlexaMessage(answer);
    assert.equal(answer.event.header.name, 'Discover.Response');
    const endpoints = (answer.event.payload as { endpoints: Array<{ endpointId: string }> }).endpoints;
    assert.deepEqual(
      endpoints.map((e) => e.endpointId),
      [lightId],
    );
  });

  it('TurnOn reaches the device and answers with the acknowledged state', async () => {
    const directive = turnOn(lightId, verifier.valid(userId));
    const answer = await lambda(directive, { getRemainingTimeInMillis: () => 8000 });
    assertAlexaMessage(answer);
    assert.equal(answer.event.header.name, 'Response');
    assert.equal(answer.event.header.correlationToken, directive.directive.header.correlationToken);
    assert.equal(powerState(answer), 'ON');
    assert.equal((await s.app.devices.get(userId, lightId))?.state.powerState, 'ON');
  });

  it('ReportState answers a StateReport', async () => {
    const answer = await lambda(reportState(lightId, verifier.valid(userId)));
    assertAlexaMessage(answer);
    assert.equal(answer.event.header.name, 'StateReport');
  });

  it('another user’s endpoint is NO_SUCH_ENDPOINT', async () => {
    const bob = (await s.app.accounts.create('bob@example.com', 'password-1')).id;
    const answer = await lambda(turnOff(lightId, verifier.valid(bob)));
    assertAlexaMessage(answer);
    assert.equal(errorType(answer), 'NO_SUCH_ENDPOINT');
    assert.equal((await s.app.devices.get(userId, lightId))?.state.powerState, 'ON');
  });

  it('an expired token → EXPIRED_AUTHORIZATION_CREDENTIAL', async () => {
    const answer = await lambda(turnOn(lightId, verifier.issue({ kind: 'expired', expiredAt: 0 })));
    assertAlexaMessage(answer);
    assert.equal(errorType(answer), 'EXPIRED_AUTHORIZATION_CREDENTIAL');
  });

  it('a revoked token → INVALID_AUTHORIZATION_CREDENTIAL', async () => {
    const answer = await lambda(turnOn(lightId, verifier.issue({ kind: 'invalid', reason: 'revoked' })));
    assertAlexaMessage(answer);
    assert.equal(errorType(answer), 'INVALID_AUTHORIZATION_CREDENTIAL');
  });

  it('a token revoked between verification and the device call → INVALID_AUTHORIZATION_CREDENTIAL', async () => {
    const valid = {
      kind: 'valid' as const,
      userId,
      clientId: 'alexa',
      scopes: ['devices'],
      grantId: 'g',
      expiresAt: Date.now() + 60_000,
    };
    const token = verifier.issueSequence([valid, { kind: 'invalid', reason: 'revoked' }]);
    const answer = await lambda(turnOff(lightId, token));
    assertAlexaMessage(answer);
    assert.equal(errorType(answer), 'INVALID_AUTHORIZATION_CREDENTIAL');
    assert.equal((await s.app.devices.get(userId, lightId))?.state.powerState, 'ON', 'nothing was done');
  });

  it('a verifier outage at the API → INTERNAL_ERROR', async () => {
    const answer = await lambda(turnOn(lightId, verifier.issue({ kind: 'transient', cause: 'db' })));
    assertAlexaMessage(answer);
    assert.equal(errorType(answer), 'INTERNAL_ERROR');
  });
});

describe('Lambda handler when the cloud is not reachable: never an auth error', () => {
  const cases: Array<[string, () => Promise<{ url: string; close(): Promise<void> }>]> = [
    [
      'cloud down (closed port)',
      async () => ({ url: `http://127.0.0.1:${await freePort()}`, close: async () => undefined }),
    ],
    ['answering 500', () => fakePeer(answering(500, { 'content-type': 'text/plain' }, 'oops'))],
    ['hanging beyond the timeout', () => fakePeer(hanging)],
    [
      'behind a WAF answering a bare 403',
      () => fakePeer(answering(403, { 'content-type': 'text/html' }, 'Forbidden')),
    ],
    [
      'behind a proxy answering 401 without our signature',
      () =>
        fakePeer(
          answering(
            401,
            { 'content-type': 'application/json', 'www-authenticate': 'Bearer error="invalid_token"' },
            '{"error":"invalid_token","reason":"expired","error_description":"x"}',
          ),
        ),
    ],
  ];
  for (const [what, start] of cases) {
    it(`${what} → INTERNAL_ERROR`, async () => {
      const peer = await start();
      const lambda = lambdaFor(peer.url, { verifyMs: 300, verifyBoundMs: 1000, readMs: 300, commandMs: 300 });
      try {
        for (const directive of [
          discover('a-token'),
          turnOn('light-1', 'a-token'),
          reportState('light-1', 'a-token'),
        ]) {
          const answer = await lambda(directive);
          assertAlexaMessage(answer);
          const type = errorType(answer);
          assert.ok(type && !AUTH_ERRORS.includes(type), `${what}: ${type}`);
          assert.equal(type, 'INTERNAL_ERROR');
        }
      } finally {
        lambda.close();
        await peer.close();
      }
    });
  }

  it('without MYLIGHTS_API_URL → INTERNAL_ERROR', async () => {
    const lambda = lambdaFor(undefined);
    const answer = await lambda(turnOn('light-1', 'a-token'));
    assertAlexaMessage(answer);
    assert.equal(errorType(answer), 'INTERNAL_ERROR');
  });
});
