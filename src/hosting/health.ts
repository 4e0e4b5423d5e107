import type { FastifyPluginAsync } from 'fastify';
import type { App } from '../app.ts';

/** Liveness (the process answers) and readiness (the store answers within a second). */
export function healthRoutes(app: App): FastifyPluginAsync {
  return async (server) => {
    server.get('/healthz', async () => ({ status: 'ok' }));
    server.get('/readyz', async (_req, reply) => {
      try {
        await Promise.race([
          app.store.ping(),
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error('store did not answer within 1 s')), 1000).unref(),
          ),
        ]);
        return { status: 'ready', store: app.store.dialect };
      } catch (err) {
        return reply
          .code(503)
          .send({ status: 'not ready', store: app.store.dialect, error: (err as Error).message });
      }
    });
  };
}
