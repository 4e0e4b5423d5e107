// The storage adapter's half of checklist 12 and 13: two exchanges of one code that both read it
// unconsumed (possible on PostgreSQL, where queries interleave) cannot both consume it. The second
// consume is a replay: the grant is revoked and the exchange refused with invalid_grant.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, freshApp } from '../support/env.ts';
import { createAdapter } from '../../src/oauth/adapter.ts';
import { errors } from '../../src/oauth/quarantine.ts';
import { PASSWORD } from './flow.ts';

for (const dialect of DIALECTS) {
  describe(`authorization code consumption on ${dialect}`, () => {
    it('the second of two consumes of a code read unconsumed revokes the grant and is invalid_grant', async () => {
      const f = await freshApp(dialect);
      try {
        const user = await f.app.accounts.create('code@example.com', PASSWORD);
        const revoked: unknown[] = [];
        f.app.bus.on('grant-revoked', (e) => revoked.push(e));
        const Adapter = createAdapter({
          store: f.app.store,
          findClient: async () => null,
          now: Date.now,
          refreshReuseGraceMs: 0,
          revokeReplayed: (grantId) => f.app.oauth.grants.revokeReplayed(grantId),
        });
        const grants = new Adapter('Grant');
        const codes = new Adapter('AuthorizationCode');
        const refresh = new Adapter('RefreshToken');
        await grants.upsert('g1', { accountId: user.id, clientId: 'alexa' }, 3600);
        await codes.upsert('code-1', { grantId: 'g1', accountId: user.id, clientId: 'alexa' }, 60);
        // Both exchanges read the code before either consumes it.
        const [a, b] = [await codes.find('code-1'), await codes.find('code-1')];
        assert.equal(a?.consumed, undefined);
        assert.equal(b?.consumed, undefined);
        await codes.consume('code-1');
        // The first exchange goes on to issue a refresh token under the grant.
        await refresh.upsert('rt-1', { grantId: 'g1', accountId: user.id, clientId: 'alexa' }, 3600);
        await assert.rejects(
          codes.consume('code-1'),
          (e: unknown) => e instanceof errors.InvalidGrant,
          'the second consume is refused',
        );
        assert.equal(await grants.find('g1'), undefined, 'the grant is revoked');
        assert.equal(await refresh.find('rt-1'), undefined, 'with what was issued under it');
        assert.deepEqual(revoked, [{ grantId: 'g1', userId: user.id }]);
        // Refresh tokens are not codes: a second consume (rotation within the grace window) is no replay.
        await refresh.upsert('rt-2', { grantId: 'g2', accountId: user.id, clientId: 'alexa' }, 3600);
        await refresh.consume('rt-2');
        await refresh.consume('rt-2');
      } finally {
        await f.cleanup();
      }
    });
  });
}
