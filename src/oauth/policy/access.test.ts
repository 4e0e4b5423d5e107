import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeScopes, mayIntrospect, pkceRequired } from './access.ts';

const client = (meta: Record<string, unknown>) => ({ metadata: () => meta });

describe('access policy', () => {
  it('requires PKCE only for clients registered with it', () => {
    assert.equal(pkceRequired(client({ require_pkce: true })), true);
    assert.equal(pkceRequired(client({ require_pkce: false })), false);
    assert.equal(pkceRequired(client({})), false);
  });

  it('checklist 36: lets only resource servers introspect', () => {
    assert.equal(mayIntrospect(client({ role: 'resource-server' })), true);
    assert.equal(mayIntrospect(client({ role: 'client' })), false);
  });

  it('describes known scopes in words and drops unknown ones', () => {
    assert.deepEqual(describeScopes(['devices', 'bogus']), [
      'see your devices and their state, and control them',
    ]);
  });
});
