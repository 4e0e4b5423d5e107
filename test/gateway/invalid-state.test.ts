// A device (buggy firmware, or compromised) that reports a state its type does not have: the gateway
// keeps the last valid state, logs why (never the payload), and Alexa still gets schema-valid answers.
// The device is a raw MQTT client with its own credentials, so what it publishes is the test's choice.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../src/hosting/serve.ts';
import { parseCommand } from '../../src/gateway/protocol.ts';
import { applyLightCommand, type LightState } from '../../src/devices/light.ts';
import type { DeviceState } from '../../src/cloud/device-model.ts';
import { assertAlexaMessage } from '../support/alexa-schema.ts';
import { capturingLogger } from '../support/log-capture.ts';
import { freePort } from '../support/env.ts';
import { envelope, GOOD_TOKEN, ScriptedVerifier, validVerdict } from '../skill/support.ts';
import { BROKERS, gatewayApp, handDevice, type BrokerKind, type GatewayTestApp } from './support.ts';

interface AlexaAnswer {
  event: { header: { name: string; namespace: string }; payload: { type?: string } };
  context?: { properties?: Array<{ namespace: string; name: string; value: unknown }> };
}

const prop = (a: AlexaAnswer, ns: string, n: string) =>
  a.context?.properties?.find((p) => p.namespace === ns && p.name === n)?.value;

interface Harness {
  t: GatewayTestApp;
  logs: ReturnType<typeof capturingLogger>;
  post(
    namespace: string,
    name: string,
    endpointId: string,
    payload?: Record<string, unknown>,
  ): Promise<AlexaAnswer>;
  close(): Promise<void>;
}

async function harness(broker: BrokerKind): Promise<Harness> {
  const logs = capturingLogger('info');
  const port = await freePort();
  const t = await gatewayApp(broker, {
    env: { MQTT_PORT: String(port), VIRTUAL_DEVICES: 'off' },
    logger: logs.logger,
  });
  t.app.verifier = new ScriptedVerifier().set(GOOD_TOKEN, validVerdict(t.userId));
  const server = await startServer(t.app.config, t.app);
  return {
    t,
    logs,
    async post(namespace, name, endpointId, payload) {
      const res = await fetch(`${server.url}/alexa`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(envelope(namespace, name, { endpointId, ...(payload ? { payload } : {}) })),
      });
      assert.equal(res.status, 200);
      const answer = (await res.json()) as AlexaAnswer;
      assertAlexaMessage(answer);
      return answer;
    },
    async close() {
      await server.http.close();
      await t.cleanup();
    },
  };
}

/** The gateway's warnings about this device's states, parsed. */
function stateWarnings(logs: Harness['logs'], deviceId: string): Array<Record<string, unknown>> {
  return logs.lines
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.level === 'warn' && l.deviceId === deviceId && typeof l.reason === 'string');
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

for (const broker of BROKERS) {
  describe(`device states are validated at the gateway (${broker} broker)`, () => {
    it('an invalid state report is dropped and logged; ReportState answers the last valid state; valid ones still flow', async () => {
      const h = await harness(broker);
      try {
        const light = await h.t.addDevice();
        const dev = await handDevice(h.t, broker, light);
        const valid = { ...light.state, powerState: 'ON', brightness: 40 };
        await dev.publishState(valid);
        await h.t.until(async () => (await h.t.app.devices.getById(light.id))?.state.brightness === 40);

        const invalid: unknown[] = [
          { brightness: 'lots' },
          { ...valid, brightness: 101 },
          { ...valid, brightness: 40.5 },
          { ...valid, color: { hue: 0, saturation: 2, brightness: 1 } },
          { ...valid, colorTemperatureInKelvin: 20000 },
          { ...valid, extra: 'lots' },
        ];
        for (const [i, state] of invalid.entries()) {
          await dev.publishState(state);
          // Handled once the gateway warned about it (or, without validation, stored it).
          await waitFor(`invalid state ${i} handled`, async () => {
            const now = (await h.t.app.devices.getById(light.id))!.state;
            return (
              stateWarnings(h.logs, light.id).length > i || JSON.stringify(now) !== JSON.stringify(valid)
            );
          });
          const stored = (await h.t.app.devices.getById(light.id))!;
          assert.deepEqual(stored.state, valid, `the last valid state is kept after invalid state ${i}`);
        }
        const warnings = stateWarnings(h.logs, light.id);
        assert.equal(warnings.length, invalid.length, 'one warning per invalid state');
        for (const w of warnings) assert.match(String(w.reason), /\S/);
        assert.ok(!h.logs.text().includes('lots'), 'the payload never reaches the log');

        const report = await h.post('Alexa', 'ReportState', light.id);
        assert.equal(report.event.header.name, 'StateReport');
        assert.equal(prop(report, 'Alexa.BrightnessController', 'brightness'), 40);
        assert.equal(prop(report, 'Alexa.PowerController', 'powerState'), 'ON');

        await dev.publishState({ ...valid, brightness: 60 });
        await h.t.until(async () => (await h.t.app.devices.getById(light.id))?.state.brightness === 60);
        const after = await h.post('Alexa', 'ReportState', light.id);
        assert.equal(prop(after, 'Alexa.BrightnessController', 'brightness'), 60);
        await dev.client.endAsync();
      } finally {
        await h.close();
      }
    });

    it('an ack with an invalid state fails the directive with INTERNAL_ERROR and stores nothing; a valid ack still works', async () => {
      const h = await harness(broker);
      try {
        const light = await h.t.addDevice();
        const dev = await handDevice(h.t, broker, light);
        let broken = true;
        dev.client.on('message', (_topic, payload) => {
          const cmd = parseCommand(payload);
          const state: DeviceState = broken
            ? { powerState: 'ON', brightness: 'lots' }
            : { ...applyLightCommand(light.id, light.state as unknown as LightState, cmd) };
          dev.client.publish(
            h.t.gateway.topics.of(light.id, 'ack'),
            JSON.stringify({ id: cmd.id, ok: true, state }),
            { qos: 1 },
          );
        });

        const failed = await h.post('Alexa.BrightnessController', 'SetBrightness', light.id, {
          brightness: 42,
        });
        assert.equal(failed.event.header.name, 'ErrorResponse');
        assert.equal(failed.event.payload.type, 'INTERNAL_ERROR', 'a device fault, never an auth error');
        const line = h.logs.lines.find((l) => l.includes('"outcome":"INTERNAL_ERROR"'));
        assert.ok(line, 'the directive is logged');
        assert.match(line, /"level":"warn"/, "the device's fault, not an error of ours");
        assert.doesNotMatch(line, /our bug/);
        await waitFor('the warning', () => stateWarnings(h.logs, light.id).length === 1);
        assert.ok(!h.logs.text().includes('lots'), 'the payload never reaches the log');
        assert.deepEqual((await h.t.app.devices.getById(light.id))!.state, light.state, 'nothing stored');

        broken = false;
        const ok = await h.post('Alexa.BrightnessController', 'SetBrightness', light.id, { brightness: 42 });
        assert.equal(ok.event.header.name, 'Response');
        assert.equal(prop(ok, 'Alexa.BrightnessController', 'brightness'), 42);
        assert.equal((await h.t.app.devices.getById(light.id))!.state.brightness, 42);
        await dev.client.endAsync();
      } finally {
        await h.close();
      }
    });
  });
}
