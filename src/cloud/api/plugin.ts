// The resource API as a Fastify plugin mounted at /api/v1: bearer authentication, the route table,
// and one error funnel that answers every failure with the JSON error shape and the API signature.
import type {
  FastifyError,
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
} from 'fastify';
import { Ajv } from 'ajv';
import type { App } from '../../app.ts';
import {
  API_SIGNATURE_HEADER,
  API_SIGNATURE_VALUE,
  type ApiErrorBody,
  type ApiErrorCode,
} from './contract.ts';
import { authenticate, challenge, requireScope } from './auth.ts';
import { ApiError, errorStatuses, type ApiRoute, type Caller } from './route.ts';
import { API_ROUTES } from './routes/index.ts';
import { errorSchema } from './schemas.ts';
import { openApiDocument } from './openapi.ts';

function sendError(reply: FastifyReply, err: ApiError): FastifyReply {
  let www = err.wwwAuthenticate;
  if (!www && err.status === 401) www = challenge('invalid_token', err.body.error_description);
  if (www) reply.header('www-authenticate', www);
  if (err.status === 503) reply.header('retry-after', '1');
  return reply.code(err.status).header('cache-control', 'no-store').send(err.body);
}

/** Maps anything thrown below the API to its answer; unknown errors are ours (500) unless the store is down (503). */
async function toApiError(app: App, err: unknown): Promise<ApiError> {
  if (err instanceof ApiError) return err;
  const fe = err as Partial<FastifyError>;
  if (fe.validation) {
    return new ApiError(400, {
      error: 'invalid_request',
      error_description: fe.message ?? 'invalid request',
    });
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new ApiError(fe.statusCode, {
      error: 'invalid_request',
      error_description: fe.message ?? 'invalid request',
    });
  }
  const storeUp = await Promise.race([
    app.store.ping().then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 500).unref()),
  ]);
  if (!storeUp) {
    return new ApiError(503, {
      error: 'temporarily_unavailable',
      reason: 'store',
      error_description: 'the device store does not answer; try again',
    });
  }
  return new ApiError(500, { error: 'server_error', error_description: 'internal error' });
}

/** The API's answers that are a device's trouble, not the API's, and the warn line each gets. */
const DEVICE_TROUBLE: Partial<Record<ApiErrorCode, string>> = {
  device_fault: "device fault: the device reported a failure (the device's, not ours; no unlink risk)",
  device_unreachable:
    "device unreachable: offline or no acknowledgement in time (the device's, not ours; no unlink risk)",
};

export function resourceApi(app: App, routes: ApiRoute[] = API_ROUTES): FastifyPluginAsync {
  return async (server: FastifyInstance) => {
    const log = app.logger.child({ component: 'api' });
    const callers = new WeakMap<FastifyRequest, Caller>();

    // Stricter than Fastify's default Ajv: an unknown property is an error the client hears about,
    // not something silently dropped, and nothing is coerced.
    const ajv = new Ajv({ removeAdditional: false, useDefaults: true, coerceTypes: false, allErrors: false });
    server.setValidatorCompiler(({ schema }) => ajv.compile(schema));

    // The signature: every answer under /api/v1 (successes, errors, 404s of unknown paths) carries it.
    server.addHook('onRequest', async (_req, reply) => {
      reply.header(API_SIGNATURE_HEADER, API_SIGNATURE_VALUE);
    });

    server.setErrorHandler(async (err, req, reply) => {
      const apiErr = await toApiError(app, err);
      const device = DEVICE_TROUBLE[apiErr.body.error];
      if (device) {
        // The device failed or did not answer (unplugged lights are everyday life): its trouble, not
        // the API's, so not at error level, where it would page whoever runs the cloud.
        log.warn(
          {
            deviceId: (req.params as { id?: string } | undefined)?.id,
            status: apiErr.status,
            reason: apiErr.body.reason,
            cause: apiErr.body.error_description,
            route: req.routeOptions.url,
          },
          device,
        );
      } else if (apiErr.status >= 500) {
        log.error(
          { err, status: apiErr.status, route: req.routeOptions.url },
          'resource API failure (no unlink risk)',
        );
      } else if (apiErr.status === 401 || apiErr.status === 403) {
        log.info(
          { status: apiErr.status, reason: apiErr.body.reason ?? apiErr.body.error },
          'bearer refused',
        );
      }
      return sendError(reply, apiErr);
    });

    server.setNotFoundHandler(async (req, reply) =>
      sendError(
        reply,
        new ApiError(404, { error: 'not_found', error_description: `no route ${req.method} ${req.url}` }),
      ),
    );

    for (const route of routes) {
      const response: Record<number, unknown> = { [route.success.status]: route.success.schema };
      for (const status of errorStatuses(route)) response[status] = errorSchema;
      server.route({
        method: route.method,
        url: route.path,
        schema: {
          ...(route.params ? { params: route.params } : {}),
          ...(route.body ? { body: route.body } : {}),
          response,
        },
        // Authentication runs before the body is parsed or validated: nothing about the request is
        // judged for a caller we do not know.
        onRequest: async (req) => {
          const caller = await authenticate(app.verifier, req.headers.authorization);
          requireScope(caller, route.scope);
          callers.set(req, caller);
        },
        handler: async (req, reply) => {
          const result = await route.handler({
            app,
            caller: callers.get(req)!,
            params: (req.params ?? {}) as Record<string, string>,
            body: req.body,
          });
          return reply.code(route.success.status).header('cache-control', 'no-store').send(result);
        },
      });
    }

    const doc = openApiDocument(app.config.publicUrl, routes);
    server.get('/openapi.json', async () => doc);
  };
}

export type { ApiErrorBody };
