// The whole path: POST /alexa → skill → GatewayDeviceControl → broker → virtual light → ack → answer.
// The token verifier is a scripted port (the authorization server is another part); everything
// between the HTTP request and the device is real.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../src/hosting/serve.ts';
import { assertAlexaMessage } from '../support/alexa-schema.ts';
import { envelope, GOOD_TOKEN, ScriptedVerifier, validVerdict } from '../skill/support.ts';
import { BROKERS, gatewayApp } from './support.ts';

interface AlexaAnswer {
  event: { header: { name: string; namespace: string }; payload: { type?: string } };
  context?: { properties?: Array<{ namespace: string; name: string; value: unknown }> };
}

for (const broker of BROKERS) {
  describe(`POST /alexa through the MQTT gateway (${broker} broker)`, () => {
    it('turns a virtual light on, reports unreachable when it times out or goes offline', async () => {
      const t = await gatewayApp(broker, { env: { DEVICE_TIMEOUT_MS: '300' } });
      t.app.verifier = new ScriptedVerifier().set(GOOD_TOKEN, validVerdict(t.userId));
      const server = await startServer(t.app.config, t.app);
      const post = async (namespace: string, name: string, endpointId: string): Promise<AlexaAnswer> => {
        const res = await fetch(`${server.url}/alexa`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(envelope(namespace, name, { endpointId })),
        });
        assert.equal(res.status, 200);
        const answer = (await res.json()) as AlexaAnswer;
        assertAlexaMessage(answer);
        return answer;
      };
      const prop = (a: AlexaAnswer, ns: string, n: string) =>
        a.context?.properties?.find((p) => p.namespace === ns && p.name === n)?.value;
      try {
        const light = await t.addDevice();
        const on = await post('Alexa.PowerController', 'TurnOn', light.id);
        assert.equal(on.event.header.name, 'Response');
        assert.equal(prop(on, 'Alexa.PowerController', 'powerState'), 'ON');
        const vd = t.gateway.fleet!.get(light.id)!;
        assert.equal(vd.state.powerState, 'ON', 'the device did it');

        vd.faults = { mute: true };
        const slow = await post('Alexa.PowerController', 'TurnOff', light.id);
        assert.equal(slow.event.header.name, 'ErrorResponse');
        assert.equal(slow.event.payload.type, 'ENDPOINT_UNREACHABLE');

        vd.crash();
        await t.until(async () => (await t.app.devices.getById(light.id))?.online === false);
        const off = await post('Alexa.PowerController', 'TurnOff', light.id);
        assert.equal(off.event.payload.type, 'ENDPOINT_UNREACHABLE');
        const report = await post('Alexa', 'ReportState', light.id);
        assert.equal(report.event.header.name, 'StateReport');
        assert.deepEqual(prop(report, 'Alexa.EndpointHealth', 'connectivity'), { value: 'UNREACHABLE' });
      } finally {
        await server.http.close();
        await t.cleanup();
      }
    });
  });
}
