// A directive stuck after its token was accepted (a store read behind a lock, a device call that
// never settles) is answered INTERNAL_ERROR once its bound passes: never an auth error, and before
// Alexa stops waiting at 8 s (DIRECTIVE_TIMEOUT_MS, default 7500 ms).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import type { AlexaEvent } from '../../src/alexa/index.ts';
import type { Device } from '../../src/cloud/device-model.ts';
import { createSkill } from '../../src/skill/pipeline.ts';
import { registry } from '../../src/skill/interfaces/index.ts';
import { inProcessSkill } from '../../src/skill/in-process.ts';
import { loadConfig } from '../../src/config.ts';
import { assertAlexaMessage } from '../support/alexa-schema.ts';
import { capturingLogger } from '../support/log-capture.ts';
import { DIALECTS, freshApp } from '../support/env.ts';
import { holdDevicesTable } from '../support/locks.ts';
import { MemoryCloud, ScriptedVerifier, envelope, validVerdict } from './support.ts';

const BOUND_MS = 300;

function errorType(answer: AlexaEvent): unknown {
  assertAlexaMessage(answer);
  assert.equal(answer.event.header.name, 'ErrorResponse');
  return answer.event.payload.type;
}

/** Runs `answer` and checks it came once the bound had passed, and not long after. */
async function timed(answer: () => Promise<AlexaEvent>): Promise<AlexaEvent> {
  const started = performance.now();
  const result = await answer();
  const took = performance.now() - started;
  assert.ok(took >= BOUND_MS - 5, `answered after ${took} ms, before the ${BOUND_MS} ms bound`);
  assert.ok(took < BOUND_MS + 3000, `answered after ${took} ms, long past the ${BOUND_MS} ms bound`);
  return result;
}

class StuckCloud extends MemoryCloud {
  override getDevice(): Promise<Device | null> {
    return new Promise(() => undefined);
  }
}

describe('the whole directive is bounded (DIRECTIVE_TIMEOUT_MS)', () => {
  it('a device cloud that never answers: INTERNAL_ERROR at the bound, logged as no unlink risk', async () => {
    const cap = capturingLogger('info');
    const token = 'the-token';
    const skill = createSkill({
      registry,
      verifier: new ScriptedVerifier().set(token, validVerdict()),
      cloud: new StuckCloud([{ id: 'lamp' }]),
      logger: cap.logger,
      directiveTimeoutMs: BOUND_MS,
    });
    const answer = await timed(() =>
      skill.handle(envelope('Alexa.PowerController', 'TurnOn', { token, endpointId: 'lamp' })),
    );
    assert.equal(errorType(answer), 'INTERNAL_ERROR');
    const line = cap.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.outcome === 'INTERNAL_ERROR');
    assert.ok(line, 'the directive is logged');
    assert.equal(line.unlink, false);
    assert.equal(line.verdict, 'valid');
    assert.match(String(line.cause), new RegExp(`not answered within ${BOUND_MS} ms`));
    assert.match(String(line.msg), /no unlink risk/);
  });

  it('the setting: 7500 ms by default, refused past what Alexa waits for', () => {
    assert.equal(loadConfig({}).directiveTimeoutMs, 7500);
    assert.equal(loadConfig({ DIRECTIVE_TIMEOUT_MS: '5000' }).directiveTimeoutMs, 5000);
    assert.throws(() => loadConfig({ DIRECTIVE_TIMEOUT_MS: '8000' }), /DIRECTIVE_TIMEOUT_MS/);
    assert.throws(() => loadConfig({ DIRECTIVE_TIMEOUT_MS: 'soon' }), /DIRECTIVE_TIMEOUT_MS/);
  });

  for (const dialect of DIALECTS) {
    it(`${dialect}: a device read stuck behind a lock on the real store, with the valid verdict cached`, async () => {
      const t = await freshApp(dialect, { overrides: { verdictCacheMs: 60_000 } });
      const user = await t.app.accounts.create('owner@example.com', 'correct horse battery');
      const device = await t.app.devices.add(user.id, 'light', 'Hall');
      t.app.verifier = { verify: async () => validVerdict(user.id, 'grant-1') };
      const skill = inProcessSkill(t.app, { directiveTimeoutMs: BOUND_MS });
      const turnOn = () =>
        skill.handle(envelope('Alexa.PowerController', 'TurnOn', { endpointId: device.id }));
      let release: (() => Promise<void>) | undefined;
      try {
        // The verdict is cached first, so the only store access left is the device's.
        assert.equal((await turnOn()).event.header.name, 'Response');
        release = await holdDevicesTable(t.env, t.app.store);
        assert.equal(errorType(await timed(turnOn)), 'INTERNAL_ERROR');
        await release();
        release = undefined;
        // The store is free again: the next directive is answered normally.
        const after = await turnOn();
        assertAlexaMessage(after);
        assert.equal(after.event.header.name, 'Response');
      } finally {
        await release?.();
        skill.close();
        await t.cleanup();
      }
    });
  }
});
