import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lifetimes, NO_EXPIRY } from './lifetimes.ts';

describe('token lifetimes', () => {
  it('uses ACCESS_TOKEN_TTL for access tokens and at most 60 s for codes', () => {
    const t = lifetimes(3600);
    assert.equal(t.AccessToken, 3600);
    assert.ok(t.AuthorizationCode <= 60);
  });

  it('gives refresh tokens and grants no practical expiry, the grant outliving the refresh token', () => {
    const t = lifetimes(3600);
    assert.ok(t.RefreshToken >= 50 * 365 * 24 * 3600);
    assert.ok(t.Grant >= t.RefreshToken);
    assert.ok(Number.isSafeInteger(NO_EXPIRY) && NO_EXPIRY > 0);
  });
});
