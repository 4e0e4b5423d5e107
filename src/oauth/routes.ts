// Every HTTP route of the authorization server. The provider's own endpoints are handed, raw, to
// oidc-provider from an onRequest hook (fastify never reads their bodies); the linking pages are
// ordinary fastify routes in interactions/.
import { Readable } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyPluginAsync, onRequestHookHandler } from 'fastify';
import formbody from '@fastify/formbody';
import type { App } from '../app.ts';
import { OAUTH_ROUTES } from './provider.ts';
import { pinToPublicUrl } from './forwarding.ts';
import type { OAuthServer } from './server.ts';
import { showRoutes } from './interactions/show.ts';
import { signInRoutes } from './interactions/sign-in.ts';
import { consentRoutes } from './interactions/consent.ts';

const DISCOVERY = '/.well-known/openid-configuration';
/** RFC 8414 metadata is the same document oidc-provider serves as its discovery document. */
const RFC8414 = '/.well-known/oauth-authorization-server';

/** Paths oidc-provider answers. Endpoints of disabled features are absent: they are 404s. */
export const PROVIDER_PATHS = [
  DISCOVERY,
  RFC8414,
  OAUTH_ROUTES.authorization,
  `${OAUTH_ROUTES.authorization}/:uid`,
  OAUTH_ROUTES.token,
  OAUTH_ROUTES.revocation,
  OAUTH_ROUTES.introspection,
  OAUTH_ROUTES.jwks,
];

const BODY_LIMIT = 56 * 1024;

function basicClientId(authorization: string | undefined): string | undefined {
  if (!authorization?.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i <= 0) return undefined;
  try {
    return decodeURIComponent(decoded.slice(0, i).replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A request whose body was read to find the client, replayed to oidc-provider as if unread. */
function replay(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = Readable.from([body], { objectMode: false }) as unknown as IncomingMessage;
  for (const key of [
    'headers',
    'rawHeaders',
    'method',
    'url',
    'httpVersion',
    'httpVersionMajor',
    'httpVersionMinor',
    'socket',
  ] as const) {
    Object.defineProperty(copy, key, { value: req[key], enumerable: true, writable: true });
  }
  Object.defineProperty(copy, 'connection', { value: req.socket });
  return copy;
}

function send(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

/**
 * The per-client limit on the token endpoint. Alexa authenticates with HTTP Basic by default, so the
 * client is known from the header; with client_secret_post the (small) body is read to find it and
 * replayed to oidc-provider.
 */
async function limitTokenRequest(
  oauth: OAuthServer,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<IncomingMessage | undefined> {
  const counter = oauth.tokenRequests;
  if (!counter || req.method !== 'POST') return req;
  let forward = req;
  let clientId = basicClientId(req.headers.authorization);
  if (!clientId) {
    const body = await readBody(req);
    if (!body) {
      send(res, 413, { error: 'invalid_request', error_description: 'request body too large' });
      return undefined;
    }
    const id = new URLSearchParams(body.toString('utf8')).get('client_id');
    clientId = id ?? undefined;
    forward = replay(req, body);
  }
  if (clientId) {
    const key = clientId.slice(0, 200);
    if (counter.hit(key) > counter.limit.max) {
      const retryAfter = counter.retryAfter(key);
      oauth.logger.warn({ clientId: key }, 'token endpoint rate limit reached');
      send(
        res,
        429,
        {
          error: 'temporarily_unavailable',
          error_description: `too many token requests; retry after ${retryAfter} s`,
        },
        { 'retry-after': String(retryAfter) },
      );
      return undefined;
    }
  }
  return forward;
}

export function oauthRoutes(app: App): FastifyPluginAsync {
  return async (server) => {
    const pin = pinToPublicUrl(app.config.publicUrl);
    const oauth = () => app.oauth.server();

    const handOver: onRequestHookHandler = async (request, reply) => {
      const theServer = await oauth();
      reply.hijack();
      const res = reply.raw;
      let req: IncomingMessage | undefined = request.raw;
      pin(req, res, request.ip);
      if (req.url?.startsWith(RFC8414)) req.url = DISCOVERY + req.url.slice(RFC8414.length);
      if (request.routeOptions.url === OAUTH_ROUTES.token) {
        req = await limitTokenRequest(theServer, req, res);
        if (!req) return;
      }
      if (request.routeOptions.url?.startsWith(OAUTH_ROUTES.authorization)) {
        res.setHeader('content-security-policy', "frame-ancestors 'none'");
        res.setHeader('x-frame-options', 'DENY');
        res.setHeader('referrer-policy', 'no-referrer');
      }
      await theServer.handle(req, res);
    };
    for (const url of PROVIDER_PATHS) {
      server.route({
        method: ['GET', 'POST', 'OPTIONS'],
        url,
        onRequest: handOver,
        handler: async () => undefined,
      });
    }

    await server.register(async (pages) => {
      await pages.register(formbody, { bodyLimit: 16 * 1024 });
      showRoutes(pages, oauth, pin);
      signInRoutes(pages, oauth, pin);
      consentRoutes(pages, oauth, pin);
    });
  };
}
