// The whole path with the gateway: Alexa directive → (Lambda → resource API | POST /alexa) → MQTT →
// virtual light → acknowledged state in the answer.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLambdaHandler } from '../../src/hosting/lambda.ts';
import { startServer, type RunningServer } from '../../src/hosting/serve.ts';
import { createLogger } from '../../src/log.ts';
import { turnOff, turnOn } from '../../src/sim/directives.ts';
import type { AlexaEvent } from '../../src/alexa/index.ts';
import { gatewayApp, type GatewayTestApp } from '../gateway/support.ts';
import { ScriptedVerifier } from '../support/scripted-verifier.ts';
import { assertAlexaMessage } from '../support/alexa-schema.ts';

function powerState(answer: AlexaEvent): unknown {
  return answer.context?.properties?.find((p) => p.name === 'powerState')?.value;
}

describe('TurnOn over MQTT to a virtual light (embedded broker)', () => {
  let g: GatewayTestApp;
  let server: RunningServer;
  const verifier = new ScriptedVerifier();
  let lightId: string;
  before(async () => {
    g = await gatewayApp('embedded');
    g.app.verifier = verifier;
    server = await startServer(g.app.config, g.app);
    lightId = (await g.addDevice('light', 'Hall')).id;
  });
  after(async () => {
    await server.http.close();
    await g.cleanup();
  });

  it('through the Lambda handler and the resource API', async () => {
    const lambda = createLambdaHandler({
      apiUrl: server.url,
      logger: createLogger('silent'),
      verdictCacheMs: 0,
    });
    try {
      const answer = await lambda(turnOn(lightId, verifier.valid(g.userId)));
      assertAlexaMessage(answer);
      assert.equal(answer.event.header.name, 'Response');
      assert.equal(powerState(answer), 'ON');
      assert.equal((await g.app.devices.get(g.userId, lightId))?.state.powerState, 'ON');
    } finally {
      lambda.close();
    }
  });

  it('through POST /alexa', async () => {
    const res = await fetch(`${server.url}/alexa`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(turnOff(lightId, verifier.valid(g.userId))),
    });
    const answer = (await res.json()) as AlexaEvent;
    assertAlexaMessage(answer);
    assert.equal(powerState(answer), 'OFF');
    assert.equal((await g.app.devices.get(g.userId, lightId))?.state.powerState, 'OFF');
  });
});

describe('A device that answers late, through the Lambda handler (embedded broker)', () => {
  let g: GatewayTestApp;
  let server: RunningServer;
  const verifier = new ScriptedVerifier();
  let lightId: string;
  const lambda = () =>
    createLambdaHandler({ apiUrl: server.url, logger: createLogger('silent'), verdictCacheMs: 0 });
  before(async () => {
    g = await gatewayApp('embedded', { env: { DEVICE_TIMEOUT_MS: '300' } });
    g.app.verifier = verifier;
    server = await startServer(g.app.config, g.app);
    lightId = (await g.addDevice('light', 'Hall')).id;
    g.gateway.fleet!.get(lightId)!.faults = { slowMs: 2500 };
  });
  after(async () => {
    await server.http.close();
    await g.cleanup();
  });

  function errorType(answer: AlexaEvent): string | undefined {
    const e = answer.event;
    return e.header.name === 'ErrorResponse' ? (e.payload as { type: string }).type : undefined;
  }

  it("the server's device timeout answers ENDPOINT_UNREACHABLE", async () => {
    const handler = lambda();
    try {
      const answer = await handler(turnOn(lightId, verifier.valid(g.userId)));
      assertAlexaMessage(answer);
      assert.equal(errorType(answer), 'ENDPOINT_UNREACHABLE');
    } finally {
      handler.close();
    }
  });

  it("Lambda's own remaining time cuts the command short: INTERNAL_ERROR, in time", async () => {
    const handler = lambda();
    try {
      const started = Date.now();
      // 250 ms left in this invocation: the server's 300 ms device timeout cannot answer first.
      const answer = await handler(turnOff(lightId, verifier.valid(g.userId)), {
        getRemainingTimeInMillis: () => 450,
      });
      const took = Date.now() - started;
      assertAlexaMessage(answer);
      assert.equal(errorType(answer), 'INTERNAL_ERROR');
      assert.ok(took < 450, `answered after ${took} ms`);
    } finally {
      handler.close();
    }
  });
});
