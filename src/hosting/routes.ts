// The server's whole route table.
import type { FastifyInstance } from 'fastify';
import type { App } from '../app.ts';
import { healthRoutes } from './health.ts';
import { resourceApi } from '../cloud/api/plugin.ts';
import { API_PREFIX } from '../cloud/api/contract.ts';
import { alexaRoutes } from './alexa-route.ts';
import { metricsRoutes } from './metrics-route.ts';
import { oauthRoutes } from '../oauth/routes.ts';
import { webRoutes } from '../web/plugin.ts';

export async function registerRoutes(server: FastifyInstance, app: App): Promise<void> {
  await server.register(healthRoutes(app));
  await server.register(resourceApi(app), { prefix: API_PREFIX });
  await server.register(alexaRoutes(app));
  await server.register(metricsRoutes());
  await server.register(oauthRoutes(app));
  await server.register(webRoutes(app));
}
