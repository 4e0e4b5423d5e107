// GET /events: the signed-in owner's device changes as server-sent events, so the dashboard follows
// voice commands and device reports without reloading. Only that owner's devices are ever sent.
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import { securityHeaders } from '../html.ts';
import { requireSignedIn, type WebContext } from '../context.ts';
import { deviceView } from '../device-view.ts';
import { deviceCard } from '../views.ts';

/** Comment lines keep proxies from closing an idle stream, and let us notice a session that ended. */
const HEARTBEAT_MS = 20_000;

export function liveRoutes(ctx: WebContext) {
  const { app } = ctx;
  const streams = new Set<ServerResponse>();
  return async (server: FastifyInstance): Promise<void> => {
    // Open streams would keep the server from closing: end them first.
    server.addHook('preClose', async () => {
      for (const res of streams) res.end();
      streams.clear();
    });

    server.get('/events', async (req, reply) => {
      const visitor = await requireSignedIn(ctx, req, reply);
      if (!visitor) return reply;
      const { userId } = visitor.session;
      const sessionId = visitor.session.id;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...securityHeaders(),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 2000\n\n');
      streams.add(res);
      const send = (event: string, data: unknown) => {
        if (!res.writableEnded) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      // Events for one device are sent in the order they happened, even though each needs a lookup.
      let queue = Promise.resolve();
      const offDevice = app.bus.on('device-changed', (e) => {
        if (e.userId !== userId) return;
        queue = queue
          .then(async () => {
            if (e.change === 'removed') return send('device', { change: 'removed', deviceId: e.deviceId });
            const device = await app.devices.get(userId, e.deviceId);
            if (!device) return send('device', { change: 'removed', deviceId: e.deviceId });
            const view = deviceView(device);
            send('device', {
              change: e.change,
              device: view,
              ...(e.change === 'added' ? { html: deviceCard(view, visitor.csrf).html } : {}),
            });
          })
          .catch((err: unknown) => app.logger.warn({ err, component: 'web' }, 'live update failed'));
      });
      // Whatever changed between rendering the page and this stream opening is sent first: the
      // page starts from the current state, with no gap.
      queue = queue
        .then(async () => {
          for (const device of await app.devices.list(userId)) {
            const view = deviceView(device);
            send('device', { change: 'sync', device: view, html: deviceCard(view, visitor.csrf).html });
          }
        })
        .catch((err: unknown) => app.logger.warn({ err, component: 'web' }, 'live snapshot failed'));
      const close = () => {
        clearInterval(timer);
        offDevice();
        offAccount();
        streams.delete(res);
        if (!res.writableEnded) res.end();
      };
      const offAccount = app.bus.on('account-changed', (e) => {
        if (e.userId === userId && e.change !== 'enabled') {
          send('signed-out', {});
          close();
        }
      });
      const timer = setInterval(() => {
        ctx.visitors
          .sessionAlive(sessionId)
          .then((still) => {
            if (!still) {
              send('signed-out', {});
              close();
            } else if (!res.writableEnded) res.write(': heartbeat\n\n');
          })
          .catch(() => undefined);
      }, HEARTBEAT_MS);
      timer.unref();
      req.raw.on('close', close);
    });
  };
}
