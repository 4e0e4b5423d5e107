// Web sessions end with the account even when the change is made by another process: the CLI
// (`mylights users disable`) opens its own App on the same store, and without Redis its bus event
// never reaches the running server.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../../src/app.ts';
import { createLogger } from '../../src/log.ts';
import { startServer } from '../../src/hosting/serve.ts';
import { DIALECTS, freePort, freshApp } from '../support/env.ts';
import { Browser } from '../oauth/browser.ts';

for (const dialect of DIALECTS) {
  describe(`web sessions and the CLI (${dialect})`, () => {
    it('a session of an account disabled from the CLI does not come back when it is enabled again', async () => {
      const port = await freePort();
      const { app, env, cleanup } = await freshApp(dialect, {
        env: { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` },
      });
      const server = await startServer(env.config, app);
      try {
        await app.accounts.create('owner@example.com', 'longenough');
        const browser = new Browser();
        const page = await (await browser.request(`${server.url}/signin`)).text();
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
        assert.ok(csrf);
        const signedIn = await browser.submit(server.url, '/signin', {
          _csrf: csrf,
          email: 'owner@example.com',
          password: 'longenough',
          next: '/dashboard',
        });
        assert.equal(signedIn.status, 303);
        assert.equal((await browser.request(`${server.url}/dashboard`)).status, 200);

        // What `mylights users disable` and then `enable` do while the server runs (withAdminApp).
        for (const status of ['disabled', 'active'] as const) {
          const admin = await createApp(env.config, {
            logger: createLogger('silent'),
            ...(env.schema ? { schema: env.schema } : {}),
          });
          try {
            await admin.accounts.setStatus('owner@example.com', status);
          } finally {
            await admin.close();
          }
        }

        const after = await browser.request(`${server.url}/dashboard`);
        assert.equal(after.status, 303, 'the old session is over');
        assert.equal(after.headers.get('location'), '/signin?next=%2Fdashboard');
      } finally {
        await server.http.close();
        await cleanup();
      }
    });

    it('a new password set from the CLI signs out the old sessions; only the new password signs in', async () => {
      const port = await freePort();
      const { app, env, cleanup } = await freshApp(dialect, {
        env: { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` },
      });
      const server = await startServer(env.config, app);
      const signIn = async (browser: Browser, password: string) => {
        const page = await (await browser.request(`${server.url}/signin`)).text();
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
        assert.ok(csrf);
        return browser.submit(server.url, '/signin', {
          _csrf: csrf,
          email: 'forgot@example.com',
          password,
          next: '/dashboard',
        });
      };
      try {
        const user = await app.accounts.create('forgot@example.com', 'the old password');
        const browser = new Browser();
        assert.equal((await signIn(browser, 'the old password')).status, 303);
        assert.equal((await browser.request(`${server.url}/dashboard`)).status, 200);

        // What `mylights users password` does while the server runs (withAdminApp).
        const admin = await createApp(env.config, {
          logger: createLogger('silent'),
          ...(env.schema ? { schema: env.schema } : {}),
        });
        try {
          await admin.accounts.changePassword(user.id, 'the new password');
        } finally {
          await admin.close();
        }

        assert.equal((await browser.request(`${server.url}/dashboard`)).status, 303, 'signed out');
        assert.equal((await signIn(new Browser(), 'the old password')).status, 401);
        assert.equal((await signIn(new Browser(), 'the new password')).status, 303);
      } finally {
        await server.http.close();
        await cleanup();
      }
    });
  });
}
