import type { SkillCase } from '../case.ts';
import { OTHER_USER } from '../support.ts';

const NS = 'Alexa.Discovery';
const many = Array.from({ length: 301 }, (_, i) => ({ id: `light-${i}` }));

export const cases: SkillCase[] = [
  {
    name: "Discover lists only the token owner's controllable endpoints",
    directive: [NS, 'Discover'],
    devices: [
      { id: 'lamp' },
      { id: 'desk', name: 'Desk Lamp' },
      { id: 'their-lamp', userId: OTHER_USER },
      // Meeting rooms are controlled by Alexa.MeetingClientController (video branch).
      { id: 'room', type: 'meeting-room', state: {} },
    ],
    expect: { name: 'Discover.Response', endpoints: ['lamp', 'desk', 'room'] },
    command: null,
  },
  {
    name: "Discover answers at most 300 endpoints (Alexa's limit)",
    directive: [NS, 'Discover'],
    devices: many,
    expect: { name: 'Discover.Response', endpoints: many.slice(0, 300).map((d) => d.id) },
  },
  {
    name: 'Discover with no devices answers an empty list',
    directive: [NS, 'Discover'],
    devices: [],
    expect: { name: 'Discover.Response', endpoints: [] },
  },
  {
    name: 'Discover with an invalid token is INVALID_AUTHORIZATION_CREDENTIAL (see decision 0200)',
    directive: [NS, 'Discover', { token: 'revoked-or-unknown' }],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_AUTHORIZATION_CREDENTIAL' } },
  },
  {
    name: 'Discover without payload.scope is INVALID_DIRECTIVE',
    directive: [NS, 'Discover', { token: null }],
    expect: { name: 'ErrorResponse', error: { type: 'INVALID_DIRECTIVE' } },
  },
];
