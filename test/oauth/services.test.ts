import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, freshApp } from '../support/env.ts';
import type { App } from '../../src/app.ts';
import { ClientInputError } from '../../src/oauth/clients.ts';
import { sha256 } from '../../src/oauth/hash.ts';

for (const dialect of DIALECTS) {
  describe(`oauth services on ${dialect}`, () => {
    let app: App;
    let cleanup: () => Promise<void>;
    before(async () => {
      ({ app, cleanup } = await freshApp(dialect));
    });
    after(() => cleanup());

    /** A grant row as the authorization server's adapter writes it. */
    async function grantRow(grantId: string, userId: string, clientId: string, createdAt: number) {
      await app.store.db
        .insertInto('oauth_models')
        .values({
          model: 'Grant',
          id_hash: sha256(grantId),
          grant_id: grantId,
          uid: null,
          account_id: userId,
          client_id: clientId,
          payload: JSON.stringify({ accountId: userId, clientId }),
          expires_at: null,
          consumed_at: null,
          used_at: null,
          created_at: createdAt,
        })
        .execute();
    }

    it('adds a client, shows its secret once and stores only its hash', async () => {
      const c = await app.oauth.clients.add({
        name: 'Alexa',
        redirectUris: ['https://pitangui.amazon.com/api/skill/link/M1'],
        requirePkce: true,
      });
      assert.ok(c.clientSecret.length >= 43);
      const row = await app.store.db
        .selectFrom('oauth_clients')
        .selectAll()
        .where('id', '=', c.clientId)
        .executeTakeFirstOrThrow();
      assert.equal(row.secret_hash, sha256(c.clientSecret));
      const listed = await app.oauth.clients.list();
      assert.deepEqual(
        listed.map((x) => [x.name, x.requirePkce, x.role, 'clientSecret' in x, 'secretHash' in x]),
        [['Alexa', true, 'client', false, false]],
      );
      await assert.rejects(
        app.oauth.clients.add({ name: 'bad', redirectUris: ['http://evil.example/cb'] }),
        ClientInputError,
      );
    });

    it("lists a user's linked apps and revokes one, telling listeners", async () => {
      const alexa = await app.oauth.clients.add({
        name: 'Alexa 2',
        redirectUris: ['https://layla.amazon.com/api/skill/link/M2'],
      });
      const user = await app.accounts.create(`g-${dialect}@example.com`, 'long enough');
      await grantRow('grant-1', user.id, alexa.clientId, 1000);
      await grantRow('grant-2', 'someone-else', alexa.clientId, 2000);
      await app.oauth.grants.touch('grant-1', 5000);
      assert.deepEqual(await app.oauth.grants.listForUser(user.id), [
        {
          grantId: 'grant-1',
          clientId: alexa.clientId,
          clientName: 'Alexa 2',
          createdAt: 1000,
          lastUsedAt: 5000,
        },
      ]);
      const events: unknown[] = [];
      app.bus.on('grant-revoked', (e) => events.push(e));
      assert.equal(await app.oauth.grants.revoke(user.id, 'grant-2'), false, 'not their grant');
      assert.equal(await app.oauth.grants.revoke(user.id, 'grant-1'), true);
      assert.deepEqual(await app.oauth.grants.listForUser(user.id), []);
      assert.deepEqual(events, [{ grantId: 'grant-1', userId: user.id }]);
    });

    it("records a grant's last use at most once a minute", async () => {
      const c = await app.oauth.clients.add({ name: 'Touchy', redirectUris: ['http://127.0.0.1:9/cb'] });
      const user = await app.accounts.create(`t-${dialect}@example.com`, 'long enough');
      await grantRow('grant-t', user.id, c.clientId, 1000);
      const lastUsed = async () => (await app.oauth.grants.listForUser(user.id))[0]?.lastUsedAt;
      await app.oauth.grants.touch('grant-t', 100_000);
      assert.equal(await lastUsed(), 100_000);
      await app.oauth.grants.touch('grant-t', 130_000);
      assert.equal(await lastUsed(), 100_000, 'within the minute: no write');
      await app.oauth.grants.touch('grant-t', 161_000);
      assert.equal(await lastUsed(), 161_000);
    });

    it('removing a client removes its grants', async () => {
      const c = await app.oauth.clients.add({ name: 'Temp', redirectUris: ['http://127.0.0.1:9/cb'] });
      const user = await app.accounts.create(`r-${dialect}@example.com`, 'long enough');
      await grantRow('grant-3', user.id, c.clientId, 3000);
      assert.equal(await app.oauth.clients.remove(c.clientId), true);
      assert.equal(await app.oauth.clients.remove(c.clientId), false);
      assert.deepEqual(await app.oauth.grants.listForUser(user.id), []);
    });
  });
}
