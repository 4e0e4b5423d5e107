// Every video directive answers the token errors exactly as the lights do: an expired token is
// EXPIRED_AUTHORIZATION_CREDENTIAL, an invalid one INVALID_AUTHORIZATION_CREDENTIAL, a verifier that
// cannot judge INTERNAL_ERROR; in the generic Alexa namespace (never Alexa.Video), and nothing runs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { playDirective, shape, tokenVerifier, TOKEN_CASES } from './support.ts';
import { liveTv } from './fixtures.ts';
import type { DeviceSeed } from '../skill/support.ts';

const VIDEO_DIRECTIVES: Array<[string, string, Record<string, unknown>]> = [
  ['Alexa.ChannelController', 'ChangeChannel', { channel: { number: '7' } }],
  ['Alexa.ChannelController', 'SkipChannels', { channelCount: 1 }],
  ['Alexa.InputController', 'SelectInput', { input: 'HDMI 1' }],
  ['Alexa.Speaker', 'SetVolume', { volume: 10 }],
  ['Alexa.Speaker', 'AdjustVolume', { volume: 5, volumeDefault: false }],
  ['Alexa.Speaker', 'SetMute', { mute: true }],
  ['Alexa.StepSpeaker', 'AdjustVolume', { volumeSteps: 2 }],
  ['Alexa.StepSpeaker', 'SetMute', { mute: true }],
  ...['Play', 'Pause', 'Stop', 'StartOver', 'Previous', 'Next', 'Rewind', 'FastForward'].map(
    (op): [string, string, Record<string, unknown>] => ['Alexa.PlaybackController', op, {}],
  ),
  ['Alexa.SeekController', 'AdjustSeekPosition', { deltaPositionMilliseconds: 1000 }],
  ['Alexa.Launcher', 'LaunchTarget', { identifier: 'mylights.app.streamflix', name: 'StreamFlix' }],
  ['Alexa.RemoteVideoPlayer', 'SearchAndPlay', { entities: [{ type: 'Video', value: 'Paper Moons' }] }],
  ['Alexa.RemoteVideoPlayer', 'SearchAndDisplayResults', { entities: [{ type: 'Genre', value: 'Comedy' }] }],
  ['Alexa.RecordController', 'StartRecording', {}],
  ['Alexa.RecordController', 'StopRecording', {}],
  ['Alexa.KeypadController', 'SendKeystroke', { keystroke: 'UP' }],
];

function deviceFor(namespace: string): DeviceSeed {
  return namespace === 'Alexa.StepSpeaker' ? liveTv('2', { speaker: 'step' }) : liveTv('2');
}

describe('video interfaces answer token errors exactly as the lights do', () => {
  for (const c of TOKEN_CASES) {
    it(`${c.verdict.kind}${'reason' in c.verdict ? ` (${c.verdict.reason})` : ''}`, async () => {
      const light = await playDirective('Alexa.PowerController', 'TurnOn', {
        endpointId: 'lamp',
        token: c.token,
        verifier: tokenVerifier(),
        devices: [{ id: 'lamp' }],
      });
      const expected = shape(light.answer);
      assert.equal(expected.namespace, 'Alexa');
      assert.equal(expected.name, 'ErrorResponse');
      for (const [namespace, name, payload] of VIDEO_DIRECTIVES) {
        const played = await playDirective(namespace, name, {
          endpointId: 'lamp',
          token: c.token,
          payload,
          verifier: tokenVerifier(),
          devices: [{ ...deviceFor(namespace), id: 'lamp' }],
        });
        assert.deepEqual(shape(played.answer), expected, `${namespace}.${name}`);
        assert.deepEqual(played.cloud.commands, [], `${namespace}.${name} executes nothing`);
      }
    });
  }
});
