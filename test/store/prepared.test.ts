// Store#prepare: the hot-path queries bypass Kysely's builder at run time, so they must behave
// exactly like the Kysely query they were built from, on both dialects, and inside transactions.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, freshApp } from '../support/env.ts';
import { param } from '../../src/store/db.ts';
import type { App } from '../../src/app.ts';

for (const dialect of DIALECTS) {
  describe(`prepared queries on ${dialect}`, () => {
    let app: App;
    let cleanup: () => Promise<void>;
    let userId: string;
    before(async () => {
      ({ app, cleanup } = await freshApp(dialect));
      userId = (await app.accounts.create('prep@example.com', 'correct horse')).id;
    });
    after(() => cleanup());

    it('binds named parameters, keeps constants, and reads what Kysely reads', async () => {
      const light = await app.devices.add(userId, 'light', 'Desk');
      await app.devices.add(userId, 'tv', 'Den');
      const byType = app.store.prepare<{ id: string; name: string }>(
        app.store.db
          .selectFrom('devices')
          .select(['id', 'name'])
          .where('user_id', '=', param('userId'))
          .where('type', '=', 'light'),
      );
      const { rows } = await byType({ userId });
      assert.deepEqual(rows, [{ id: light.id, name: 'Desk' }]);
      assert.deepEqual((await byType({ userId: 'nobody' })).rows, []);
    });

    it('reports how many rows a write changed', async () => {
      const light = await app.devices.add(userId, 'light', 'Porch');
      const rename = app.store.prepare(
        app.store.db
          .updateTable('devices')
          .set({ name: param('name') })
          .where('id', '=', param('id')),
      );
      assert.equal((await rename({ name: 'Porch light', id: light.id })).changes, 1);
      assert.equal((await rename({ name: 'x', id: 'no-such-device' })).changes, 0);
      assert.equal((await app.devices.get(userId, light.id))?.name, 'Porch light');
    });

    it('refuses a call that leaves a named parameter without a value', async () => {
      const q = app.store.prepare(
        app.store.db.selectFrom('devices').select('id').where('id', '=', param('id')),
      );
      await assert.rejects(async () => q({}), /no value for id/);
    });

    it('a write issued while a transaction is open does not join it (a rollback keeps it)', async () => {
      const light = await app.devices.add(userId, 'light', 'Hall');
      let release!: () => void;
      const holding = new Promise<void>((r) => (release = r));
      const trx = app.store.db
        .transaction()
        .execute(async (t) => {
          await t.updateTable('devices').set({ name: 'rolled back' }).where('id', '=', light.id).execute();
          await holding;
          throw new Error('roll back');
        })
        .catch((e: Error) => e.message);
      // Give the transaction time to open and write.
      await new Promise((r) => setTimeout(r, 20));
      const saved = app.devices.saveState(light, { ...light.state, power: 'ON' });
      release();
      assert.equal(await trx, 'roll back');
      await saved;
      const after = await app.devices.get(userId, light.id);
      assert.equal(after?.name, 'Hall');
      assert.equal((after?.state as { power?: string }).power, 'ON');
    });
  });
}
