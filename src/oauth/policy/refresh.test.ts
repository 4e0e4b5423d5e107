import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { issueRefreshToken, refreshPolicy } from './refresh.ts';

describe('refresh token policy', () => {
  it('does not rotate by default and then has no grace window', () => {
    const p = refreshPolicy({ rotation: false, reuseGraceSeconds: 60 });
    assert.equal(p.rotate(), false);
    assert.equal(p.reuseGraceMs, 0);
  });

  it('rotates when switched on, with the reuse grace window in ms', () => {
    const p = refreshPolicy({ rotation: true, reuseGraceSeconds: 60 });
    assert.equal(p.rotate(), true);
    assert.equal(p.reuseGraceMs, 60_000);
  });

  it('issues a refresh token to any client allowed the grant, without offline_access', () => {
    assert.equal(issueRefreshToken({ grantTypeAllowed: (t) => t === 'refresh_token' }), true);
    assert.equal(issueRefreshToken({ grantTypeAllowed: () => false }), false);
  });
});
