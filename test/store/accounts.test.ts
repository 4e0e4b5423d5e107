import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DIALECTS, freshApp } from '../support/env.ts';
import { AccountError } from '../../src/cloud/accounts.ts';
import type { App } from '../../src/app.ts';

for (const dialect of DIALECTS) {
  describe(`accounts on ${dialect}`, () => {
    let app: App;
    let cleanup: () => Promise<void>;
    before(async () => {
      ({ app, cleanup } = await freshApp(dialect));
    });
    after(() => cleanup());

    it('signs up and signs in with the right password only', async () => {
      const user = await app.accounts.create('Ada@Example.com ', 'correct horse');
      assert.equal(user.email, 'ada@example.com');
      assert.equal((await app.accounts.authenticate('ADA@example.com', 'correct horse'))?.id, user.id);
      assert.equal(await app.accounts.authenticate('ada@example.com', 'wrong horse'), null);
      assert.equal(await app.accounts.authenticate('nobody@example.com', 'correct horse'), null);
    });

    it('refuses a taken email, a bad email and a short password with a reason', async () => {
      await assert.rejects(
        app.accounts.create('ada@example.com', 'another pass'),
        (e: AccountError) => e.code === 'email_taken',
      );
      await assert.rejects(
        app.accounts.create('not-an-email', 'another pass'),
        (e: AccountError) => e.code === 'invalid_email',
      );
      await assert.rejects(
        app.accounts.create('bob@example.com', 'short'),
        (e: AccountError) => e.code === 'weak_password',
      );
    });

    it('stores passwords only as Argon2id hashes (checklist 28)', async () => {
      const row = await app.store.db
        .selectFrom('users')
        .selectAll()
        .where('email', '=', 'ada@example.com')
        .executeTakeFirstOrThrow();
      assert.match(row.password_hash, /^\$argon2id\$/);
      assert.ok(!row.password_hash.includes('correct horse'));
      if (dialect === 'sqlite') {
        assert.ok(!readFileSync(app.store.location).includes('correct horse'));
      }
    });

    it('a disabled account cannot sign in until re-enabled', async () => {
      await app.accounts.setStatus('ada@example.com', 'disabled');
      assert.equal(await app.accounts.authenticate('ada@example.com', 'correct horse'), null);
      await app.accounts.setStatus('ada@example.com', 'active');
      assert.ok(await app.accounts.authenticate('ada@example.com', 'correct horse'));
    });

    it('deleting an account removes its devices and OAuth records and tells listeners', async () => {
      const user = await app.accounts.create('gone@example.com', 'password123');
      await app.devices.add(user.id, 'light', 'Lamp');
      await app.store.db
        .insertInto('oauth_models')
        .values({
          model: 'Grant',
          id_hash: 'h1',
          grant_id: 'g1',
          uid: null,
          account_id: user.id,
          client_id: 'c',
          payload: '{}',
          expires_at: null,
          consumed_at: null,
          used_at: null,
          created_at: Date.now(),
        })
        .execute();
      const events: string[] = [];
      app.bus.on('account-changed', (e) => events.push(`${e.userId}:${e.change}`));
      await app.accounts.delete(user.id);
      assert.equal(await app.accounts.findById(user.id), null);
      assert.deepEqual(await app.devices.list(user.id), []);
      const left = await app.store.db
        .selectFrom('oauth_models')
        .selectAll()
        .where('account_id', '=', user.id)
        .execute();
      assert.equal(left.length, 0);
      assert.deepEqual(events, [`${user.id}:deleted`]);
    });
  });
}
