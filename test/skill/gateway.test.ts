// The skill over the real MQTT gateway (embedded broker, virtual devices): commands reach the device
// and come back acknowledged; a device the gateway knows is offline is ENDPOINT_UNREACHABLE for
// control and a StateReport with EndpointHealth UNREACHABLE for ReportState.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AlexaEvent } from '../../src/alexa/index.ts';
import { inProcessSkill } from '../../src/skill/in-process.ts';
import { assertAlexaMessage } from '../support/alexa-schema.ts';
import { gatewayApp } from '../gateway/support.ts';
import { envelope, validVerdict } from './support.ts';

function connectivity(answer: AlexaEvent): unknown {
  return answer.context?.properties.find((p) => p.namespace === 'Alexa.EndpointHealth')?.value;
}

describe('skill over the MQTT gateway', () => {
  it('a virtual light online: TurnOn is acknowledged by the device, ReportState says OK', async () => {
    const t = await gatewayApp('embedded');
    const skill = inProcessSkill(t.app);
    try {
      t.app.verifier = { verify: async () => validVerdict(t.userId) };
      const light = await t.addDevice('light', 'Porch');
      const on = await skill.handle(envelope('Alexa.PowerController', 'TurnOn', { endpointId: light.id }));
      assertAlexaMessage(on);
      assert.equal(on.event.header.name, 'Response', JSON.stringify(on.event.payload));
      const report = await skill.handle(envelope('Alexa', 'ReportState', { endpointId: light.id }));
      assertAlexaMessage(report);
      assert.equal(report.event.header.name, 'StateReport');
      assert.deepEqual(connectivity(report), { value: 'OK' });
      assert.equal(report.context?.properties.find((p) => p.name === 'powerState')?.value, 'ON');
    } finally {
      skill.close();
      await t.cleanup();
    }
  });

  it('a light that is offline: control is ENDPOINT_UNREACHABLE, ReportState is UNREACHABLE', async () => {
    const t = await gatewayApp('embedded', { env: { VIRTUAL_DEVICES: 'off', DEVICE_TIMEOUT_MS: '200' } });
    const skill = inProcessSkill(t.app);
    try {
      t.app.verifier = { verify: async () => validVerdict(t.userId) };
      const light = await t.addDevice('light', 'Cellar');
      assert.equal(light.online, false);
      const on = await skill.handle(envelope('Alexa.PowerController', 'TurnOn', { endpointId: light.id }));
      assertAlexaMessage(on);
      assert.equal(on.event.payload.type, 'ENDPOINT_UNREACHABLE');
      const report = await skill.handle(envelope('Alexa', 'ReportState', { endpointId: light.id }));
      assertAlexaMessage(report);
      assert.equal(report.event.header.name, 'StateReport');
      assert.deepEqual(connectivity(report), { value: 'UNREACHABLE' });
    } finally {
      skill.close();
      await t.cleanup();
    }
  });
});
