// GET /metrics: Prometheus text exposition of the process registry (src/metrics.ts).
import type { FastifyPluginAsync } from 'fastify';
import { metricsRegistry } from '../metrics.ts';

export function metricsRoutes(): FastifyPluginAsync {
  return async (server) => {
    server.get('/metrics', async (_req, reply) => {
      const text = await metricsRegistry.metrics();
      return reply.type(metricsRegistry.contentType).send(text);
    });
  };
}
