// Meetings directives (with the BearerTokenWithPartition scope Alexa for Business sends) answer the
// token errors exactly as the lights do, and execute nothing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { playDirective, shape, tokenVerifier, TOKEN_CASES } from '../video/support.ts';
import { eventAround, roomSeed } from '../video/fixtures.ts';

const MEETING_DIRECTIVES: Array<[string, Record<string, unknown>]> = [
  [
    'JoinMeeting',
    { meeting: { provider: 'Chime', protocol: 'SIP', endpoint: 'meet.example.com', id: '1', pin: '2' } },
  ],
  ['EndMeeting', {}],
  ['JoinScheduledMeeting', {}],
];

describe('the meetings interface answers token errors exactly as the lights do', () => {
  for (const c of TOKEN_CASES) {
    it(`${c.verdict.kind}${'reason' in c.verdict ? ` (${c.verdict.reason})` : ''}`, async () => {
      const light = await playDirective('Alexa.PowerController', 'TurnOn', {
        endpointId: 'lamp',
        token: c.token,
        verifier: tokenVerifier(),
        devices: [{ id: 'lamp' }],
      });
      for (const [name, payload] of MEETING_DIRECTIVES) {
        const played = await playDirective('Alexa.MeetingClientController', name, {
          endpointId: 'lamp',
          scope: { type: 'BearerTokenWithPartition', token: c.token, partition: 'room101', userId: 'u-1' },
          payload,
          verifier: tokenVerifier(),
          devices: [{ ...roomSeed({ calendar: [eventAround()] }), id: 'lamp' }],
        });
        assert.deepEqual(shape(played.answer), shape(light.answer), name);
        assert.deepEqual(played.cloud.commands, [], `${name} executes nothing`);
      }
    });
  }
});
