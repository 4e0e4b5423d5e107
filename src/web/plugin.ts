// The account owner's web app: every page and its routes, registered from hosting/routes.ts.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import type { App } from '../app.ts';
import { WebSessions } from './sessions.ts';
import { VisitorResolver } from './visitor.ts';
import type { WebContext } from './context.ts';
import { securityHeaders } from './html.ts';
import { authRoutes } from './routes/auth.ts';
import { deviceRoutes } from './routes/devices.ts';
import { liveRoutes } from './routes/live.ts';
import { accountRoutes } from './routes/account.ts';

/** Forms are small; a big body is a mistake or an attack. */
const FORM_BODY_LIMIT = 16 * 1024;

const APP_JS = readFileSync(new URL('./assets/app.js', import.meta.url));

export function webRoutes(app: App) {
  return async (server: FastifyInstance): Promise<void> => {
    // The authorization server may have registered the form parser already.
    if (!server.hasContentTypeParser('application/x-www-form-urlencoded')) {
      await server.register(formbody, { bodyLimit: FORM_BODY_LIMIT });
    }
    const sessions = new WebSessions(app.store);
    const ctx: WebContext = {
      app,
      visitors: new VisitorResolver(sessions, { secure: app.config.publicUrl.startsWith('https:') }),
      signInLimits: app.signInLimits.web,
    };
    // A deleted or disabled account's web sessions end at once, not at their next request.
    const offAccount = app.bus.on('account-changed', (e) => {
      if (e.change !== 'enabled') {
        sessions
          .destroyForUser(e.userId)
          .catch((err: unknown) => app.logger.warn({ err }, 'ending web sessions failed'));
      }
    });
    const purge = setInterval(
      () => {
        sessions.purgeExpired().catch(() => undefined);
      },
      60 * 60 * 1000,
    );
    purge.unref();
    server.addHook('onClose', async () => {
      clearInterval(purge);
      offAccount();
    });

    // Every answer of the web app, redirects and errors included, refuses framing and caching.
    const headers = securityHeaders();
    server.addHook('onSend', async (_req, reply, payload) => {
      for (const [name, value] of Object.entries(headers))
        if (!reply.hasHeader(name)) reply.header(name, value);
      return payload;
    });

    server.get('/assets/app.js', async (_req, reply) =>
      reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .send(APP_JS),
    );
    await server.register(authRoutes(ctx));
    await server.register(deviceRoutes(ctx));
    await server.register(liveRoutes(ctx));
    await server.register(accountRoutes(ctx));
  };
}
