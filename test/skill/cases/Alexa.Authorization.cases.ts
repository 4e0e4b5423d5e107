import type { SkillCase } from '../case.ts';

const NS = 'Alexa.Authorization';

export const cases: SkillCase[] = [
  {
    name: 'AcceptGrant answers ACCEPT_GRANT_FAILED until proactive events exist (never a fake success)',
    directive: [NS, 'AcceptGrant'],
    expect: { namespace: NS, name: 'ErrorResponse', error: { type: 'ACCEPT_GRANT_FAILED' } },
  },
  {
    name: 'AcceptGrant with an invalid grantee token is still ACCEPT_GRANT_FAILED, never an unlinking error',
    directive: [NS, 'AcceptGrant', { token: 'garbage' }],
    expect: { namespace: NS, name: 'ErrorResponse', error: { type: 'ACCEPT_GRANT_FAILED' } },
  },
  {
    name: 'AcceptGrant without a grantee is ACCEPT_GRANT_FAILED',
    directive: [NS, 'AcceptGrant', { token: null }],
    expect: { namespace: NS, name: 'ErrorResponse', error: { type: 'ACCEPT_GRANT_FAILED' } },
  },
];
