// POST /alexa on the all-in-one server: real store, real HTTP, the skill answering as Lambda would.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AlexaEvent } from '../../src/alexa/index.ts';
import type { Verdict } from '../../src/auth/verdict.ts';
import { DIALECTS, freshServer } from '../support/env.ts';
import { assertAlexaMessage } from '../support/alexa-schema.ts';
import { envelope, validVerdict } from './support.ts';
import { holdDevicesTable } from '../support/locks.ts';

async function post(url: string, body: string, contentType = 'application/json'): Promise<AlexaEvent> {
  const res = await fetch(`${url}/alexa`, { method: 'POST', headers: { 'content-type': contentType }, body });
  assert.equal(res.status, 200, 'Alexa answers always go out with HTTP 200');
  const answer = (await res.json()) as AlexaEvent;
  assertAlexaMessage(answer);
  return answer;
}

async function serverWithLight(dialect: (typeof DIALECTS)[number], env: Record<string, string> = {}) {
  const s = await freshServer(dialect, { env });
  const user = await s.app.accounts.create('owner@example.com', 'correct horse battery');
  const light = await s.app.devices.add(user.id, 'light', 'Porch');
  s.app.verifier = {
    verify: async (token) =>
      token === 'good' ? validVerdict(user.id) : ({ kind: 'invalid', reason: 'unknown' } as Verdict),
  };
  return { ...s, user, light };
}

for (const dialect of DIALECTS) {
  describe(`POST /alexa (${dialect})`, () => {
    it('turns a stored light on and dims it, and reports its state', async () => {
      const s = await serverWithLight(dialect);
      try {
        const on = await post(
          s.url,
          JSON.stringify(
            envelope('Alexa.PowerController', 'TurnOn', { token: 'good', endpointId: s.light.id }),
          ),
        );
        assert.equal(on.event.header.name, 'Response');
        const dim = await post(
          s.url,
          JSON.stringify(
            envelope('Alexa.BrightnessController', 'SetBrightness', {
              token: 'good',
              endpointId: s.light.id,
              payload: { brightness: 30 },
            }),
          ),
        );
        assert.equal(dim.event.header.name, 'Response');
        const stored = await s.app.devices.get(s.user.id, s.light.id);
        assert.equal(stored?.state.powerState, 'ON');
        assert.equal(stored?.state.brightness, 30);
        const report = await post(
          s.url,
          JSON.stringify(envelope('Alexa', 'ReportState', { token: 'good', endpointId: s.light.id })),
        );
        assert.equal(report.event.header.name, 'StateReport');
        const brightness = report.context?.properties.find((p) => p.name === 'brightness');
        assert.equal(brightness?.value, 30);
      } finally {
        await s.cleanup();
      }
    });
  });
}

describe('POST /alexa: bodies that are not directives', () => {
  it('answers INVALID_DIRECTIVE for non-JSON, non-directive, oversized and empty bodies', async () => {
    const s = await serverWithLight('sqlite');
    let verified = 0;
    const inner = s.app.verifier;
    s.app.verifier = { verify: (t) => (verified++, inner.verify(t)) };
    try {
      const bodies: Array<[string, string]> = [
        ['{not json', 'application/json'],
        ['[]', 'application/json'],
        ['{"directive": 42}', 'application/json'],
        ['"just a string"', 'text/plain'],
        ['', 'application/json'],
        [JSON.stringify({ directive: { header: {}, pad: 'x'.repeat(70 * 1024) } }), 'application/json'],
        // The size limit holds for every content type, not only the one named in the route.
        [JSON.stringify({ directive: { header: {}, pad: 'x'.repeat(70 * 1024) } }), 'text/plain'],
        [
          JSON.stringify({ directive: { header: {}, pad: 'x'.repeat(70 * 1024) } }),
          'application/json; charset=utf-8',
        ],
      ];
      for (const [body, type] of bodies) {
        const answer = await post(s.url, body, type);
        assert.equal(answer.event.header.name, 'ErrorResponse', body.slice(0, 40));
        assert.equal(answer.event.payload.type, 'INVALID_DIRECTIVE', body.slice(0, 40));
      }
      assert.equal(verified, 0, 'no malformed body reached the verifier');
    } finally {
      await s.cleanup();
    }
  });

  it('accepts a directive whatever content type it names (Alexa-compatible callers vary)', async () => {
    const s = await serverWithLight('sqlite');
    try {
      const types = [
        'text/plain',
        'application/json',
        'application/json; charset=utf-8',
        'application/octet-stream',
      ];
      for (const type of types) {
        const answer = await post(
          s.url,
          JSON.stringify(envelope('Alexa', 'ReportState', { token: 'good', endpointId: s.light.id })),
          type,
        );
        assert.equal(answer.event.header.name, 'StateReport', type);
      }
    } finally {
      await s.cleanup();
    }
  });
});

describe('POST /alexa: shutdown and metrics', () => {
  it('a directive in flight when shutdown starts still gets its answer, and the stop is prompt', async () => {
    const s = await serverWithLight('sqlite');
    let release: () => void = () => {};
    let entered: () => void = () => {};
    const inVerifier = new Promise<void>((r) => (entered = r));
    s.app.verifier = {
      verify: () =>
        new Promise<Verdict>((resolve) => {
          release = () => resolve(validVerdict(s.user.id));
          entered();
        }),
    };
    const answer = fetch(`${s.url}/alexa`, {
      method: 'POST',
      body: JSON.stringify(
        envelope('Alexa.PowerController', 'TurnOn', { token: 'slow', endpointId: s.light.id }),
      ),
    });
    await inVerifier;
    const started = performance.now();
    const stopped = s.server.stop();
    release();
    const res = await answer;
    assert.equal(res.status, 200);
    const body = (await res.json()) as AlexaEvent;
    assertAlexaMessage(body);
    assert.equal(body.event.header.name, 'Response');
    await stopped;
    // The answer's keep-alive connection (fetch keeps it) must not hold the stop for its 72 s timeout.
    const took = performance.now() - started;
    assert.ok(took < 10_000, `stopped after ${Math.round(took)} ms`);
  });

  for (const dialect of DIALECTS)
    it(`${dialect}: a stop does not hang on a directive stuck behind a lock on the store`, async () => {
      const s = await serverWithLight(dialect, { DIRECTIVE_TIMEOUT_MS: '300' });
      const release = await holdDevicesTable(s.env, s.app.store);
      try {
        const answer = post(
          s.url,
          JSON.stringify(
            envelope('Alexa.PowerController', 'TurnOn', { token: 'good', endpointId: s.light.id }),
          ),
        );
        // In flight: the verdict is in, the device read waits for the lock.
        await new Promise((resolve) => setTimeout(resolve, 100));
        const started = performance.now();
        const stopped = s.server.stop();
        const body = await answer;
        assert.equal(body.event.header.name, 'ErrorResponse');
        assert.equal(body.event.payload.type, 'INTERNAL_ERROR');
        // The store waits up to 5 s for the stuck read, then cuts it off.
        await stopped;
        const took = performance.now() - started;
        assert.ok(took < 10_000, `stopped after ${Math.round(took)} ms`);
      } finally {
        await release();
        await s.cleanup();
      }
    });

  it('GET /metrics exposes directive, verdict and latency metrics', async () => {
    const s = await serverWithLight('sqlite');
    try {
      await post(
        s.url,
        JSON.stringify(
          envelope('Alexa.PowerController', 'TurnOn', { token: 'good', endpointId: s.light.id }),
        ),
      );
      await post(s.url, JSON.stringify(envelope('Alexa.PowerController', 'TurnOn', { token: 'bad' })));
      const res = await fetch(`${s.url}/metrics`);
      assert.equal(res.status, 200);
      const text = await res.text();
      assert.match(
        text,
        /mylights_alexa_directives_total\{namespace="Alexa.PowerController",name="TurnOn",outcome="Response"\} \d+/,
      );
      assert.match(text, /mylights_alexa_verdicts_total\{kind="invalid",reason="unknown"\} \d+/);
      assert.match(text, /mylights_alexa_directive_duration_seconds_bucket/);
    } finally {
      await s.cleanup();
    }
  });
});
