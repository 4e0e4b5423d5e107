// End to end over MQTT: the skill (in-process shape) drives a virtual TV and a virtual meeting room
// that run the device reducers behind the real gateway, on the embedded broker and on Mosquitto.
// A device whose connection drops (last will) is ENDPOINT_UNREACHABLE, and ReportState says so.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BROKERS, gatewayApp, type GatewayTestApp } from '../gateway/support.ts';
import { inProcessSkill } from '../../src/skill/in-process.ts';
import { GOOD_TOKEN, ScriptedVerifier, envelope, validVerdict } from '../skill/support.ts';
import { assertAlexaMessage } from '../support/alexa-schema.ts';
import type { AlexaEvent } from '../../src/alexa/index.ts';
import type { Device, DeviceType } from '../../src/cloud/device-model.ts';
import type { TvState } from '../../src/devices/tv.ts';
import type { MeetingRoomState } from '../../src/devices/meeting-room.ts';
import { PARTITION_SCOPE } from './fixtures.ts';

async function addOnline(t: GatewayTestApp, type: DeviceType, name: string): Promise<Device> {
  const d = await t.app.devices.add(t.userId, type, name);
  await t.until(async () => (await t.app.devices.getById(d.id))?.online === true);
  return (await t.app.devices.getById(d.id)) as Device;
}

async function setup(broker: (typeof BROKERS)[number]) {
  const t = await gatewayApp(broker);
  // The verifier port: this test's token is the test user's (the authorization server is not the subject).
  t.app.verifier = new ScriptedVerifier().set(GOOD_TOKEN, validVerdict(t.userId));
  const skill = inProcessSkill(t.app);
  const tv = await addOnline(t, 'tv', 'Living Room TV');
  const room = await addOnline(t, 'meeting-room', 'Board Room');
  const send = async (namespace: string, name: string, opts: Parameters<typeof envelope>[2] = {}) => {
    const answer: AlexaEvent = await skill.handle(envelope(namespace, name, opts));
    assertAlexaMessage(answer);
    return answer;
  };
  const vd = (id: string) => {
    const d = t.gateway.fleet?.get(id);
    assert.ok(d, `virtual device ${id} runs`);
    return d;
  };
  return {
    t,
    tv,
    room,
    send,
    vd,
    async cleanup() {
      skill.close();
      await t.cleanup();
    },
  };
}

for (const broker of BROKERS) {
  describe(`video and meetings over MQTT (${broker} broker)`, () => {
    it('Alexa discovers, tunes, searches and joins meetings on the virtual devices', async () => {
      const s = await setup(broker);
      try {
        const discovered = await s.send('Alexa.Discovery', 'Discover');
        const ids = (discovered.event.payload.endpoints as Array<{ endpointId: string }>).map(
          (e) => e.endpointId,
        );
        assert.deepEqual(ids.sort(), [s.tv.id, s.room.id].sort());

        const tuned = await s.send('Alexa.ChannelController', 'ChangeChannel', {
          endpointId: s.tv.id,
          payload: { channel: { callSign: 'KSKY' } },
        });
        assert.equal(tuned.event.header.name, 'Response');
        const tvState = () => s.vd(s.tv.id).state as unknown as TvState;
        assert.equal(tvState().channel.number, '7', 'the virtual TV itself changed channel');
        assert.equal(tvState().powerState, 'ON');

        const played = await s.send('Alexa.RemoteVideoPlayer', 'SearchAndPlay', {
          endpointId: s.tv.id,
          payload: { entities: [{ type: 'Video', value: 'Midnight Circuit' }] },
        });
        assert.equal(played.event.header.name, 'Response');
        assert.equal(tvState().playback.contentId, 'mv-midnight-circuit');

        const nothing = await s.send('Alexa.RemoteVideoPlayer', 'SearchAndPlay', {
          endpointId: s.tv.id,
          payload: { entities: [{ type: 'Video', value: 'A Film Nobody Made' }] },
        });
        assert.deepEqual(
          [nothing.event.header.namespace, nothing.event.payload.type],
          ['Alexa.Video', 'CONTENT_NOT_FOUND'],
        );
        assert.equal(tvState().playback.contentId, 'mv-midnight-circuit', 'nothing changed');

        const joined = await s.send('Alexa.MeetingClientController', 'JoinMeeting', {
          endpointId: s.room.id,
          scope: PARTITION_SCOPE,
          payload: {
            meeting: {
              provider: 'Chime',
              protocol: 'SIP',
              endpoint: 'meet.example.com',
              id: '42',
              pin: '9876',
            },
          },
        });
        assert.equal(joined.event.header.name, 'Response');
        const room = s.vd(s.room.id).state as unknown as MeetingRoomState;
        assert.equal(room.meeting?.meetingId, '42');
        const stored = await s.t.app.devices.getById(s.room.id);
        assert.ok(!JSON.stringify(stored?.state).includes('9876'), 'no PIN in the stored state');
      } finally {
        await s.cleanup();
      }
    });

    it('a TV or room whose connection dropped is ENDPOINT_UNREACHABLE; ReportState says UNREACHABLE', async () => {
      const s = await setup(broker);
      try {
        for (const d of [s.tv, s.room]) {
          s.vd(d.id).crash();
          await s.t.until(async () => (await s.t.app.devices.getById(d.id))?.online === false);
        }
        const tuned = await s.send('Alexa.ChannelController', 'ChangeChannel', {
          endpointId: s.tv.id,
          payload: { channel: { number: '4' } },
        });
        assert.deepEqual(
          [tuned.event.header.namespace, tuned.event.payload.type],
          ['Alexa', 'ENDPOINT_UNREACHABLE'],
        );
        const ended = await s.send('Alexa.MeetingClientController', 'EndMeeting', {
          endpointId: s.room.id,
          scope: PARTITION_SCOPE,
        });
        assert.equal(ended.event.payload.type, 'ENDPOINT_UNREACHABLE');
        const report = await s.send('Alexa', 'ReportState', { endpointId: s.tv.id });
        assert.equal(report.event.header.name, 'StateReport');
        const health = report.context?.properties.find((p) => p.namespace === 'Alexa.EndpointHealth');
        assert.deepEqual(health?.value, { value: 'UNREACHABLE' });
      } finally {
        await s.cleanup();
      }
    });
  });
}
