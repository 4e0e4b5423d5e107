// Shared by the interaction routes: CSRF check, loading the interaction once, rendering, finishing.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { InteractionResults } from 'oidc-provider';
import { securityHeaders } from '../../web/html.ts';
import type { OAuthServer } from '../server.ts';
import { errorPage, type FormContext } from '../pages.ts';
import type { pinToPublicUrl } from '../forwarding.ts';

export type Details = Awaited<ReturnType<OAuthServer['provider']['interactionDetails']>>;

export interface InteractionContext {
  server: OAuthServer;
  details: Details;
  form: FormContext;
  clientId: string;
}

export type Pin = ReturnType<typeof pinToPublicUrl>;

export function sendHtml(
  reply: FastifyReply,
  status: number,
  body: string,
  headers: Record<string, string> = {},
) {
  return reply
    .code(status)
    .headers({ ...securityHeaders(), ...headers })
    .type('text/html; charset=utf-8')
    .send(body);
}

export function sendError(reply: FastifyReply, status: number, title: string, message: string) {
  return sendHtml(reply, status, errorPage(title, message));
}

/**
 * Loads the interaction named in the URL for this browser, or answers with an error page and
 * returns undefined. With `csrf`, a POST without the token rendered for this interaction gets 403
 * before anything else happens.
 */
export async function loadInteraction(
  server: OAuthServer,
  pin: Pin,
  request: FastifyRequest<{ Params: { uid: string } }>,
  reply: FastifyReply,
  opts: { csrf: boolean },
): Promise<InteractionContext | undefined> {
  const { uid } = request.params;
  if (opts.csrf) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (!server.csrf.verify(uid, body.csrf)) {
      sendError(
        reply,
        403,
        'Form expired',
        'This form could not be verified. Go back, reload the page and try again.',
      );
      return undefined;
    }
  }
  let details: Details;
  try {
    pin(request.raw, reply.raw, request.ip);
    details = await server.provider.interactionDetails(request.raw, reply.raw);
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'SessionNotFound') {
      sendError(
        reply,
        400,
        'This sign-in has expired',
        'The sign-in page was open too long, or was opened in another browser. Start linking again from the app.',
      );
      return undefined;
    }
    throw err;
  }
  if (details.uid !== uid) {
    sendError(reply, 400, 'This sign-in has expired', 'Start linking again from the app.');
    return undefined;
  }
  const clientId = String(details.params.client_id ?? '');
  const client = await server.clients.find(clientId);
  if (!client) {
    sendError(
      reply,
      400,
      'Unknown app',
      'The app that sent you here is no longer registered with this server.',
    );
    return undefined;
  }
  return { server, details, clientId, form: { uid, csrf: server.csrf.issue(uid), clientName: client.name } };
}

/** Ends the interaction: oidc-provider answers 303 to the authorization endpoint, which then redirects to the client. */
export async function finish(
  ctx: InteractionContext,
  pin: Pin,
  request: FastifyRequest,
  reply: FastifyReply,
  result: InteractionResults,
): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  for (const [k, v] of Object.entries(securityHeaders())) res.setHeader(k, v);
  pin(request.raw, res, request.ip);
  try {
    await ctx.server.provider.interactionFinished(request.raw, res, result, {
      mergeWithLastSubmission: false,
    });
  } catch (err) {
    ctx.server.logger.error({ err: { message: (err as Error).message } }, 'could not finish an interaction');
    if (!res.headersSent) {
      res.statusCode = 503;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(
        errorPage(
          'Something went wrong',
          'My Lights could not complete the request. Please try again in a minute.',
        ),
      );
    } else res.end();
  }
}
