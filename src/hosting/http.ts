// Builds the HTTP server for an App. Every route is registered in routes.ts so the whole attack
// surface reads in one file.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { App } from '../app.ts';
import { registerRoutes } from './routes.ts';

/** Largest request body accepted anywhere (Alexa directives are a few KB). */
export const BODY_LIMIT = 256 * 1024;

export async function buildHttpServer(app: App): Promise<FastifyInstance> {
  const server = Fastify({
    loggerInstance: app.logger.child({ component: 'http' }) as FastifyBaseLogger,
    // Request lines would repeat what the directive log already says; each component logs what matters.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    trustProxy: false,
    return503OnClosing: false,
  });
  await registerRoutes(server, app);
  return server;
}
