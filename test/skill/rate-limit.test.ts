// The RATE_LIMIT_EXCEEDED row of the error contract: the limiter in the pipeline, with a pinned clock.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AlexaEvent } from '../../src/alexa/index.ts';
import { createSkill, type Skill } from '../../src/skill/pipeline.ts';
import { registry } from '../../src/skill/interfaces/index.ts';
import {
  DirectiveRateLimiter,
  TokenBuckets,
  type DirectiveRateSettings,
} from '../../src/skill/rate-limit.ts';
import { loadConfig } from '../../src/config.ts';
import { capturingLogger } from '../support/log-capture.ts';
import { assertAlexaMessage } from '../support/alexa-schema.ts';
import { GOOD_TOKEN, OTHER_TOKEN, OTHER_USER, MemoryCloud, ScriptedVerifier, envelope } from './support.ts';

function setup(settings: DirectiveRateSettings) {
  const clock = { t: 1_800_000_000_000 };
  const cap = capturingLogger('info');
  const limiter = new DirectiveRateLimiter(settings, () => clock.t);
  const skill: Skill = createSkill({
    registry,
    verifier: new ScriptedVerifier(),
    cloud: new MemoryCloud([{ id: 'lamp' }, { id: 'desk' }, { id: 'theirs', userId: OTHER_USER }]),
    logger: cap.logger,
    verifyTimeoutMs: 1000,
    rateLimiter: limiter,
  });
  const turnOn = (endpointId = 'lamp', token = GOOD_TOKEN) =>
    skill.handle(envelope('Alexa.PowerController', 'TurnOn', { endpointId, token }));
  return { skill, clock, cap, limiter, turnOn };
}

/** The answer's name, or its error type; every answer is checked against Amazon's schema. */
function outcome(answer: AlexaEvent): unknown {
  assertAlexaMessage(answer);
  return answer.event.header.name === 'ErrorResponse' ? answer.event.payload.type : answer.event.header.name;
}

async function times(n: number, f: () => Promise<AlexaEvent>): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(outcome(await f()));
  return out;
}

describe('error contract: rate limits', () => {
  it('past the endpoint burst a control directive is RATE_LIMIT_EXCEEDED, logged with no unlink risk', async () => {
    const { turnOn, cap } = setup({ perEndpoint: 5, perUser: 1000 });
    const answers = await times(10, () => turnOn());
    assert.deepEqual(answers, Array(10).fill('Response'));
    const answer = await turnOn();
    assert.equal(outcome(answer), 'RATE_LIMIT_EXCEEDED');
    assert.equal(answer.event.endpoint?.endpointId, 'lamp');
    const lines = cap.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const line = lines.find((l) => l.outcome === 'RATE_LIMIT_EXCEEDED');
    assert.ok(line, 'the refusal is logged');
    assert.equal(line.unlink, false);
    assert.match(String(line.msg), /no unlink risk/);
  });

  it("one endpoint's flood leaves the user's other endpoints and other users alone", async () => {
    const { turnOn } = setup({ perEndpoint: 5, perUser: 1000 });
    await times(10, () => turnOn('lamp'));
    assert.equal(outcome(await turnOn('lamp')), 'RATE_LIMIT_EXCEEDED');
    assert.equal(outcome(await turnOn('desk')), 'Response');
    assert.equal(outcome(await turnOn('theirs', OTHER_TOKEN)), 'Response');
  });

  it('the user limit counts Discover and ReportState, and does not spill over to another user', async () => {
    const { skill, turnOn } = setup({ perEndpoint: 1000, perUser: 3 });
    const discover = () => skill.handle(envelope('Alexa.Discovery', 'Discover'));
    const report = () => skill.handle(envelope('Alexa', 'ReportState', { endpointId: 'lamp' }));
    assert.deepEqual(await times(3, discover), Array(3).fill('Discover.Response'));
    assert.deepEqual(await times(3, report), Array(3).fill('StateReport'));
    assert.equal(outcome(await discover()), 'RATE_LIMIT_EXCEEDED');
    assert.equal(outcome(await report()), 'RATE_LIMIT_EXCEEDED');
    assert.equal(outcome(await turnOn('desk')), 'RATE_LIMIT_EXCEEDED');
    assert.equal(outcome(await turnOn('theirs', OTHER_TOKEN)), 'Response');
  });

  it('ReportState does not drain the endpoint bucket', async () => {
    const { skill, turnOn } = setup({ perEndpoint: 2, perUser: 1000 });
    for (let i = 0; i < 20; i++)
      assert.equal(
        outcome(await skill.handle(envelope('Alexa', 'ReportState', { endpointId: 'lamp' }))),
        'StateReport',
      );
    assert.equal(outcome(await turnOn('lamp')), 'Response');
  });

  it('a flood of invalid tokens never counts against the user', async () => {
    const { turnOn, limiter } = setup({ perEndpoint: 2, perUser: 2 });
    const bad = await times(50, () => turnOn('lamp', 'not-a-token'));
    assert.ok(bad.every((t) => t === 'INVALID_AUTHORIZATION_CREDENTIAL'));
    assert.deepEqual(limiter.size, { endpoints: 0, users: 0 });
    assert.deepEqual(await times(4, () => turnOn('lamp')), Array(4).fill('Response'));
  });

  it('after the window the endpoint answers again', async () => {
    const { turnOn, clock } = setup({ perEndpoint: 5, perUser: 1000 });
    await times(10, () => turnOn());
    assert.equal(outcome(await turnOn()), 'RATE_LIMIT_EXCEEDED');
    clock.t += 199; // 5/s refills one token every 200 ms
    assert.equal(outcome(await turnOn()), 'RATE_LIMIT_EXCEEDED');
    clock.t += 1;
    assert.equal(outcome(await turnOn()), 'Response');
    assert.equal(outcome(await turnOn()), 'RATE_LIMIT_EXCEEDED');
    clock.t += 2000; // a full refill: the whole burst again
    assert.deepEqual(await times(10, () => turnOn()), Array(10).fill('Response'));
  });

  it('an AcceptGrant over the user limit is ACCEPT_GRANT_FAILED, the only error AcceptGrant has', async () => {
    const { skill } = setup({ perEndpoint: 0, perUser: 1 });
    const grant = () => skill.handle(envelope('Alexa.Authorization', 'AcceptGrant'));
    const first = await grant();
    assert.equal(outcome(first), 'ACCEPT_GRANT_FAILED'); // no event gateway yet: its own failure
    assert.doesNotMatch(String(first.event.payload.message), /RATE_LIMIT_EXCEEDED/);
    await grant();
    const limited = await grant();
    assert.equal(outcome(limited), 'ACCEPT_GRANT_FAILED');
    assert.match(String(limited.event.payload.message), /^RATE_LIMIT_EXCEEDED: /);
  });

  it('0 disables each limit', async () => {
    const { turnOn, limiter } = setup({ perEndpoint: 0, perUser: 0 });
    assert.deepEqual(await times(50, () => turnOn()), Array(50).fill('Response'));
    assert.deepEqual(limiter.size, { endpoints: 0, users: 0 });
  });

  it('the settings default to 20/s per endpoint and 100/s per user, and 0 is accepted', () => {
    const d = loadConfig({});
    assert.equal(d.directiveRatePerEndpoint, 20);
    assert.equal(d.directiveRatePerUser, 100);
    const off = loadConfig({ DIRECTIVE_RATE_PER_ENDPOINT: '0', DIRECTIVE_RATE_PER_USER: '0' });
    assert.equal(off.directiveRatePerEndpoint, 0);
    assert.equal(off.directiveRatePerUser, 0);
    assert.throws(() => loadConfig({ DIRECTIVE_RATE_PER_USER: 'lots' }), /DIRECTIVE_RATE_PER_USER/);
  });
});

describe('token buckets: bounded memory', () => {
  it('drops buckets idle long enough to be full again', () => {
    const clock = { t: 0 };
    const b = new TokenBuckets(10, () => clock.t); // capacity 20, full again after 2 s
    for (let i = 0; i < 50; i++) b.take(`k${i}`);
    assert.equal(b.size, 50);
    clock.t += 2000;
    for (let i = 0; i < 30; i++) b.take('busy');
    assert.equal(b.size, 1, 'idle buckets swept');
  });

  it('never holds more than its cap, dropping the least recently used', () => {
    const clock = { t: 0 };
    const b = new TokenBuckets(10, () => clock.t, 100);
    b.take('kept');
    for (let i = 0; i < 1000; i++) {
      b.take(`flood-${i}`);
      if (i % 50 === 0) b.take('kept');
    }
    assert.equal(b.size, 100);
    // "kept" was used recently, so its drained bucket survived (a fresh one would grant 20).
    assert.equal(b.take('kept'), false);
  });
});
