import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freshServer } from '../support/env.ts';

describe('all-in-one server', () => {
  it('answers /healthz and reports the store in /readyz', async () => {
    const s = await freshServer('sqlite');
    try {
      const health = await fetch(`${s.url}/healthz`);
      assert.equal(health.status, 200);
      const ready = await fetch(`${s.url}/readyz`);
      assert.equal(ready.status, 200);
      assert.equal(((await ready.json()) as { store: string }).store, 'sqlite');
    } finally {
      await s.cleanup();
    }
  });

  it('/readyz answers 503 when the store is gone', async () => {
    const s = await freshServer('postgres');
    try {
      await s.app.store.close();
      const ready = await fetch(`${s.url}/readyz`);
      assert.equal(ready.status, 503);
    } finally {
      await s.server.http.close();
    }
  });
});
