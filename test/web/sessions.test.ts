import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, freshApp } from '../support/env.ts';
import {
  SESSION_IDLE_MS,
  SESSION_MAX_MS,
  WebSessions,
  csrfTokenFor,
  csrfTokenMatches,
} from '../../src/web/sessions.ts';

for (const dialect of DIALECTS) {
  describe(`web sessions (${dialect})`, () => {
    it('stores only a hash, expires when idle or too old, and ends with the account', async () => {
      const { app, cleanup } = await freshApp(dialect);
      try {
        let now = 1_700_000_000_000;
        const sessions = new WebSessions(app.store, () => now);
        const user = await app.accounts.create('owner@example.com', 'correct horse');
        const id = await sessions.create(user.id);
        const rows = await app.store.db
          .withTables<{ web_sessions: { id_hash: string } }>()
          .selectFrom('web_sessions')
          .select('id_hash')
          .execute();
        assert.equal(rows.length, 1);
        assert.notEqual(rows[0]!.id_hash, id);
        assert.ok(!JSON.stringify(rows).includes(id));

        assert.equal((await sessions.find(id))?.email, 'owner@example.com');
        assert.equal(await sessions.find('x'.repeat(43)), null);

        // Activity keeps it alive up to the absolute limit.
        for (let t = 0; t < SESSION_MAX_MS - SESSION_IDLE_MS; t += SESSION_IDLE_MS / 2) {
          now += SESSION_IDLE_MS / 2;
          assert.ok(await sessions.find(id), `alive after ${t}`);
        }
        now = 1_700_000_000_000 + SESSION_MAX_MS;
        assert.equal(await sessions.find(id), null, 'absolute expiry');

        const idle = await sessions.create(user.id);
        now += SESSION_IDLE_MS;
        assert.equal(await sessions.find(idle), null, 'idle expiry');

        const live = await sessions.create(user.id);
        await app.accounts.delete(user.id);
        assert.equal(await sessions.find(live), null, 'account deleted');
      } finally {
        await cleanup();
      }
    });
  });
}

describe('csrf tokens', () => {
  it('match only their own seed', () => {
    const token = csrfTokenFor('seed-a');
    assert.equal(csrfTokenMatches('seed-a', token), true);
    assert.equal(csrfTokenMatches('seed-b', token), false);
    assert.equal(csrfTokenMatches('seed-a', ''), false);
    assert.equal(csrfTokenMatches('seed-a', undefined), false);
    assert.equal(csrfTokenMatches('seed-a', token.slice(1)), false);
  });
});
