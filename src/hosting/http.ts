// Builds the HTTP server for an App. Every route is registered in routes.ts so the whole attack
// surface reads in one file.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { App } from '../app.ts';
import { registerRoutes } from './routes.ts';

/** Largest request body accepted anywhere (Alexa directives are a few KB). */
export const BODY_LIMIT = 256 * 1024;

export async function buildHttpServer(app: App): Promise<FastifyInstance> {
  const server = Fastify({
    // At warn or above: fastify's only info line is "Server listening at", which the start banner
    // already says (before the log lines, which are written once per event-loop turn).
    loggerInstance: app.logger.child(
      { component: 'http' },
      { level: app.logger.levelVal > app.logger.levels.values.warn! ? app.logger.level : 'warn' },
    ) as FastifyBaseLogger,
    // Request lines would repeat what the directive log already says; each component logs what matters.
    logController: new LogController({ disableRequestLogging: true }),
    // Nothing logs through request.log (each component logs with its own logger), so a child logger
    // per request, whose reqId binding pino runs through redaction, would be pure cost.
    childLoggerFactory: (logger) => logger,
    bodyLimit: BODY_LIMIT,
    // request.ip is the socket's address unless that peer is one of the TRUST_PROXY proxies; only
    // then does X-Forwarded-For name the client. Every per-IP limit and log reads request.ip.
    trustProxy: app.config.trustProxy.length > 0 ? app.config.trustProxy : false,
    return503OnClosing: false,
  });
  await registerRoutes(server, app);
  return server;
}
