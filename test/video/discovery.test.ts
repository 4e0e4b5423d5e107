// What Discover says about TVs and meeting rooms, checked against Amazon's schema for what it knows
// and the project's part schemas for the rest; ReportState of a TV reports every video property.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { playDirective } from './support.ts';
import { eventAround, liveTv, playingTv, roomSeed, tvSeed } from './fixtures.ts';
import { validateAlexaMessage } from '../support/alexa-schema.ts';
import type { DiscoveryEndpoint } from '../../src/alexa/index.ts';
import { KEYSTROKES, PLAYBACK_OPERATIONS } from '../../src/devices/tv.ts';

async function discover() {
  const played = await playDirective('Alexa.Discovery', 'Discover', {
    devices: [
      tvSeed({}, 'tv'),
      { ...tvSeed({ speaker: 'step' }, 'soundbar-tv'), name: 'Bedroom TV' },
      roomSeed({}, 'room'),
      { ...roomSeed({ calendar: [eventAround()] }, 'room-cal'), name: 'Huddle Room' },
    ],
  });
  assert.ok(['amazon+parts', 'skipped'].includes(validateAlexaMessage(played.answer).schema));
  const endpoints = played.answer.event.payload.endpoints as DiscoveryEndpoint[];
  const byId = (id: string) => {
    const e = endpoints.find((x) => x.endpointId === id);
    assert.ok(e, `${id} is discovered`);
    return e;
  };
  const cap = (id: string, iface: string) => byId(id).capabilities.find((c) => c.interface === iface);
  return { byId, cap };
}

describe('discovery of TVs and meeting rooms', () => {
  it('a TV is a TV with every video interface', async () => {
    const { byId, cap } = await discover();
    const tv = byId('tv');
    assert.deepEqual(tv.displayCategories, ['TV']);
    assert.deepEqual(
      tv.capabilities.map((c) => c.interface),
      [
        'Alexa',
        'Alexa.EndpointHealth',
        'Alexa.PowerController',
        'Alexa.ChannelController',
        'Alexa.InputController',
        'Alexa.Speaker',
        'Alexa.PlaybackController',
        'Alexa.PlaybackStateReporter',
        'Alexa.SeekController',
        'Alexa.Launcher',
        'Alexa.RemoteVideoPlayer',
        'Alexa.RecordController',
        'Alexa.KeypadController',
      ],
    );
    assert.deepEqual(cap('tv', 'Alexa.PlaybackController')?.supportedOperations, [...PLAYBACK_OPERATIONS]);
    assert.deepEqual(cap('tv', 'Alexa.KeypadController')?.keys, [...KEYSTROKES]);
    assert.deepEqual(cap('tv', 'Alexa.InputController')?.inputs, [
      { name: 'HDMI 1' },
      { name: 'HDMI 2' },
      { name: 'HDMI 3' },
      { name: 'TV' },
    ]);
    assert.equal(cap('tv', 'Alexa.PlaybackStateReporter')?.version, '1.0');
  });

  it('a TV with a step speaker has StepSpeaker instead of Speaker', async () => {
    const { cap } = await discover();
    assert.ok(cap('soundbar-tv', 'Alexa.StepSpeaker'));
    assert.equal(cap('soundbar-tv', 'Alexa.Speaker'), undefined);
    assert.equal(cap('tv', 'Alexa.StepSpeaker'), undefined);
  });

  it('a meeting room says supportsScheduledMeeting only when it has a calendar', async () => {
    const { byId, cap } = await discover();
    assert.deepEqual(
      byId('room').capabilities.map((c) => c.interface),
      ['Alexa', 'Alexa.EndpointHealth', 'Alexa.MeetingClientController'],
    );
    assert.deepEqual(cap('room', 'Alexa.MeetingClientController'), {
      type: 'AlexaInterface',
      interface: 'Alexa.MeetingClientController',
      version: '1.0',
      supportsScheduledMeeting: false,
    });
    assert.equal(cap('room-cal', 'Alexa.MeetingClientController')?.supportsScheduledMeeting, true);
  });
});

describe('ReportState of a TV', () => {
  it('reports power, channel, input, volume, mute, playback, recording and the open app', async () => {
    const { answer } = await playDirective('Alexa', 'ReportState', {
      endpointId: 'tv',
      devices: [
        playingTv('mv-paper-moons', 0, { app: { identifier: 'mylights.app.tubeview', name: 'TubeView' } }),
      ],
    });
    assert.equal(answer.event.header.name, 'StateReport');
    const got = Object.fromEntries(
      (answer.context?.properties ?? []).map((p) => [`${p.namespace}.${p.name}`, p.value]),
    );
    assert.deepEqual(got, {
      'Alexa.EndpointHealth.connectivity': { value: 'OK' },
      'Alexa.PowerController.powerState': 'ON',
      'Alexa.ChannelController.channel': { number: '2', callSign: 'KLMN', affiliateCallSign: 'LBC' },
      'Alexa.InputController.input': 'TV',
      'Alexa.Speaker.volume': 20,
      'Alexa.Speaker.muted': false,
      'Alexa.PlaybackStateReporter.playbackState': { state: 'PLAYING' },
      'Alexa.Launcher.target': { identifier: 'mylights.app.tubeview', name: 'TubeView' },
      'Alexa.RecordController.RecordingState': 'NOT_RECORDING',
    });
  });

  it('of an offline TV is a StateReport with connectivity UNREACHABLE when a gateway tracks it', async () => {
    const { answer } = await playDirective('Alexa', 'ReportState', {
      endpointId: 'tv',
      devices: [{ ...liveTv(), online: false }],
      tracksConnectivity: true,
    });
    assert.equal(answer.event.header.name, 'StateReport');
    const health = answer.context?.properties.find((p) => p.namespace === 'Alexa.EndpointHealth');
    assert.deepEqual(health?.value, { value: 'UNREACHABLE' });
  });
});
